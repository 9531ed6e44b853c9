import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hooksDirectory, inspectHooks } from '../hook.js';
import { HOOK_MARKER } from '../hook-script.js';
import type { AuditContext, CheckResult } from './types.js';

/** Secret scanners a pre-commit framework config may run; any one of them counts as protection. */
const FRAMEWORK_SCANNERS = ['spillkit', 'gitleaks', 'detect-secrets', 'trufflehog', 'ggshield'];

/**
 * A pre-commit hook git will run that scans staged changes: spillkit's own, another hook that runs
 * `spillkit protect` (husky, lefthook), or the pre-commit framework's with a secret scanner configured.
 */
export function checkHookInstalled(ctx: AuditContext): CheckResult {
  const base = { check: 'hook-installed', title: 'pre-commit secret hook installed' };
  const fix = 'spillkit hook install (or add the `spillkit` hook to .pre-commit-config.yaml and run `pre-commit install`)';
  const state = inspectHooks(hooksDirectory(ctx.target));
  const cur = state.current;
  if (cur === null) return { ...base, status: 'fail', detail: `no pre-commit hook in ${state.dir}`, fix };
  if (!cur.executable) return { ...base, status: 'fail', detail: `${state.hookPath} is not executable, so git skips it`, fix: `chmod +x ${state.hookPath}, or ${fix}` };
  if (cur.kind === 'spillkit') return { ...base, status: 'pass', detail: `spillkit's hook (${state.hookPath})`, fix: null };
  if (/\bspillkit(?:\.js)?["']?\s+protect\b/.test(cur.text)) return { ...base, status: 'pass', detail: `${state.hookPath} runs spillkit protect`, fix: null };
  if (cur.kind === 'pre-commit-framework') {
    // `pre-commit install` keeps a hook it replaces as pre-commit.legacy and runs it: ours still runs.
    if (readText(join(state.dir, 'pre-commit.legacy')).includes(HOOK_MARKER)) {
      return { ...base, status: 'pass', detail: "spillkit's hook, run by the pre-commit framework's hook (pre-commit.legacy)", fix: null };
    }
    const scanner = frameworkScanner(ctx.worktree);
    if (scanner) return { ...base, status: 'pass', detail: `pre-commit framework hook, running ${scanner} (.pre-commit-config.yaml)`, fix: null };
    return { ...base, status: 'fail', detail: 'the pre-commit framework hook is installed but .pre-commit-config.yaml runs no secret scanner', fix: 'add the `spillkit` hook to .pre-commit-config.yaml (see README), or spillkit hook install' };
  }
  return { ...base, status: 'fail', detail: `${state.hookPath} does not run a secret scan`, fix: 'spillkit hook install (keeps the existing hook and runs it first)' };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function frameworkScanner(worktree: string): string | null {
  const text = readText(join(worktree, '.pre-commit-config.yaml'));
  return FRAMEWORK_SCANNERS.find((id) => new RegExp(`^\\s*-?\\s*id:\\s*['"]?${id}\\b`, 'm').test(text)) ?? null;
}
