import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildDemo } from '../demo/demo-repo.js';
import { SpillkitError } from '../errors.js';
import { openRepository } from '../git/repo.js';
import { openStore } from '../incident/store.js';
import { demoAdapter } from '../playbook/demo-adapters.js';
import { describePlan } from '../playbook/describe.js';
import type { FindingView, RunnerEvent, RunResult } from '../playbook/events.js';
import { builtinPlaybookIds, loadPlaybook } from '../playbook/load.js';
import { PlaybookRunner, type RunnerOptions } from '../playbook/runner.js';
import { describeDelivery } from '../playbook/steps/provider.js';
import { DELIVERY_KINDS, type Delivery } from '../providers/contract.js';
import { deliveryFromFlags } from '../providers/delivery.js';
import { canUseLeakedKey } from '../providers/leaked-key.js';
import { exposureOf } from '../playbook/exposure.js';
import { adapterFor, apiProviders } from '../providers/registry.js';
import { terminalSafe } from '../report/safe-text.js';
import { VERIFY_ONLY_ADAPTERS } from '../providers/verify-only/index.js';
import { parseCommandArgs, positiveInt } from './args.js';
import { providerEnv } from './credential.js';
import { printJson, printNote, printText } from './output.js';
import { progressPrinter } from './progress.js';
import { promptHidden } from './prompt.js';
import { VERSION } from './version.js';

export const RESPOND_HELP = `Usage: spillkit respond [PATH] [--playbook ID|FILE] [options]

Walks an incident playbook over the repository at PATH (default: .): scan, triage, revoke, rotate, plan
and apply the history rewrite, push, report. Everything is journaled in the incident store; running
\`spillkit respond\` again resumes the open incident where it stopped.

On a terminal it opens the interactive screen (step list, the step's panel, keys in the footer; ?
lists them). Without a terminal (or with --json), and without --yes, it prints the plan (each step,
why it matters, what it would do for the findings) and exits 1.

Options:
  --playbook ID|FILE   committed-secret (default), history-sweep, key-rotation, postmortem, or a .yaml file
  --yes                run the automatable steps (scan, triage confirming every finding, revoke and rotate
                       through provider APIs, plan-rewrite, report); stop at the first step that needs a person
  --dry-run            change nothing anywhere: provider read calls only, no incident written
  --demo               build a demo repository with fake leaks and a local origin in a temp dir and walk it
                       (providers in dry run; the push goes to that origin); the folder is removed at the end
  --new                open a new incident even if one is open
  --to-env-file FILE   rotate step: deliver new credentials to FILE
  --to-github-secret OWNER/REPO:NAME   rotate step: deliver as a GitHub Actions secret
  --to-…               rotate step: any other delivery target of \`spillkit rotate\` (Vault, AWS, Kubernetes, …)
  --delete-old         rotate step: delete the old credential instead of deactivating it
  --baseline FILE      where dismissed findings are appended (one fingerprint a line)
  --config FILE        scan config (.spillkit.yaml or .gitleaks.toml)
  --threads N          scan threads
  --verify             check each finding live with its provider during the scan (sends each secret
                       to its provider); live credentials come first in triage and are revoked first
  --list               list the built-in playbooks
  --json               events as JSON lines on stdout

Exit codes: 0 playbook complete, 1 a step needs you (or plan printed), 2 failure or bad input.`;

