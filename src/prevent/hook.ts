import { existsSync, lstatSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { SpillkitError } from '../errors.js';
import { writeFileAtomic } from '../incident/private-fs.js';
import { gitPath, type GitTarget } from './git.js';
import { CHAINED_NAME, HOOK_NAME, hookKind, renderHookScript, type HookCommand, type HookKind } from './hook-script.js';

/**
 * `spillkit hook install|uninstall|status`. The planners are pure: they take what is on disk
 * (`inspectHooks`) and return the steps; `applyHookPlan` performs them. `--dry-run` prints the plan.
 */
export interface HookState {
  /** The hooks directory git uses (core.hooksPath honoured). */
  dir: string;
  hookPath: string;
  /** The current pre-commit hook: null when there is none. */
  current: { kind: HookKind; text: string; executable: boolean } | null;
  /** A hook we moved aside when installing. */
  chained: boolean;
}

export type HookStep =
  | { kind: 'move'; from: string; to: string }
  | { kind: 'write'; path: string; content: string; mode: number }
  | { kind: 'remove'; path: string };

export interface HookPlan {
  state: HookState;
  steps: HookStep[];
  /** One sentence for the user: what the steps achieve, or why there is nothing to do. */
  summary: string;
}

export function hooksDirectory(target: GitTarget): string {
  return gitPath(target, 'hooks');
}

export function inspectHooks(dir: string): HookState {
  const hookPath = join(dir, HOOK_NAME);
  let current: HookState['current'] = null;
  if (exists(hookPath)) {
    let text = '';
    try {
      text = readFileSync(hookPath, 'latin1');
    } catch {
      // a dangling symlink or an unreadable file is still someone's hook: keep it, chain it
    }
    current = { kind: hookKind(text), text, executable: isExecutable(hookPath) };
  }
  return { dir, hookPath, current, chained: exists(join(dir, CHAINED_NAME)) };
}

export function planHookInstall(state: HookState, cmd: HookCommand): HookPlan {
  const content = renderHookScript(cmd);
  const chainedPath = join(state.dir, CHAINED_NAME);
  const write: HookStep = { kind: 'write', path: state.hookPath, content, mode: 0o755 };
  const cur = state.current;
  if (cur?.kind === 'spillkit') {
    if (cur.text === content && cur.executable) return { state, steps: [], summary: `already installed at ${state.hookPath}; nothing to do` };
    return { state, steps: [write], summary: `updated the spillkit hook at ${state.hookPath}` };
  }
  if (cur === null) {
    const note = state.chained ? ` (${CHAINED_NAME}, left from an earlier install, runs first)` : '';
    return { state, steps: [write], summary: `installed the spillkit pre-commit hook at ${state.hookPath}${note}` };
  }
  if (state.chained) {
    throw new SpillkitError(
      'USAGE',
      `${state.hookPath} is not spillkit's and ${chainedPath} already exists: merge them by hand, then run \`spillkit hook install\` again`,
    );
  }
  const owner = cur.kind === 'pre-commit-framework' ? "the pre-commit framework's hook" : 'the existing hook';
  const inactive = cur.executable ? '' : ' (it is not executable, so git did not run it and the chain will not either)';
  return {
    state,
    steps: [{ kind: 'move', from: state.hookPath, to: chainedPath }, write],
    summary: `installed the spillkit pre-commit hook at ${state.hookPath}; ${owner} moved to ${chainedPath} and runs first${inactive}`,
  };
}

export function planHookUninstall(state: HookState): HookPlan {
  const chainedPath = join(state.dir, CHAINED_NAME);
  const restore: HookStep[] = state.chained ? [{ kind: 'move', from: chainedPath, to: state.hookPath }] : [];
  const restored = state.chained ? `; restored the chained hook from ${chainedPath}` : '';
  if (state.current?.kind === 'spillkit') {
    return { state, steps: [{ kind: 'remove', path: state.hookPath }, ...restore], summary: `removed the spillkit hook from ${state.hookPath}${restored}` };
  }
  if (state.current === null && state.chained) {
    return { state, steps: restore, summary: `no spillkit hook at ${state.hookPath}${restored}` };
  }
  return { state, steps: [], summary: `no spillkit hook at ${state.hookPath}; nothing to do` };
}

export function applyHookPlan(plan: HookPlan): void {
  try {
    mkdirSync(plan.state.dir, { recursive: true });
    for (const step of plan.steps) {
      if (step.kind === 'move') renameSync(step.from, step.to);
      else if (step.kind === 'remove') unlinkSync(step.path);
      else writeFileAtomic(step.path, step.content, step.mode);
    }
  } catch (e) {
    if (e instanceof SpillkitError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new SpillkitError('IO', `cannot update hooks in ${plan.state.dir}: ${err.code ?? err.message}`);
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function isExecutable(path: string): boolean {
  try {
    return existsSync(path) && (statSync(path).mode & 0o111) !== 0;
  } catch {
    return false;
  }
}
