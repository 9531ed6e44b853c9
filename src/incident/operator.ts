import { execFileSync } from 'node:child_process';
import type { Operator } from './types.js';

/** Who is acting: the repository's git identity (user.name / user.email), else the login name. */
export function operatorOf(cwd: string): Operator {
  const read = (key: string): string | null => {
    try {
      const v = execFileSync('git', ['config', '--get', key], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      return v || null;
    } catch {
      return null;
    }
  };
  return { name: read('user.name') ?? process.env.USER ?? null, email: read('user.email') };
}