export async function respondCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    playbook: { type: 'string' },
    demo: { type: 'boolean' },
    new: { type: 'boolean' },
    ...Object.fromEntries(DELIVERY_KINDS.map((k) => [k.flag.slice(2), { type: 'string' as const }])),
    'delete-old': { type: 'boolean' },
    baseline: { type: 'string' },
    config: { type: 'string' },
    threads: { type: 'string' },
    verify: { type: 'boolean' },
    list: { type: 'boolean' },
  }, 'respond');
  if (values.help) {
    process.stdout.write(`${RESPOND_HELP}\n`);
    return 0;
  }
  if (values.list) {
    for (const id of builtinPlaybookIds()) process.stdout.write(`${id.padEnd(18)} ${loadPlaybook(id).title}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new SpillkitError('USAGE', 'respond takes one PATH (see `spillkit respond --help`)');
  if (values.demo && positionals.length) throw new SpillkitError('USAGE', '--demo builds its own repository; give no PATH');
  const targets = DELIVERY_KINDS.filter((k) => typeof (values as Record<string, unknown>)[k.flag.slice(2)] === 'string');
  if (targets.length > 1) throw new SpillkitError('USAGE', `give one delivery target, not ${targets.map((k) => k.flag).join(' and ')}`);
  const delivery: Delivery | undefined = targets.length ? deliveryFromFlags(values as Record<string, unknown>) : undefined;

  let path = positionals[0] ?? '.';
  if (values.demo) {
    const demo = buildDemo();
    path = demo.path;
    // The demo's folder (repository, origin, baseline, incident) goes when the process ends, however it ends.
    process.once('exit', () => {
      demo.remove();
      printNote(`spillkit: demo folder removed: ${demo.root}\n`);
    });
    printNote(`spillkit: demo repository with freshly generated fake leaks, pushed to a local origin: ${path}\n`);
  }
  const repo = openRepository(path);
  const common: RunnerOptions = {
    repoPath: path,
    playbook: values.playbook,
    newIncident: values.new === true,
    toolVersion: VERSION,
    threads: positiveInt(values.threads, '--threads'),
    verify: values.verify === true,
    configPath: values.config,
    baselineFile: values.baseline !== undefined ? resolve(values.baseline) : undefined,
    env: providerEnv(repo),
    rotateDelivery: delivery,
    deleteOld: values['delete-old'] === true,
  };

  const onTerminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
  if (onTerminal && !values.yes && values.json !== true) {
    return respondOnScreen(common, { dryRun: values['dry-run'] === true, demo: values.demo === true, path });
  }
  if (!values.yes && !values.demo) return printPlan(common, values.json === true, delivery);

  const runner = PlaybookRunner.open({
    ...common,
    dryRun: values['dry-run'] === true,
    providerDryRun: values.demo === true,
    // The demo walks every step (its repository is throwaway); --yes leaves history rewrites to a person.
    unattended: !values.demo,
    ...(values.demo ? demoOptions(path) : {}),
    promptHidden: !values.demo && process.stdin.isTTY ? promptHidden : undefined,
  });
  return walk(runner, { json: values.json === true, demo: values.demo === true });
}

/**
 * The interactive front end (src/tui): the same runner, driven by a person. Loaded only on a terminal,
 * so scripts never pay for React and Ink.
 */
async function respondOnScreen(common: RunnerOptions, opts: { dryRun: boolean; demo: boolean; path: string }): Promise<number> {
  const [{ runTui }, { createPromptBridge }] = await Promise.all([import('../tui/run-tui.js'), import('../tui/prompt-bridge.js')]);
  const prompts = createPromptBridge();
  // The demo offers the baseline question too, with a baseline file named after its throwaway repository.
  const baselineFile = common.baselineFile ?? (opts.demo ? join(dirname(opts.path), 'demo-baseline.txt') : undefined);
  const runner = PlaybookRunner.open({
    ...common,
    baselineFile,
    dryRun: opts.dryRun,
    providerDryRun: opts.demo,
    ...(opts.demo ? demoOptions(opts.path) : {}),
    promptHidden: opts.demo ? undefined : prompts.ask,
  });
  return runTui(runner, { baselineFile, prompts });
}

/** The demo's fake credentials never reach a provider; rotation "delivers" (in dry run) beside the repo. */
function demoOptions(path: string): Partial<RunnerOptions> {
  return {
    adapterFor: (provider, env) => demoAdapter(adapterFor(provider, env)),
    rotateDelivery: { kind: 'env-file', file: join(dirname(path), 'demo-new-credentials.env') },
  };
}

/** Non-interactive and no --yes: the plan for the findings at hand, nothing opened or changed. */
function printPlan(common: RunnerOptions, json: boolean, delivery: Delivery | undefined): number {
  const preview = PlaybookRunner.open({ ...common, dryRun: true });
  let text: string;
  let snapshot;
  try {
    snapshot = preview.snapshot();
    const latestScan = snapshot.scannedAt ? null : latestSavedScan(preview.repo.commondir);
    text = describePlan(snapshot, {
      hasRevokeApi,
      canRotate: (provider) => adapterFor(provider).rotate !== undefined,
      latestScan,
      rotateTarget: delivery ? describeDelivery(delivery) : null,
    });
  } finally {
    preview.release();
  }
  if (json) {
    printJson({ type: 'plan', state: snapshot });
  } else {
    printText(text);
    // On a terminal the screen opens instead (respondOnScreen), so this is the scripts' message.
    printText('\nNothing was changed. Pass --yes to run the automatable steps (add --dry-run to change nothing), or run `spillkit respond` on a terminal.\n');
  }
  return 1;
}

const REVOKE_APIS = new Set(apiProviders().filter((id) => !(id in VERIFY_ONLY_ADAPTERS)));
const hasRevokeApi = (provider: string): boolean => REVOKE_APIS.has(provider);

function latestSavedScan(commondir: string): { scannedAt: string; findings: FindingView[] } | null {
  if (!existsSync(join(commondir, 'spillkit'))) return null;
  const scan = openStore(commondir, { readOnly: true }).latestScan();
  if (!scan) return null;
  const tracksRemotes = scan.findings.some((f) => f.refs.some((r) => r.startsWith('refs/remotes/')));
  return {
    scannedAt: scan.scannedAt,
    findings: scan.findings.map((f) => ({
      ...f, decision: null, reason: null, revoke: null, rotate: null, revokeNote: null, rotateNote: null,
      exposure: exposureOf(f, tracksRemotes), canUseLeakedKey: canUseLeakedKey(f.provider), useLeakedKey: false, delivery: null,
    })),
  };
}

/**
 * The unattended front end: runs until the playbook is complete or a step needs a person. Its policy
 * is the brief's `--yes`: every finding confirmed, every confirmation answered yes, optional steps that
 * need a person skipped. The demo also skips what needs a person (showing it), to walk to the report.
 */
async function walk(runner: PlaybookRunner, opts: { json: boolean; demo: boolean }): Promise<number> {
  const print = opts.json ? jsonPrinter() : textPrinter(runner);
  const unsubscribe = runner.subscribe((event) => {
    print(event);
    // --yes (and the demo) is the consent for every destructive step: answer as the journal will show.
    if (event.type === 'confirm') queueMicrotask(() => runner.answer(event.id, true));
  });
  const stop = (): void => {
    runner.quit();
    process.exit(130);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let result: RunResult;
  try {
    runner.start();
    for (;;) {
      const stopped = await runner.run();
      result = stopped;
      if (stopped.status === 'finished') break;
      const step = runner.playbook.steps.find((s) => s.id === stopped.step)!;
      if (stopped.status === 'needs-user' && step.kind === 'triage') {
        if (runner.decideAll('confirmed', opts.demo ? 'confirmed in the demo' : 'confirmed by --yes (unattended run)') > 0) continue;
        break;
      }
      if (opts.demo || (stopped.status === 'needs-user' && step.optional)) {
        runner.skip(step.id, opts.demo ? `demo: ${stopped.message}` : `optional, and nobody to do it in an unattended run: ${stopped.message}`);
        continue;
      }
      break;
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    unsubscribe();
  }
  const snap = runner.snapshot();
  runner.release();
  if (!opts.json) {
    if (result.status === 'finished') {
      printText(`\nPlaybook complete; incident ${snap.incident.id} closed.${snap.dryRun ? ' (dry run: nothing was changed or written)' : ''}\n`);
    } else {
      printText(`\nStopped at step ${result.step}: ${terminalSafe(result.message)}\n`);
      if (!snap.dryRun) printText(`Everything so far is in the journal of incident ${snap.incident.id}; \`spillkit respond\` resumes here.\n`);
    }
    if (snap.incident.dir) printText(`journal: ${terminalSafe(join(snap.incident.dir, 'journal.jsonl'))}\n`);
  }
  if (result.status === 'finished') return 0;
  return result.status === 'needs-user' ? 1 : 2;
}

