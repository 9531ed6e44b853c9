import { resolve } from 'node:path';
import { isSpillkitError } from '../../errors.js';
import { loadBaseline } from '../../scan/baseline.js';
import { createDetector, defaultBaselinePath } from '../detector.js';
import { gitText, headCommit, worktreeRoot, type GitTarget } from '../git.js';
import { checkBaselineFresh } from './baseline-fresh.js';
import { checkEnvExample } from './env-example.js';
import { checkEnvIgnored } from './env-ignored.js';
import { checkHeadSecrets } from './head-secrets.js';
import { checkHookInstalled } from './hook-installed.js';
import { checkSecretFiles } from './secret-files.js';
import type { AuditContext, CheckResult } from './types.js';

export interface AuditOptions {
  target: GitTarget;
  configPath?: string;
  baselinePath?: string;
}

export interface AuditResult {
  worktree: string;
  checks: CheckResult[];
  passed: boolean;
}

/** Runs every check, in the order of the table. */
export function runAudit(opts: AuditOptions): AuditResult {
  const worktree = worktreeRoot(opts.target);
  const baselineFile = opts.baselinePath !== undefined ? resolve(opts.baselinePath) : defaultBaselinePath(worktree);
  // A baseline that does not load is one failed row, not an aborted audit.
  let baselineError: string | null = null;
  if (baselineFile !== null) {
    try {
      loadBaseline(baselineFile);
    } catch (e) {
      if (!isSpillkitError(e)) throw e;
      baselineError = e.message;
    }
  }
  const ctx: AuditContext = {
    target: opts.target,
    worktree,
    head: headCommit(opts.target),
    tracked: gitText(opts.target, ['ls-files', '-z', '--full-name', '--', ':/']).split('\0').filter(Boolean),
    detector: createDetector({ worktree, configPath: opts.configPath, baselinePath: baselineError === null ? baselineFile : null }),
    baselineFile,
  };
  const checks = [
    checkEnvIgnored(ctx),
    checkSecretFiles(ctx),
    checkEnvExample(ctx),
    checkHookInstalled(ctx),
    checkHeadSecrets(ctx),
    checkBaselineFresh(ctx, baselineError),
  ];
  return { worktree, checks, passed: checks.every((c) => c.status !== 'fail') };
}
