import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { SpillkitError } from '../errors.js';

/**
 * How prevention talks to git: the CLI, through argv arrays and never a shell. Where a repository is
 * named explicitly (`dir`), inherited GIT_* variables are dropped so they cannot redirect the call.
 * Where it is not (`dir` null: a hook running in the repository git is committing to), they are kept:
 * git hands a pre-commit hook GIT_INDEX_FILE, and `git commit -a` or `git commit PATH` stage into a
 * temporary index that only that variable names.
 */
export interface GitTarget {
  /** Directory to run in (`git -C dir`), or null for the current directory with the inherited GIT_* env. */
  dir: string | null;
}

const REDIRECTING_VARS = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR', 'GIT_PREFIX'];

function envFor(target: GitTarget): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
  if (target.dir !== null) for (const k of REDIRECTING_VARS) delete env[k];
  return env;
}

export interface GitResult {
  status: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs git; never throws for a non-zero exit (callers decide what it means). */
export function gitRaw(target: GitTarget, args: string[], input?: string | Buffer): GitResult {
  const argv = target.dir === null ? args : ['-C', target.dir, ...args];
  const r = spawnSync('git', argv, { input, env: envFor(target), maxBuffer: 1 << 30 });
  if (r.error) throw new SpillkitError('IO', `cannot run git: ${r.error.message}`);
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

/** Runs git and returns stdout as text; a failure is SpillkitError('IO') naming the command. */
export function gitText(target: GitTarget, args: string[], input?: string | Buffer): string {
  const r = gitRaw(target, args, input);
  if (r.status !== 0) {
    const why = r.stderr.trim().split('\n')[0] || `exit ${r.status}`;
    throw new SpillkitError('IO', `git ${args[0]} failed: ${why}`);
  }
  return r.stdout.toString('utf8');
}

/** The worktree root, or NOT_A_REPO (bare repositories have nothing staged and no hygiene to audit). */
export function worktreeRoot(target: GitTarget): string {
  const r = gitRaw(target, ['rev-parse', '--show-toplevel']);
  const top = r.stdout.toString('utf8').trim();
  if (r.status !== 0 || top === '') {
    const where = target.dir ?? process.cwd();
    throw new SpillkitError('NOT_A_REPO', `${where} is not inside a git worktree (${r.stderr.trim().split('\n')[0] || 'no worktree'})`);
  }
  return top;
}

/** HEAD's commit id, or null on an unborn branch (a repository without any commit yet). */
export function headCommit(target: GitTarget): string | null {
  const r = gitRaw(target, ['rev-parse', '-q', '--verify', 'HEAD^{commit}']);
  return r.status === 0 ? r.stdout.toString('utf8').trim() : null;
}

/** The empty tree's id in this repository's hash (sha1 or sha256), computed rather than hard-coded. */
export function emptyTree(target: GitTarget): string {
  return gitText(target, ['hash-object', '-t', 'tree', '--stdin'], '').trim();
}

/** A path git resolves for us (`--git-path hooks` honours core.hooksPath and linked worktrees). */
export function gitPath(target: GitTarget, name: string): string {
  // Relative output is relative to where git ran (`--path-format=absolute` needs git 2.31).
  return resolve(target.dir ?? process.cwd(), gitText(target, ['rev-parse', '--git-path', name]).trim());
}
