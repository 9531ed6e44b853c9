import { SpillkitError } from '../errors.js';
import { apiBaseUrl, makeOctokit, operatorToken, RequestError } from '../providers/github/client.js';
import type { GithubRepoRef } from '../providers/github/repo-ref.js';
import { commitId, isObject, posInt, str } from './report-input.js';
import type { ImportEntry } from './types.js';

export type AlertScope = { kind: 'repo'; owner: string; repo: string } | { kind: 'org'; org: string };
export type AlertState = 'open' | 'resolved' | 'all';

export interface AlertImportOptions {
  scope: AlertScope;
  env: NodeJS.ProcessEnv;
  state: AlertState;
  /** The GitHub repository the local one is (from `origin`), when known: an org's other repositories' alerts are not looked up. */
  thisRepo: GithubRepoRef | null;
  /** Alerts per page (GitHub allows at most 100). */
  pageSize?: number;
}

/**
 * GitHub's secret-scanning alerts as import entries: `GET /repos/{owner}/{repo}/secret-scanning/alerts`
 * or `GET /orgs/{org}/secret-scanning/alerts`, then each alert's `.../alerts/{n}/locations`, every
 * list paginated through its Link header (octokit's paginate). One entry per location; a location
 * that is not a file in a commit (an issue, a pull request's text, a wiki) is kept as one that cannot
 * be located. GITHUB_API_URL picks the host; the operator's GITHUB_TOKEN/GH_TOKEN authenticates. The
 * alert's `secret` only confirms the place, in memory: it is never stored, printed or journaled.
 */
export async function fetchAlertEntries(opts: AlertImportOptions): Promise<ImportEntry[]> {
  const apiUrl = apiBaseUrl(opts.env);
  const token = operatorToken(opts.env);
  if (!token) throw new SpillkitError('USAGE', 'importing GitHub secret-scanning alerts needs the operator\'s token in GITHUB_TOKEN or GH_TOKEN');
  const octokit = makeOctokit(apiUrl, token);
  const perPage = Math.min(Math.max(opts.pageSize ?? 100, 1), 100);
  const state = opts.state === 'all' ? {} : { state: opts.state };
  const what = opts.scope.kind === 'repo' ? `repository ${opts.scope.owner}/${opts.scope.repo}` : `organisation ${opts.scope.org}`;
  let alerts: unknown[];
  try {
    alerts = opts.scope.kind === 'repo'
      ? await octokit.paginate('GET /repos/{owner}/{repo}/secret-scanning/alerts', { owner: opts.scope.owner, repo: opts.scope.repo, per_page: perPage, ...state })
      : await octokit.paginate('GET /orgs/{org}/secret-scanning/alerts', { org: opts.scope.org, per_page: perPage, ...state });
  } catch (e) {
    throw apiError(e, `the secret-scanning alerts of ${what}`, apiUrl);
  }

  const entries: ImportEntry[] = [];
  for (const alert of alerts) {
    if (!isObject(alert) || posInt(alert.number) === null) continue;
    const number = posInt(alert.number)!;
    const full = opts.scope.kind === 'repo' ? `${opts.scope.owner}/${opts.scope.repo}` : repoOf(alert);
    const base: Omit<ImportEntry, 'index'> = {
      tool: 'github',
      rule: str(alert.secret_type) ?? 'unknown',
      alert: `${full ?? '?'}#${number}`,
      path: null,
      commit: null,
      line: null,
      column: null,
      secret: str(alert.secret),
    };
    if (full === null) {
      entries.push({ ...base, index: entries.length, unlocatable: 'the alert names no repository' });
      continue;
    }
    const [owner, repo] = full.split('/');
    if (opts.scope.kind === 'org' && opts.thisRepo && full.toLowerCase() !== `${opts.thisRepo.owner}/${opts.thisRepo.repo}`.toLowerCase()) {
      entries.push({ ...base, index: entries.length, unlocatable: `alert of repository ${full}, not of this one (${opts.thisRepo.owner}/${opts.thisRepo.repo})` });
      continue;
    }
    let locations: unknown[];
    try {
      locations = await octokit.paginate('GET /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}/locations', { owner, repo, alert_number: number, per_page: perPage });
    } catch (e) {
      throw apiError(e, `the locations of alert ${full}#${number}`, apiUrl);
    }
    if (locations.length === 0) entries.push({ ...base, index: entries.length, unlocatable: 'GitHub lists no location for the alert' });
    for (const loc of locations) {
      const type = isObject(loc) ? str(loc.type) : null;
      const details = isObject(loc) && isObject(loc.details) ? loc.details : {};
      if (type !== 'commit') {
        entries.push({ ...base, index: entries.length, unlocatable: `GitHub location of type ${type ?? 'unknown'}, not a file in a commit` });
        continue;
      }
      entries.push({
        ...base,
        index: entries.length,
        path: str(details.path),
        commit: commitId(details.commit_sha),
        line: posInt(details.start_line),
        column: posInt(details.start_column),
      });
    }
  }
  return entries;
}

function repoOf(alert: Record<string, unknown>): string | null {
  const r = alert.repository;
  if (!isObject(r)) return null;
  const full = str(r.full_name);
  return full && /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(full) ? full : null;
}

function apiError(e: unknown, what: string, apiUrl: string): SpillkitError {
  if (e instanceof RequestError) {
    if (e.status === 404) return new SpillkitError('USAGE', `GitHub answered 404 for ${what} at ${apiUrl} (no such repository or organisation, secret scanning off, or the token cannot see it)`);
    if (e.status === 401) return new SpillkitError('IO', `GitHub refused the token in GITHUB_TOKEN/GH_TOKEN (401) while reading ${what}`);
    return new SpillkitError('IO', `cannot read ${what} at ${apiUrl}: HTTP ${e.status}: ${e.message}`);
  }
  return new SpillkitError('IO', `cannot read ${what} at ${apiUrl}: ${(e as Error).message}`);
}
