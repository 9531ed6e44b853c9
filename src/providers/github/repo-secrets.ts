import sodium from 'libsodium-wrappers';
import { SpillkitError } from '../../errors.js';
import { attemptTimeout, classifyError, makeOctokit, scrub, type GithubTuning, type Octokit } from './client.js';

/**
 * A repository's sealed secret stores: Actions secrets, an environment's secrets and Dependabot
 * secrets. All three take a value only sealed (libsodium sealed box) to the store's own public key, so
 * the value never travels or rests in clear text, and all three show a secret's name and dates (never
 * its value) for the read-back after a write.
 */
export type SecretStore =
  | { scope: 'actions' }
  | { scope: 'environment'; environment: string }
  | { scope: 'dependabot' };

export interface RepoSecretTarget {
  /** API base, e.g. https://api.github.com or http://ghes/api/v3. */
  baseUrl: string;
  /** The operator's token (repo scope, or a fine-grained token with Secrets / Environments / Dependabot secrets: write). */
  token: string;
  owner: string;
  repo: string;
  store: SecretStore;
  env?: NodeJS.ProcessEnv;
  tuning?: GithubTuning;
}

export interface SecretMeta {
  name: string;
  created_at: string;
  updated_at: string;
}

interface PublicKey {
  key_id: string;
  key: string;
}

// GitHub's naming rules for secrets: letters, digits and underscores, not starting with a digit or GITHUB_.
const SECRET_NAME = /^(?!GITHUB_)[A-Za-z_][A-Za-z0-9_]*$/i;

const STORE_TITLES = { actions: 'Actions secret', environment: 'environment secret', dependabot: 'Dependabot secret' } as const;
const KEY_TITLES = { actions: 'Actions', environment: 'environment', dependabot: 'Dependabot' } as const;

export function storeTitle(store: SecretStore): string {
  return store.scope === 'environment' ? `environment '${store.environment}' secret` : STORE_TITLES[store.scope];
}

export function assertSecretName(name: string): void {
  if (!SECRET_NAME.test(name)) {
    throw new SpillkitError('USAGE', `'${name}' is not a valid GitHub secret name (letters, digits, _; not starting with a digit or GITHUB_)`);
  }
}

/** The route prefix of a store, as octokit templates it (path parameters are encoded by octokit). */
function prefix(store: SecretStore): string {
  if (store.scope === 'environment') return '/repos/{owner}/{repo}/environments/{environment_name}/secrets';
  return `/repos/{owner}/{repo}/${store.scope}/secrets`;
}

function params(t: RepoSecretTarget): Record<string, string> {
  return { owner: t.owner, repo: t.repo, ...(t.store.scope === 'environment' ? { environment_name: t.store.environment } : {}) };
}

function client(t: RepoSecretTarget): { octokit: Octokit; request: { fetch: typeof fetch } } {
  return { octokit: makeOctokit(t.baseUrl.replace(/\/+$/, ''), t.token, t.tuning), request: attemptTimeout(t.env ?? {}) };
}

function where(t: RepoSecretTarget): string {
  return t.store.scope === 'environment' ? `${t.owner}/${t.repo} environment '${t.store.environment}'` : `${t.owner}/${t.repo}`;
}

/** The store's public key: also the check that the repository (and environment) exist and the token may use them. */
export async function readPublicKey(t: RepoSecretTarget): Promise<PublicKey> {
  const { octokit, request } = client(t);
  try {
    const response = await octokit.request(`GET ${prefix(t.store)}/public-key`, { ...params(t), request });
    return response.data as PublicKey;
  } catch (error) {
    throw failed(`could not read the ${KEY_TITLES[t.store.scope]} public key of ${where(t)}`, error, [t.token]);
  }
}

/** Seals and stores one value; `created` is true when GitHub created the secret (201), false when it replaced one (204). */
export async function putRepoSecret(t: RepoSecretTarget, name: string, value: string, publicKey?: PublicKey): Promise<{ created: boolean; keyId: string }> {
  assertSecretName(name);
  const key = publicKey ?? (await readPublicKey(t));
  const encrypted = await sealForGithub(value, key.key);
  const { octokit, request } = client(t);
  try {
    const response = await octokit.request(`PUT ${prefix(t.store)}/{secret_name}`, { ...params(t), secret_name: name, encrypted_value: encrypted, key_id: key.key_id, request });
    return { created: response.status === 201, keyId: key.key_id };
  } catch (error) {
    throw failed(`could not store the ${storeTitle(t.store)} ${name} in ${where(t)}`, error, [t.token, value]);
  }
}

/** A secret's name and dates, never its value; null when it does not exist. */
export async function readSecretMeta(t: RepoSecretTarget, name: string): Promise<SecretMeta | null> {
  const { octokit, request } = client(t);
  try {
    const response = await octokit.request(`GET ${prefix(t.store)}/{secret_name}`, { ...params(t), secret_name: name, request });
    const data = response.data as SecretMeta;
    return { name: data.name, created_at: data.created_at, updated_at: data.updated_at };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw failed(`could not read back the ${storeTitle(t.store)} ${name} of ${where(t)}`, error, [t.token]);
  }
}

/** Seals `value` to a base64 Curve25519 public key; returns base64, as GitHub's API expects. */
export async function sealForGithub(value: string, publicKeyBase64: string): Promise<string> {
  await sodium.ready;
  const key = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  const sealed = sodium.crypto_box_seal(sodium.from_string(value), key);
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}

function failed(what: string, error: unknown, secrets: string[]): SpillkitError {
  const failure = classifyError(error, secrets);
  const status = failure.status === null ? 'no answer' : `HTTP ${failure.status}`;
  return new SpillkitError('IO', scrub(`${what}: ${status} ${failure.message}`, secrets), { status: failure.status, code: failure.code });
}
