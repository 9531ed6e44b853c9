import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpillkitError } from '../errors.js';
import { worktreeRoot } from '../prevent/git.js';
import { applyHookPlan, hooksDirectory, inspectHooks, planHookInstall, planHookUninstall, type HookPlan } from '../prevent/hook.js';
import { terminalSafe } from '../report/safe-text.js';
import { parseCommandArgs } from './args.js';
import { printJson } from './output.js';

export const HOOK_HELP = `Usage: spillkit hook install|uninstall|status [PATH] [options]

install     writes the git pre-commit hook that runs \`spillkit protect --staged\` (core.hooksPath is
            honoured). An existing hook is kept: it moves to pre-commit.spillkit-chained and runs first;
            when it fails, the commit stops with its exit status. Installing again only updates the hook.
uninstall   removes spillkit's hook and puts the chained hook back.
status      says which pre-commit hook is installed.

The hook runs this node and this spillkit by absolute path, so no global install is needed.

Options:
  --dry-run   print what would be written or moved, change nothing
  --json      machine-readable result on stdout

Exit codes: 0 done, 2 usage error or failure. \`status\` exits 1 when spillkit's hook is not installed.`;

/** This installation's CLI entry point: dist/cli/hook.js -> bin/spillkit.js. */
function cliPath(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'spillkit.js');
}

export async function hookCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {}, 'hook');
  if (values.help) {
    process.stdout.write(`${HOOK_HELP}\n`);
    return 0;
  }
  const [action, path, ...extra] = positionals;
  if (action !== 'install' && action !== 'uninstall' && action !== 'status') {
    throw new SpillkitError('USAGE', `hook: say install, uninstall or status${action ? `, not '${action}'` : ''} (see \`spillkit hook --help\`)`);
  }
  if (extra.length) throw new SpillkitError('USAGE', 'hook takes one PATH (see `spillkit hook --help`)');
  const target = { dir: path ?? null };
  const worktree = worktreeRoot(target); // a clear NOT_A_REPO before anything else
  const state = inspectHooks(hooksDirectory(target));

  if (action === 'status') {
    const kind = state.current?.kind ?? 'none';
    const installed = kind === 'spillkit' && state.current!.executable;
    if (values.json) {
      printJson({ hooksDir: state.dir, hook: kind, executable: state.current?.executable ?? false, chained: state.chained, installed }, 2);
    } else {
      const what = kind === 'none' ? 'no pre-commit hook' : kind === 'spillkit' ? "spillkit's pre-commit hook" : kind === 'pre-commit-framework' ? "the pre-commit framework's hook" : 'a pre-commit hook that is not spillkit\'s';
      const notes = [state.current && !state.current.executable ? 'not executable, so git skips it' : '', state.chained ? 'a chained hook runs first' : ''].filter(Boolean);
      process.stdout.write(`${terminalSafe(state.hookPath)}: ${what}${notes.length ? ` (${notes.join('; ')})` : ''}\n`);
    }
    return installed ? 0 : 1;
  }

  const plan = action === 'install' ? planHookInstall(state, { node: process.execPath, cli: cliPath() }) : planHookUninstall(state);
  const dryRun = values['dry-run'] === true;
  if (!dryRun) applyHookPlan(plan);
  const inside = relative(worktree, state.dir);
  if (action === 'install' && !inside.startsWith('..') && !isAbsolute(inside)) {
    // core.hooksPath inside the worktree (.githooks, .husky): the file could be committed, and it names this machine's paths.
    process.stderr.write(`spillkit: warning: ${terminalSafe(state.dir)} is inside the worktree; the hook names paths of this machine, so do not commit it (a shared hook can run \`npx spillkit protect --staged\`)
`);
  }
  if (values.json) printJson(planJson(plan, action, dryRun), 2);
  else process.stdout.write(planText(plan, dryRun));
  return 0;
}

function planJson(plan: HookPlan, action: string, dryRun: boolean): unknown {
  return {
    action,
    dryRun,
    hooksDir: plan.state.dir,
    hookPath: plan.state.hookPath,
    summary: plan.summary,
    steps: plan.steps.map((s) => (s.kind === 'write' ? { kind: s.kind, path: s.path, mode: s.mode.toString(8) } : s)),
  };
}

function planText(plan: HookPlan, dryRun: boolean): string {
  if (!dryRun) return `spillkit: ${terminalSafe(plan.summary)}\n`;
  const lines = [`spillkit: dry run, nothing changed. Would have: ${terminalSafe(plan.summary)}`];
  for (const s of plan.steps) {
    if (s.kind === 'move') lines.push(`  move   ${terminalSafe(s.from)} -> ${terminalSafe(s.to)}`);
    else if (s.kind === 'remove') lines.push(`  remove ${terminalSafe(s.path)}`);
    else lines.push(`  write  ${terminalSafe(s.path)} (mode ${s.mode.toString(8)}):`, ...s.content.trimEnd().split('\n').map((l) => `    | ${terminalSafe(l)}`));
  }
  return `${lines.join('\n')}\n`;
}
