/**
 * The blast radius of a leaked GitHub token, read with the token itself: the probe of user-probe.ts
 * (owner, classic scopes from X-OAuth-Scopes, expiry from github-authentication-token-expiration), then
 * the organisations it sees (`GET /user/orgs`) and how many repositories it reaches and whether any is
 * private (`GET /user/repos?per_page=1`, counted from the Link header's last page; the same with
 * `visibility=private`). An installation token lists its repositories instead. Fine-grained and app
 * tokens carry permissions the API does not list: the analysis says so rather than guess.
 */
import { emptyAnalysis, gapLine, listed, MAX_LISTED } from '../analysis.js';
import { refused, unknown, type Analysis, type Credential, type Outcome, type ProviderContext, type Risk } from '../contract.js';
import { apiBaseUrl, attemptTimeout, callGithub, header, makeOctokit, type CallResponse, type GithubTuning } from './client.js';
import { canCallApi, githubTokenKind, KIND_TITLES, type GithubTokenKind } from './token-kind.js';
import { probeToken } from './user-probe.js';
import { webBaseUrl } from './web-pages.js';

/** Classic scopes that control an organisation, an enterprise or the instance, or destroy repositories. */
const ADMIN_SCOPES = ['admin:org', 'admin:enterprise', 'site_admin', 'delete_repo'];
/** Classic scopes that change something: push, workflows, packages, keys, hooks, gists, profile. */
const WRITE_SCOPE = /^(?:repo|public_repo|workflow|write:|admin:|delete_repo|gist|user$|codespace|project$)/;

interface RepoCount {
  total: number;
  private: number;
}

/** The page number in `rel="last"` of a Link header: with per_page=1, the number of items. */
export function lastPage(link: string | undefined): number | null {
  const last = (link ?? '').split(',').find((part) => /rel="last"/.test(part));
  const page = last ? /[?&]page=(\d+)/.exec(last) : null;
  return page ? Number(page[1]) : null;
}

const countOf = (res: CallResponse<unknown[]>): number => lastPage(header(res, 'link')) ?? res.data.length;

function riskOf(kind: GithubTokenKind, scopes: string[], repos: RepoCount | null): Risk {
  const classic = kind === 'classic-pat' || kind === 'oauth';
  if (classic && scopes.some((s) => ADMIN_SCOPES.includes(s))) return 'critical';
  if (classic && scopes.some((s) => WRITE_SCOPE.test(s))) return 'high';
  if (!classic) return repos === null || repos.private > 0 ? 'high' : 'medium';
  return repos !== null && repos.private > 0 ? 'medium' : 'low';
}

async function userReach(cred: Credential, ctx: ProviderContext, tuning: GithubTuning, gaps: string[]): Promise<{ orgs: string[]; repos: RepoCount | null }> {
  const octokit = makeOctokit(apiBaseUrl(ctx.env), cred.secret, tuning);
  const request = attemptTimeout(ctx.env);
  const secrets = [cred.secret];
  const orgs = await callGithub<{ login: string }[]>(ctx, 'GET /user/orgs', secrets, () => octokit.request('GET /user/orgs', { per_page: 100, request }));
  if (!orgs.ok) gaps.push(gapLine('organisations', { state: orgs.failure.state, code: orgs.failure.code, message: orgs.failure.message }));
  const all = await callGithub<unknown[]>(ctx, 'GET /user/repos', secrets, () => octokit.request('GET /user/repos', { per_page: 1, request }));
  const hidden = all.ok
    ? await callGithub<unknown[]>(ctx, 'GET /user/repos?visibility=private', secrets, () => octokit.request('GET /user/repos', { per_page: 1, visibility: 'private', request }))
    : null;
  let repos: RepoCount | null = null;
  if (!all.ok) gaps.push(gapLine('repositories', { state: all.failure.state, code: all.failure.code, message: all.failure.message }));
  else if (hidden && !hidden.ok) gaps.push(gapLine('private repositories', { state: hidden.failure.state, code: hidden.failure.code, message: hidden.failure.message }));
  else if (hidden?.ok) repos = { total: countOf(all.response), private: countOf(hidden.response) };
  return { orgs: orgs.ok ? orgs.response.data.map((o) => o.login) : [], repos };
}

