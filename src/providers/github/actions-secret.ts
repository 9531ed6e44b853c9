import sodium from 'libsodium-wrappers';
import { SpillkitError } from '../../errors.js';
import { classifyError, makeOctokit, scrub, type GithubTuning } from './client.js';

/**
 * Stores a value as a GitHub Actions repository secret. GitHub only accepts it sealed to the
 * repository's public key (libsodium sealed box), so the value never travels or rests in clear text.
 * Used by `--to-github-secret OWNER/REPO:NAME` for any provider's rotated credential.
 */
export interface ActionsSecretTarget {
  /** API base, e.g. https://api.github.com or http://ghes/api/v3. */
  baseUrl: string;
  /** The operator's token (repo scope, or a fine-grained token with Secrets: write). */
  token: string;
  owner: string;
  repo: string;
  name: string;
  value: string;
  tuning?: GithubTuning;
}

export interface ActionsSecretResult {
  /** True when GitHub created the secret (201), false when it replaced an existing one (204). */
  created: boolean;
  keyId: string;
}

interface RepoPublicKey {
  key_id: string;
  key: string;
}

// GitHub's naming rules for secrets: letters, digits and underscores, not starting with a digit or GITHUB_.
const SECRET_NAME = /^(?!GITHUB_)[A-Za-z_][A-Za-z0-9_]*$/i;

export async function putActionsSecret(target: ActionsSecretTarget): Promise<ActionsSecretResult> {
  const { owner, repo, name, value } = target;
  if (!SECRET_NAME.test(name)) {
    throw new SpillkitError('USAGE', `'${name}' is not a valid GitHub Actions secret name (letters, digits, _; not starting with a digit or GITHUB_)`);
  }
  const octokit = makeOctokit(target.baseUrl.replace(/\/+$/, ''), target.token, target.tuning);
  const secrets = [target.token, value];
  const where = `${owner}/${repo}`;
  let publicKey: RepoPublicKey;
  try {
    const response = await octokit.request('GET /repos/{owner}/{repo}/actions/secrets/public-key', { owner, repo });
    publicKey = response.data;
  } catch (error) {
    throw failed(`could not read the Actions public key of ${where}`, error, secrets);
  }
  const encrypted = await sealForGithub(value, publicKey.key);
  try {
    const response = await octokit.request('PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}', {
      owner,
      repo,
      secret_name: name,
      encrypted_value: encrypted,
      key_id: publicKey.key_id,
    });
    return { created: response.status === 201, keyId: publicKey.key_id };
  } catch (error) {
    throw failed(`could not store the Actions secret ${name} in ${where}`, error, secrets);
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