function jsonPrinter(): (event: RunnerEvent) => void {
  return (event) => printJson(event);
}

function textPrinter(runner: PlaybookRunner): (event: RunnerEvent) => void {
  const steps = runner.playbook.steps;
  const meter = process.stderr.isTTY ? progressPrinter(process.stderr) : null;
  let announced = false;
  const explained = new Set<string>();
  // Each line is spillkit's; what it embeds (paths, ref names, provider answers) may hold anything, so
  // each embedded text is one escaped line, and the sink escapes whatever else slips through.
  const out = (line: string): void => printText(`${line}\n`);
  return (event) => {
    if (event.type === 'state' && !announced) {
      announced = true;
      const s = event.state;
      out(`spillkit respond: ${s.playbook.title} (${s.playbook.id}) on ${terminalSafe(s.repository)}`);
      out(s.dryRun ? 'dry run: nothing will be changed or written' : `${s.incident.resumed ? 'resuming' : 'opened'} incident ${s.incident.id}${s.current ? ` at step ${s.current}` : ''}`);
      if (s.providerDryRun && !s.dryRun) out('provider steps run in dry run: read calls only');
      return;
    }
    switch (event.type) {
      case 'step-started': {
        const index = steps.findIndex((s) => s.id === event.step);
        out(`\n[${index + 1}/${steps.length}] ${terminalSafe(event.title)}`);
        if (!explained.has(event.step)) out(`    why: ${steps[index].guidance.replace(/\s+/g, ' ')}`);
        explained.add(event.step);
        break;
      }
      case 'scan-progress':
        meter?.update(event);
        break;
      case 'step-finished':
        meter?.done();
        out(`    done: ${terminalSafe(event.summary)}`);
        break;
      case 'step-needs-user':
        meter?.done();
        out(`    needs you: ${terminalSafe(event.reason)}`);
        for (const item of event.checklist) out(`      [${item.checked ? 'x' : ' '}] ${terminalSafe(item.text)}`);
        break;
      case 'step-failed':
        meter?.done();
        out(`    failed: ${terminalSafe(event.message)}`);
        break;
      case 'step-skipped':
        out(`    skipped ${event.step}: ${terminalSafe(event.reason)}`);
        break;
      case 'log':
        out(`    ${event.level === 'warn' ? 'warning: ' : ''}${terminalSafe(event.message)}`);
        break;
      case 'confirm':
        out(`    ${terminalSafe(event.question)} -> yes (--yes)`);
        break;
      default:
        break;
    }
  };
}
