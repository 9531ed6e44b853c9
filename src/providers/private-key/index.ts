/**
 * A leaked private key: its public half is computed in process (type and SHA256 fingerprint, for
 * searching authorized_keys, certificates and git hosts). Where the repository lives on GitHub and the
 * operator's token may administer it (`GITHUB_TOKEN`), a key that is one of the repository's deploy
 * keys is found by its public half and deleted; any other key is replaced by hand (the console steps:
 * every place that trusts the public half).
 */
import { ok, refused, unknown, type Credential, type Outcome, type ProviderAdapter, type ProviderContext, type RevokeResult } from '../contract.js';
import { consoleEntryFor, manualStepFor } from '../consoles.js';
import { apiBase, callJson, rejection } from '../http.js';
import { parseRepoSlug } from '../github/repo-ref.js';
import { blobOfPublicLine, publicKeyOf, type PublicKey } from './public-key.js';

const MAX_PAGES = 10;

interface DeployKey {
  id: number;
  title: string;
  readOnly: boolean;
}

/** `provider`: the rules' family (`private-key` for PEM keys, `ssh` for OpenSSH and PuTTY keys). */
export function createPrivateKeyAdapter(provider: 'private-key' | 'ssh' = 'private-key'): ProviderAdapter {
  const entry = consoleEntryFor(provider);
  const unreadable = <T>(): Outcome<T> => unknown('unreadable-key', 'the key could not be read (encrypted PEM, PuTTY or PGP): compare fingerprints by hand with ssh-keygen -lf');
  return {
    id: provider,
    title: entry.name,
    async identify(cred) {
      const key = publicKeyOf(cred.secret);
      if (!key) return unreadable();
      return ok({ owner: null, account: null, scopes: [], keyId: key.fingerprint, details: { type: key.type, fingerprint: key.fingerprint } });
    },
    verify: async () => unknown('manual', 'a private key has no provider to ask: check where its public half is installed'),
    evidence: async () => unknown('no-api', 'check the SSH logs of the hosts that trust the key (sshd: "Accepted publickey … SHA256:…")'),
    async revoke(cred, ctx) {
      const key = publicKeyOf(cred.secret);
      if (!key) return refused('manual', 'the key could not be read: replace it by hand (see the manual steps)');
      return deleteDeployKey(key, ctx);
    },
    manualSteps: (cred) => [manualStepFor(entry, cred)],
  };
}

async function deleteDeployKey(key: PublicKey, ctx: ProviderContext): Promise<Outcome<RevokeResult>> {
  const repo = parseRepoSlug(ctx.env.SPILLKIT_GITHUB_REPO);
  const token = (ctx.env.GITHUB_TOKEN ?? ctx.env.GH_TOKEN ?? '').trim();
  const manual = `no API removes trust in a private key everywhere: replace it by hand (see the manual steps; its fingerprint is ${key.fingerprint})`;
  if (!repo || !token) return refused('manual', `${manual}; with GITHUB_TOKEN set and the repository on GitHub, spillkit deletes it where it is a deploy key`);
  const base = apiBase(ctx.env, 'GITHUB_API_URL', 'https://api.github.com');
  const path = `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.repo)}/keys`;
  const headers = { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json' };
  let found: DeployKey | null = null;
  for (let page = 1; page <= MAX_PAGES && !found; page++) {
    const answer = await callJson(ctx, { provider: 'github', call: 'GET /repos/{owner}/{repo}/keys', method: 'GET', url: `${base}${path}?per_page=100&page=${page}`, headers, idempotent: true, secrets: [token] });
    if (answer.state !== 'ok') return answer;
    if (answer.value.status !== 200) return rejection('GitHub', `GET ${path}`, answer.value, manual, [token]);
    const keys = Array.isArray(answer.value.body) ? (answer.value.body as Array<Record<string, unknown>>) : [];
    const match = keys.find((k) => typeof k.key === 'string' && blobOfPublicLine(k.key)?.equals(key.blob));
    if (match) found = { id: Number(match.id), title: String(match.title ?? ''), readOnly: match.read_only === true };
    if (keys.length < 100) break;
  }
  if (!found) return refused('manual', `the key (${key.fingerprint}) is not a deploy key of ${repo.owner}/${repo.repo}: ${manual}`);
  const what = `deploy key "${found.title}" (${found.readOnly ? 'read-only' : 'read-write'}, ${key.fingerprint}) of ${repo.owner}/${repo.repo}`;
  if (ctx.dryRun) return ok({ action: `dry run: would delete ${what} with the operator token`, reversible: false });
  const answer = await callJson(ctx, { provider: 'github', call: 'DELETE /repos/{owner}/{repo}/keys/{id}', method: 'DELETE', url: `${base}${path}/${found.id}`, headers, write: true, idempotent: true, secrets: [token] });
  if (answer.state !== 'ok') return answer;
  if (answer.value.status === 204 || answer.value.status === 404) {
    return ok({ action: `${answer.value.status === 404 ? 'already gone:' : 'deleted'} ${what}; remove its public half from anywhere else it is trusted`, reversible: false });
  }
  return rejection('GitHub', 'DELETE /repos/{owner}/{repo}/keys/{id}', answer.value, 'an administrator of the repository can delete it under Settings → Deploy keys', [token]);
}
