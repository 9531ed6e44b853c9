import { chmodSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { VERSION } from '../cli/version.js';
import { writeFileAtomic } from '../incident/private-fs.js';
import { preparePlan } from '../rewrite/prepare.js';
import { incidentFor, recordPlan, renderPlanFiles, type PlanFiles } from '../rewrite/record.js';
import type { RewritePlan } from '../rewrite/types.js';
import type { ScanReport } from '../scan/finding.js';

export interface PlanRewriteOptions {
  /** The repository (default `.`). */
  path?: string;
  /** Also write PLAN.md, rewrite.sh and rewrite-plan.json to this directory. */
  out?: string;
  /** The scan to plan from: a JSON report file or the report itself (default: the latest saved scan). */
  report?: string | ScanReport;
  /** Replacement text: `***REMOVED:<rule-id>***` (`rule`, the default) or `***REMOVED***`. */
  replacement?: 'rule' | 'plain';
  /** Plan and render only: write no file, journal nothing. */
  dryRun?: boolean;
  /** Ask this remote (`git ls-remote`, a network call) for its pull-request refs: `{}` means origin. */
  queryRemote?: { remote?: string };
}

export interface PlanRewriteResult {
  /** The plan, as `spillkit plan-rewrite --json` prints it. */
  plan: RewritePlan;
  /** The rendered files; none of them holds a secret. */
  files: PlanFiles;
  /** Every file written: in `out` (when given), then the copies in the incident. Empty in a dry run. */
  written: string[];
}

/**
 * The history-cleanup plan for a repository: which files to remove from every commit, which secrets
 * to replace, the commits and refs that change, the steps no push can do. Changes nothing in the
 * repository; the plan is saved in the open incident (one is opened if none is) unless `dryRun`.
 */
export function planRewrite(options: PlanRewriteOptions = {}): PlanRewriteResult {
  const report = options.report;
  const prepared = preparePlan({
    path: options.path ?? '.',
    ...(typeof report === 'string' ? { reportFile: report } : report ? { report } : {}),
    replacementStyle: options.replacement ?? 'rule',
    ...(options.queryRemote ? { queryRemote: options.queryRemote } : {}),
  });
  const files = renderPlanFiles(prepared.plan, VERSION, prepared.remoteUrls);
  const result: PlanRewriteResult = { plan: prepared.plan, files, written: [] };
  if (options.dryRun) return result;
  if (options.out !== undefined) {
    const out = resolve(options.out);
    mkdirSync(out, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      // Mode 0600 through a temp file and a rename, like every file spillkit writes outside the store.
      writeFileAtomic(join(out, name), content);
      result.written.push(join(out, name));
    }
    chmodSync(join(out, 'rewrite.sh'), 0o700);
  }
  const { incident, lock } = incidentFor(prepared.repo, 'plan-rewrite');
  try {
    result.written.push(...Object.values(recordPlan(incident, prepared.plan, files, 'plan-rewrite')));
  } finally {
    lock?.release();
  }
  return result;
}
