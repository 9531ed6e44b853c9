import type { ProviderContext } from '../contract.js';
import { apiBaseUrl, callGithub, makeOctokit, operatorToken, type GithubTuning } from './client.js';
import { parseRepoSlug } from './repo-ref.js';

/**
 * After a revocation, GitHub's own secret-scanning alerts for the same token are closed as "revoked",
 * so the security tab tells the same story as the incident. The repository is SPILLKIT_GITHUB_REPO
 * (owner/repo, which the CLI derives from `origin`); the calls use the operator's token. Alerts are
 * matched by comparing their `secret` with the leaked token in memory; neither is ever logged.
 */
export interface AlertSweep {
  /** Numbers of the alerts resolved (or, in a dry run, that would be). */
  resolved: number[];
  /** One line for the action text: what was done or why nothing was. */
  summary: string;
}

interface SecretScanningAlert {
  number: number;
  state: string;
  secret?: string;
}

export async function resolveMatchingAlerts(token: string, ctx: ProviderContext, tuning: GithubTuning): Promise<AlertSweep> {
  const target = parseRepoSlug(ctx.env.SPILLKIT_GITHUB_REPO);
  if (!target) return { resolved: [], summary: 'secret-scanning alerts not checked (set SPILLKIT_GITHUB_REPO=owner/repo)' };
  const auth = operatorToken(ctx.env);
  if (!auth) return { resolved: [], summary: `secret-scanning alerts of ${target.owner}/${target.repo} not checked (no GITHUB_TOKEN or GH_TOKEN)` };
  const octokit = makeOctokit(apiBaseUrl(ctx.env), auth, tuning);
  const secrets = [token, auth];
  const where = `${target.owner}/${target.repo}`;

  const listed = await callGithub<SecretScanningAlert[]>(ctx, 'GET /repos/{owner}/{repo}/secret-scanning/alerts', secrets, async () => {
    const data = await octokit.paginate('GET /repos/{owner}/{repo}/secret-scanning/alerts', { ...target, state: 'open', per_page: 100 });
    return { status: 200, headers: {}, data: data as SecretScanningAlert[] };
  }, { repo: where });
  if (!listed.ok) return { resolved: [], summary: `secret-scanning alerts of ${where} not read (${listed.failure.code}: ${listed.failure.message})` };

  const matching = listed.response.data.filter((alert) => alert.state === 'open' && alert.secret === token).map((alert) => alert.number);
  if (matching.length === 0) return { resolved: [], summary: `no open secret-scanning alert in ${where} holds this token` };
  if (ctx.dryRun) return { resolved: matching, summary: `would resolve secret-scanning alert(s) ${numbers(matching)} in ${where} as revoked` };

  const resolved: number[] = [];
  const problems: string[] = [];
  for (const number of matching) {
    const patched = await callGithub(ctx, 'PATCH /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}', secrets, () =>
      octokit.request('PATCH /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}', {
        ...target,
        alert_number: number,
        state: 'resolved',
        resolution: 'revoked',
        resolution_comment: 'Revoked by spillkit during incident response.',
      }),
    { repo: where, alert: number });
    if (patched.ok) resolved.push(number);
    else problems.push(`#${number}: ${patched.failure.code}`);
  }
  const done = resolved.length ? `resolved secret-scanning alert(s) ${numbers(resolved)} in ${where} as revoked` : '';
  const failed = problems.length ? `could not resolve ${problems.join(', ')}` : '';
  return { resolved, summary: [done, failed].filter(Boolean).join('; ') };
}

const numbers = (list: number[]): string => list.map((n) => `#${n}`).join(', ');