interface InstallationRepos {
  total_count: number;
  repositories: { full_name: string; private: boolean }[];
}

async function installationReach(cred: Credential, ctx: ProviderContext, tuning: GithubTuning, gaps: string[]): Promise<{ names: string[]; repos: RepoCount | null }> {
  const octokit = makeOctokit(apiBaseUrl(ctx.env), cred.secret, tuning);
  const listing = await callGithub<InstallationRepos>(ctx, 'GET /installation/repositories', [cred.secret], () =>
    octokit.request('GET /installation/repositories', { per_page: 100, request: attemptTimeout(ctx.env) }),
  );
  if (!listing.ok) {
    gaps.push(gapLine('installation repositories', { state: listing.failure.state, code: listing.failure.code, message: listing.failure.message }));
    return { names: [], repos: null };
  }
  const { total_count: total, repositories } = listing.response.data;
  if (total > repositories.length) gaps.push(`private repositories counted among the first ${repositories.length} of ${total} only`);
  return { names: repositories.map((r) => r.full_name), repos: { total, private: repositories.filter((r) => r.private).length } };
}

export async function analyzeGithubToken(cred: Credential, ctx: ProviderContext, tuning: GithubTuning): Promise<Outcome<Analysis>> {
  const kind = githubTokenKind(cred);
  if (!canCallApi(kind)) return unknown('not-checkable', `a ${KIND_TITLES[kind]} cannot call the API: spillkit cannot read what it reaches`);
  const probe = await probeToken(cred.secret, kind, ctx, tuning, [cred.secret]);
  if (probe.state === 'failed') return { state: probe.failure.state, code: probe.failure.code, message: probe.failure.message };
  if (probe.state === 'dead') return refused('bad-credentials', `not live: ${probe.detail}`);
  const gaps: string[] = [];
  const installation = probe.via === 'GET /installation/repositories';
  const classic = kind === 'classic-pat' || kind === 'oauth';
  const reach = installation ? { orgs: [], ...(await installationReach(cred, ctx, tuning, gaps)) } : { names: [], ...(await userReach(cred, ctx, tuning, gaps)) };
  const admin = classic ? probe.scopes.filter((s) => ADMIN_SCOPES.includes(s)) : [];
  const summary = [
    `owner: ${probe.owner} (${probe.ownerType})`,
    classic ? `scopes: ${probe.scopes.length ? probe.scopes.join(', ') : 'none (public data only)'}` : 'permissions: not listed by the API for this kind of token: check it on its settings page',
    classic ? `admin: ${admin.length ? `yes (${admin.join(', ')})` : 'no'}` : 'admin: unknown',
    ...(reach.orgs.length ? [`organisations: ${listed(reach.orgs)}`] : []),
    ...(reach.repos ? [`repositories: ${reach.repos.total} reachable, ${reach.repos.private} private`] : []),
  ];
  const value: Analysis = {
    ...emptyAnalysis(KIND_TITLES[kind]),
    principal: probe.owner,
    account: new URL(webBaseUrl(apiBaseUrl(ctx.env))).host,
    summary,
    permissions: {
      admin: classic ? admin.length > 0 : null,
      write: classic ? probe.scopes.some((s) => WRITE_SCOPE.test(s)) : null,
      grants: probe.scopes,
      wildcards: [],
      services: [...new Set(probe.scopes.map((s) => s.split(':').pop() ?? s))].sort(),
    },
    resources: {
      items: [...reach.orgs.map((o) => `organisation ${o}`), ...reach.names.map((n) => `repository ${n}`)].slice(0, MAX_LISTED),
      counts: reach.repos ? [{ kind: 'repositories', count: reach.repos.total }, { kind: 'private repositories', count: reach.repos.private }] : [],
    },
    expiresAt: probe.expiration,
    risk: riskOf(kind, probe.scopes, reach.repos),
    gaps,
  };
  return { state: 'ok', value };
}
