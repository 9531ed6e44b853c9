import { join } from 'node:path';
import { SpillkitError } from '../errors.js';
import { apiBaseUrl, makeOctokit, operatorToken, RequestError } from '../providers/github/client.js';
import type { SweepTarget } from './types.js';

export interface GithubListing {
  kind: 'org' | 'user';
  owner: string;
  /** Repositories per page (GitHub allows at most 100). */
  pageSize?: number;
  /** Root of the mirror cache: mirrors go to `<cacheRoot>/mirrors/<host>/<owner>/<repo>.git`. */
  cacheRoot: string;
  env: NodeJS.ProcessEnv;
}

interface ListedRepo {
  name: string;
  full_name: string;
  clone_url?: string;
  size?: number;
  owner?: { login?: string };
}

/** Owner and repository names become cache paths: only what GitHub itself allows, never `.` or `..`. */
const SAFE_NAME = /^[A-Za-z0-9_.-]+$/;

export interface GithubDiscovery {
  targets: SweepTarget[];
  warnings: string[];
  apiUrl: string;
}

/**
 * Every repository of an organisation (`GET /orgs/{org}/repos`, type all) or a user (`GET
 * /users/{user}/repos`, public ones: GitHub lists a user's private repositories only to that user through
 * /user/repos), through octokit's paginate, which follows the Link header. GITHUB_API_URL picks the host
 * (GitHub Enterprise: `https://host/api/v3`); GITHUB_TOKEN or GH_TOKEN authenticates, for private
 * repositories and the higher rate limit.
 */
export async function discoverGithubRepositories(listing: GithubListing): Promise<GithubDiscovery> {
  const apiUrl = apiBaseUrl(listing.env);
  const octokit = makeOctokit(apiUrl, operatorToken(listing.env));
  const perPage = Math.min(Math.max(listing.pageSize ?? 100, 1), 100);
  const what = listing.kind === 'org' ? `organisation '${listing.owner}'` : `user '${listing.owner}'`;
  let repos: ListedRepo[];
  try {
    repos = (listing.kind === 'org'
      ? await octokit.paginate('GET /orgs/{org}/repos', { org: listing.owner, type: 'all', per_page: perPage })
      : await octokit.paginate('GET /users/{username}/repos', { username: listing.owner, type: 'owner', per_page: perPage })) as ListedRepo[];
  } catch (e) {
    throw listingError(e, what, apiUrl);
  }

  const host = cacheHost(apiUrl);
  const targets: SweepTarget[] = [];
  const warnings: string[] = [];
  for (const repo of repos) {
    const owner = repo.owner?.login ?? listing.owner;
    if (!SAFE_NAME.test(owner) || !SAFE_NAME.test(repo.name) || /^\.\.?$/.test(owner) || /^\.\.?$/.test(repo.name)) {
      warnings.push(`repository '${repo.full_name}' has a name spillkit will not use as a path; not swept`);
      continue;
    }
    if (!repo.clone_url) {
      warnings.push(`repository '${repo.full_name}' has no clone_url; not swept`);
      continue;
    }
    targets.push({
      name: `${owner}/${repo.name}`,
      source: repo.clone_url,
      mirror: { cloneUrl: repo.clone_url, path: join(listing.cacheRoot, 'mirrors', host, owner, `${repo.name}.git`) },
      ...(typeof repo.size === 'number' ? { reportedBytes: repo.size * 1024 } : {}),
    });
  }
  targets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { targets, warnings, apiUrl };
}

/** `https://api.github.com` -> `github.com`; `http://127.0.0.1:8080/api/v3` -> `127.0.0.1_8080`. */
export function cacheHost(apiUrl: string): string {
  const url = new URL(apiUrl);
  return url.host.replace(/^api\./, '').replace(/[^A-Za-z0-9._-]/g, '_');
}

function listingError(e: unknown, what: string, apiUrl: string): SpillkitError {
  if (e instanceof RequestError) {
    if (e.status === 404) return new SpillkitError('USAGE', `GitHub ${what} not found at ${apiUrl}`);
    if (e.status === 401) return new SpillkitError('IO', `GitHub refused the token in GITHUB_TOKEN/GH_TOKEN (401) while listing the ${what}`);
    return new SpillkitError('IO', `cannot list the repositories of GitHub ${what} at ${apiUrl}: ${e.status ? `HTTP ${e.status}: ` : ''}${e.message}`);
  }
  return new SpillkitError('IO', `cannot list the repositories of GitHub ${what} at ${apiUrl}: ${(e as Error).message}`);
}
