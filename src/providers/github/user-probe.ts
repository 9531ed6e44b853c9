import type { ProviderContext } from '../contract.js';
import { apiBaseUrl, attemptTimeout, callGithub, header, makeOctokit, type CallFailure, type GithubTuning } from './client.js';
import type { GithubTokenKind } from './token-kind.js';

/**
 * Asks GitHub who a token belongs to, authenticating with that token: GitHub has no lookup of someone
 * else's token, so the token's own `GET /user` is the only way to learn its owner. An installation
 * token has no user; `GET /installation/repositories` names the account it was installed on.
 */
export type TokenProbe =
  | { state: 'live'; owner: string; ownerType: string; scopes: string[]; expiration: string | null; via: string; detail: string }
  | { state: 'dead'; detail: string }
  | { state: 'failed'; failure: CallFailure };

interface GithubUser {
  login: string;
  type: string;
}

interface InstallationRepos {
  total_count: number;
  repositories: { full_name: string; owner: { login: string; type: string } }[];
}

export async function probeToken(token: string, kind: GithubTokenKind, ctx: ProviderContext, tuning: GithubTuning, secrets: string[]): Promise<TokenProbe> {
  const octokit = makeOctokit(apiBaseUrl(ctx.env), token, tuning);
  // No answer in time is "could not tell" (SPILLKIT_HTTP_TIMEOUT_MS), never a wait without end.
  const request = attemptTimeout(ctx.env);
  if (kind !== 'installation') {
    const user = await callGithub<GithubUser>(ctx, 'GET /user', secrets, () => octokit.request('GET /user', { request }));
    if (user.ok) {
      const expiration = header(user.response, 'github-authentication-token-expiration') ?? null;
      return {
        state: 'live',
        owner: user.response.data.login,
        ownerType: user.response.data.type,
        scopes: parseScopes(header(user.response, 'x-oauth-scopes')),
        expiration,
        via: 'GET /user',
        detail: `GET /user answered 200 for ${user.response.data.login}`,
      };
    }
    if (user.failure.status === 401) return { state: 'dead', detail: `GitHub answered 401: ${user.failure.message}` };
    // Any other 403 means GitHub accepted the token but not this route: an app token. Ask as one.
    if (!(user.failure.status === 403 && user.failure.code === 'forbidden')) return { state: 'failed', failure: user.failure };
  }
  const repos = await callGithub<InstallationRepos>(ctx, 'GET /installation/repositories', secrets, () =>
    octokit.request('GET /installation/repositories', { per_page: 1, request }),
  );
  if (!repos.ok) {
    if (repos.failure.status === 401) return { state: 'dead', detail: `GitHub answered 401: ${repos.failure.message}` };
    return { state: 'failed', failure: repos.failure };
  }
  const first = repos.response.data.repositories[0];
  return {
    state: 'live',
    owner: first?.owner.login ?? '(installation with no repositories)',
    ownerType: first?.owner.type ?? 'Installation',
    scopes: [],
    expiration: header(repos.response, 'github-authentication-token-expiration') ?? null,
    via: 'GET /installation/repositories',
    detail: `installation token with access to ${repos.response.data.total_count} repositories`,
  };
}

/** `X-OAuth-Scopes: repo, read:org` -> ['repo', 'read:org']; fine-grained tokens send none. */
export function parseScopes(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}
