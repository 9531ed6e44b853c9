import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SpillkitError } from '../errors.js';
import { openRepository, type Repository } from '../git/repo.js';
import { ScanArchive } from '../incident/scans.js';
import { openStore } from '../incident/store.js';
import type { ScanReport } from '../scan/finding.js';
import { gatherFacts } from './facts.js';
import { detectFilterRepo, type FilterRepoSupport } from './filter-repo.js';
import { planRewrite } from './plan.js';
import { absoluteUrl, lsRemote, resolveRemote } from './remote.js';
import { staleReasons } from './stale.js';
import { PULL_REQUEST_PATTERNS } from './pull-requests.js';
import type { RepoFacts, RewritePlan } from './types.js';

export { absoluteUrl, redactUrl } from './remote.js';

export interface Prepared {
  repo: Repository;
  report: ScanReport;
  facts: RepoFacts;
  support: FilterRepoSupport;
  plan: RewritePlan;
  /** Remote name -> URL as git on this machine can reach it (relative paths made absolute). */
  remoteUrls: Record<string, string>;
}

export interface PrepareOptions {
  path: string;
  reportFile?: string;
  /** The scan itself, already in memory (a dry run's triaged scan); wins over reportFile. */
  report?: ScanReport;
  replacementStyle?: 'rule' | 'plain';
  now?: Date;
  /**
   * Ask this remote (`git ls-remote`) which pull-request refs it serves, so the plan counts the pull
   * requests the rewrite breaks. A network call: only when the user asks (`plan-rewrite --query-remote`).
   */
  queryRemote?: { remote?: string };
}

/**
 * Everything before the plan: open the repository, load the scan (a report file, or the store's latest
 * scan), gather the facts, refuse a stale scan, then plan. Reads only; `--dry-run` stops here.
 */
export function preparePlan(opts: PrepareOptions): Prepared {
  const repo = openRepository(opts.path);
  const report = opts.report ?? loadReport(repo, opts.reportFile);
  refuseIncompleteRefs(report);
  const facts = gatherFacts(repo, report);
  const stale = staleReasons(report, facts);
  if (stale.length) {
    const more = stale.length > 1 ? ` (and ${stale.length - 1} more)` : '';
    throw new SpillkitError('USAGE', `the scan of ${report.scannedAt} is stale: ${stale[0]}${more}; run \`spillkit scan\` again`, { reasons: stale });
  }
  if (opts.queryRemote) {
    const remote = resolveRemote(repo, opts.queryRemote.remote);
    facts.remotePullRefs = { remote: remote.name, refs: lsRemote(repo.gitdir, remote, PULL_REQUEST_PATTERNS) };
  }
  const support = detectFilterRepo(repo.gitdir);
  const plan = planRewrite({ report, facts, support, now: opts.now ?? new Date(), replacementStyle: opts.replacementStyle });
  const base = repo.worktree ?? repo.gitdir;
  const remoteUrls: Record<string, string> = {};
  for (const r of facts.remotes) remoteUrls[r.name] = absoluteUrl(r.url, base);
  return { repo, report, facts, support, plan, remoteUrls };
}

/**
 * A scan whose refs could not all be read does not know which refs carry each secret, so a plan from
 * it could leave a ref unpushed (or call a finding unreachable when it is not): refuse it.
 */
function refuseIncompleteRefs(report: ScanReport): void {
  if (report.stats?.refsComplete !== false) return;
  throw new SpillkitError(
    'INCOMPLETE_SCAN',
    `the scan of ${report.scannedAt} could not read every ref (see its warnings), so it cannot tell which refs must be rewritten; repair the refs (git fsck, packed-refs, HEAD) and run \`spillkit scan\` again`,
  );
}

function loadReport(repo: Repository, reportFile: string | undefined): ScanReport {
  const storeRoot = join(repo.commondir, 'spillkit');
  if (reportFile !== undefined) {
    // The archive's reader validates any report path and, unlike openStore, creates no directory.
    return new ScanArchive(join(storeRoot, 'scans'), () => new Date()).read(resolve(reportFile));
  }
  const latest = existsSync(storeRoot) ? openStore(repo.commondir).latestScan() : null;
  if (!latest) throw new SpillkitError('USAGE', `no saved scan for ${repo.worktree ?? repo.gitdir}: run \`spillkit scan\` first (or give --report FILE)`);
  return latest;
}
