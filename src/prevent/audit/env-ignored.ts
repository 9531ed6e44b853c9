import { SpillkitError } from '../../errors.js';
import { gitRaw } from '../git.js';
import type { AuditContext, CheckResult } from './types.js';

/** Names a local env file takes; each must be ignored so `git add .` cannot pick one up. */
const ENV_NAMES = ['.env', '.env.local', '.env.development', '.env.production', '.env.test'];
const EXAMPLE = '.env.example';

/**
 * `.env` and `.env.*` ignored, checked with git's own rules (`check-ignore --no-index`, so a file that
 * is tracked anyway still shows whether the ignore rule exists; tracking is the next check's job).
 */
export function checkEnvIgnored(ctx: AuditContext): CheckResult {
  const base = { check: 'env-ignored', title: '.env files ignored' };
  const ignored = ignoredOf(ctx, [...ENV_NAMES, EXAMPLE]);
  const notIgnored = ENV_NAMES.filter((n) => !ignored.has(n));
  const exampleNote = ignored.has(EXAMPLE) ? `; note: ${EXAMPLE} is ignored too, add \`!${EXAMPLE}\` so it can be committed` : '';
  if (notIgnored.length === 0) {
    return { ...base, status: 'pass', detail: `.env and .env.* are ignored${exampleNote}`, fix: null };
  }
  return {
    ...base,
    status: 'fail',
    detail: `not ignored: ${notIgnored.join(', ')}${exampleNote}`,
    fix: 'add to .gitignore: `.env`, `.env.*` and `!.env.example`',
  };
}

function ignoredOf(ctx: AuditContext, names: string[]): Set<string> {
  const r = gitRaw({ dir: ctx.worktree }, ['check-ignore', '--no-index', '-z', '--stdin'], `${names.join('\0')}\0`);
  // exit 0: some ignored, 1: none ignored, anything else: a real error
  if (r.status !== 0 && r.status !== 1) throw new SpillkitError('IO', `git check-ignore failed: ${r.stderr.trim().split('\n')[0]}`);
  return new Set(r.stdout.toString('utf8').split('\0').filter(Boolean));
}
