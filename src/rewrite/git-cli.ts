import { execFileSync, spawnSync } from 'node:child_process';
import { SpillkitError } from '../errors.js';

/**
 * The rewrite step drives the git CLI (git-filter-repo needs it anyway). Every call gets an argv array,
 * never a shell, and a fixed locale so output parsing does not depend on the user's language.
 * Content that may hold a secret never goes through argv: only ids, paths and file names do.
 */
export function gitEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', ...extra };
  // A GIT_DIR inherited from a hook would point every call at another repository.
  for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR']) delete env[k];
  return env;
}

export interface GitRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs git in `dir`; never throws for a non-zero exit (callers decide). */
export function gitRun(dir: string, args: string[], opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): GitRun {
  const r = spawnSync('git', ['-C', dir, ...args], {
    input: opts.input,
    env: gitEnv(opts.env),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.error) throw new SpillkitError('IO', `cannot run git: ${r.error.message}`);
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs git in `dir` and returns stdout; a failure becomes SpillkitError('IO') naming the command. */
export function git(dir: string, args: string[], opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): string {
  const r = gitRun(dir, args, opts);
  if (r.status !== 0) {
    throw new SpillkitError('IO', `git ${args[0]} failed in ${dir}: ${firstLine(r.stderr) || `exit ${r.status}`}`);
  }
  return r.stdout;
}

/** Raw bytes of one object (`git cat-file <type> <oid>`). */
export function catFile(dir: string, type: 'blob' | 'commit' | 'tag', oid: string): Buffer {
  try {
    return execFileSync('git', ['-C', dir, 'cat-file', type, oid], { env: gitEnv(), maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    throw new SpillkitError('MISSING_OBJECT', `${type} ${oid} is not in ${dir}`);
  }
}

export function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
