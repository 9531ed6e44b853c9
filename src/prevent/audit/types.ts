import type { Detector } from '../detector.js';
import type { GitTarget } from '../git.js';

/**
 * `spillkit audit`: one module per hygiene check, each a function of the shared context that returns
 * one row of the table. `skip` means the check does not apply (no commit yet, no baseline): it does not
 * fail the audit.
 */
export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  /** Stable id for machines: `env-ignored`, `no-secret-files-tracked`, ... */
  check: string;
  title: string;
  status: CheckStatus;
  detail: string;
  /** What to do about it; null when there is nothing to do. */
  fix: string | null;
}

export interface AuditContext {
  target: GitTarget;
  worktree: string;
  head: string | null;
  /** Paths in the index (what the next commit tracks), `/`-separated. */
  tracked: string[];
  /** The rule engine with the repository's config and the baseline (when it loads). */
  detector: Detector;
  /** The baseline file in use (`--baseline` or `.spillkit-baseline.json`), or null. */
  baselineFile: string | null;
}

export type Check = (ctx: AuditContext) => CheckResult;

/** Lists at most `max` items, then how many more. */
export function listSome(items: string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
