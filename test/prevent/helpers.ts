/**
 * Runs the prevention commands as a user (or git) would: a separate node process, an isolated HOME,
 * a captured exit code and output. Until src/cli/main.ts dispatches protect/hook/audit, the commands run
 * through spillkit-shim.mjs; as soon as bin/spillkit.js knows them, the real executable is used.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyHookPlan, hooksDirectory, inspectHooks, planHookInstall } from '../../src/prevent/hook.js';
import { BIN } from '../helpers/run-cli.js';
import { gitEnv, type FileContent, type Repo } from '../helpers/repo-builder.js';

const SHIM = join(dirname(fileURLToPath(import.meta.url)), 'spillkit-shim.mjs');

let wired: boolean | undefined;

/** bin/spillkit.js when it runs `protect`, else the shim. */
export function spillkitEntry(): string {
  if (wired === undefined) wired = spawnSync(process.execPath, [BIN, 'protect', '--help'], { env: gitEnv() }).status === 0;
  return wired ? BIN : SHIM;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function runPrevent(args: string[], opts: { cwd: string; env?: Record<string, string> }): Run {
  const r = spawnSync(process.execPath, [spillkitEntry(), ...args], {
    cwd: opts.cwd,
    env: gitEnv({ NO_COLOR: '1', LANG: 'C.UTF-8', ...opts.env }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status === null) throw new Error(`spillkit ${args.join(' ')} did not exit normally: ${r.error?.message ?? r.signal}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Writes files into the worktree (content through the file system, never argv) and stages them. */
export function stage(repo: Repo, files: Record<string, FileContent>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(repo.dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  repo.git(['add', '--', ...Object.keys(files)]);
}

/** A real `git commit` (hooks run); never throws, so a blocked commit is a result to assert on. */
export function gitCommit(repo: Repo, message: string, extra: string[] = []): Run {
  const r = spawnSync('git', ['-c', 'user.name=Ada Fixture', '-c', 'user.email=ada@fixture.test', '-c', 'commit.gpgsign=false',
    'commit', '-q', '-m', message, ...extra], { cwd: repo.dir, env: gitEnv(), encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Installs spillkit's hook. Through `spillkit hook install` once bin/spillkit.js runs protect; before
 * that, through the same planner with the shim as the CLI the hook calls.
 */
export function installHook(repo: Repo): void {
  if (spillkitEntry() === BIN) {
    const r = runPrevent(['hook', 'install'], { cwd: repo.dir });
    if (r.code !== 0) throw new Error(`hook install failed: ${r.stderr}`);
    return;
  }
  const state = inspectHooks(hooksDirectory({ dir: repo.dir }));
  applyHookPlan(planHookInstall(state, { node: process.execPath, cli: SHIM }));
}
