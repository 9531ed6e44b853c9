import type { GithubTuning } from './client.js';
import { putRepoSecret } from './repo-secrets.js';

export { sealForGithub } from './repo-secrets.js';

/**
 * Stores a value as a GitHub Actions repository secret, sealed to the repository's public key
 * (repo-secrets.ts holds the three sealed stores: Actions, environments, Dependabot).
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

export function putActionsSecret(target: ActionsSecretTarget): Promise<ActionsSecretResult> {
  const { name, value, ...rest } = target;
  return putRepoSecret({ ...rest, store: { scope: 'actions' } }, name, value);
}
