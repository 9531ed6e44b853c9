/**
 * The `spillkit respond` screen: the step list, the selected step's panel, and a footer of keys. It
 * renders the runner's snapshots and calls the runner's methods (screen-actions.ts); every rule (what
 * a step does, what is journaled, what "done" means) lives in the runner.
 *
 * The first steps are read-only (the scan, then the triage check): the screen starts them at once,
 * without waiting for a key, and shows the findings as the scan finds them.
 */
import { Box, useApp, useInput } from 'ink';
import { useEffect, useRef, type ReactNode } from 'react';
import type { RunnerEvent } from '../playbook/events.js';
import { DELIVERY_TARGETS, deliveryTargetsFor } from '../providers/delivery-targets.js';
import { Chooser } from './Chooser.js';
import { footerKeys, type ScreenMode } from './footer-keys.js';
import { Footer, footerLines } from './Footer.js';
import { FormPrompt } from './FormPrompt.js';
import { Header } from './Header.js';
import { HelpOverlay } from './HelpOverlay.js';
import { handleKey } from './keys.js';
import { mainHeight, sidebarWidth } from './layout.js';
import type { PromptBridge } from './prompt-bridge.js';
import type { RunnerSurface } from './runner-surface.js';
import { DISMISSAL_LABEL, screenActions, type ScreenOutcome } from './screen-actions.js';
import { StepList } from './StepList.js';
import { bodyNeeds, panelChrome, StepPanel } from './StepPanel.js';
import { TextPrompt } from './TextPrompt.js';
import { useHiddenPrompt } from './use-hidden-prompt.js';
import { useRunner } from './use-runner.js';
import { activeModal, selection, useScreenState, type Modal } from './use-screen-state.js';
import { useTerminalSize } from './use-terminal-size.js';
import { YesNo } from './YesNo.js';

export type { ScreenOutcome } from './screen-actions.js';

export interface AppProps {
  runner: RunnerSurface;
  /** Where dismissals may go; without one the baseline question is not asked. */
  baselineFile?: string;
  /** The runner's hidden prompts (a pasted new token) arrive through this. */
  prompts?: PromptBridge;
  onExit?: (outcome: ScreenOutcome) => void;
  /** Start the read-only opening steps (scan, triage check) without a key (default true). */
  autoStart?: boolean;
}

/** Step kinds that change nothing outside spillkit: the screen runs them on its own at the opening. */
const READ_ONLY_OPENING = new Set(['scan', 'triage']);

export function App({ runner, baselineFile, prompts, onExit, autoStart = true }: AppProps) {
  const { exit } = useApp();
  const size = useTerminalSize();
  const screen = useScreenState();
  /** Still in the read-only opening: a finished scan runs the triage check, then the person takes over. */
  const opening = useRef(autoStart);

  /** The screen follows the runner: a started step is shown; one that needs the user gets the keys. */
  const follow = (event: RunnerEvent): void => {
    if (event.type === 'step-started') {
      screen.change({ selected: event.step, focus: 'steps', detail: false });
    } else if (event.type === 'step-needs-user') {
      opening.current = false;
      const kind = runnerView.latest().snapshot.steps.find((s) => s.id === event.step)?.kind;
      screen.change({ selected: event.step, ...(event.checklist.length > 0 || kind === 'triage' ? { focus: 'panel' as const } : {}) });
    } else if (event.type === 'step-finished') {
      const snap = runnerView.latest().snapshot;
      const next = snap.steps.find((s) => s.id === snap.current);
      if (opening.current && next && READ_ONLY_OPENING.has(next.kind)) queueMicrotask(() => actions.runNext());
      else opening.current = false;
    } else if (event.type === 'step-failed') {
      opening.current = false;
      // The panel shows the whole reason and the journal; the message line only points there.
      screen.change({ selected: event.step, message: { level: 'error', text: `${event.step} failed: the whole reason is in the panel` } });
    } else if (event.type === 'finished') {
      const warn = event.unrevoked.length > 0;
      screen.change({
        message: warn
          ? { level: 'error', text: `Playbook complete, but ${event.unrevoked.length} credential(s) are NOT revoked (listed above). q leaves.` }
          : { level: 'info', text: `Playbook complete: incident ${event.incident} closed. q leaves.` },
      });
    }
  };
  const runnerView = useRunner(runner, follow);
  const hidden = useHiddenPrompt(prompts);
  const actions = screenActions({ runner, baselineFile, screen: screen.latest, change: screen.change, view: runnerView.latest, onExit, exit });

  // The opening: a scan that has not run (or was interrupted) starts at once; it only reads.
  useEffect(() => {
    if (!opening.current) return;
    const snap = runnerView.latest().snapshot;
    const step = snap.steps.find((s) => s.id === snap.current);
    if (step && READ_ONLY_OPENING.has(step.kind) && snap.running === null && step.status !== 'failed') actions.runNext();
    else opening.current = false;
    // Once, after the runner's first state: later steps are the person's.
  }, []);

  const { snapshot, finished, unrevoked } = runnerView.view;
  const { state } = screen;
  const sel = selection(state, snapshot);
  const { index, step, cursor, row } = sel;
  const choicesOf = (modal: Modal | null): number => (modal?.kind === 'delivery' ? deliveryTargetsFor(providerOf(modal.fingerprint)).length : 0);
  const providerOf = (fp: string | null): string => (fp && snapshot.findings.find((f) => f.fingerprint === fp)?.provider) || '';

  // One handler for everything, always active: it reads the latest state, so no key is lost or
  // applied to a stale screen while React catches up.
  useInput((input, key) => {
    // Ink hands over several characters at once when they arrive together (fast keys, a paste): each
    // is a key of its own, so `jf` moves then opens the reason field, and the rest is typed into it.
    // A newline inside a chunk is never enter: a pasted line break must not submit a field.
    for (const ch of input.length > 1 && !key.ctrl && !key.meta ? [...input] : [input]) {
      const s = screen.latest();
      const latest = runnerView.latest().snapshot;
      const modal = activeModal(s, latest, prompts?.pending() ?? null);
      handleKey(ch, key, actions, { focus: s.focus, kind: selection(s, latest).step.kind, modal, choices: choicesOf(modal) });
    }
  });

  const stepsWidth = sidebarWidth(snapshot.steps, size.columns);
  const panelWidth = size.columns - stepsWidth;
  const modal = activeModal(state, snapshot, hidden);
  let mode: ScreenMode = state.focus;
  let shown: ReactNode = null;
  switch (modal?.kind) {
    case 'confirm':
      mode = 'confirm';
      shown = <YesNo destructive width={panelWidth} title={`Confirm (${modal.request.step}): this changes things outside spillkit`} question={modal.request.question} />;
      break;
    case 'hidden':
      mode = 'input';
      shown = (
        <TextPrompt masked width={panelWidth} title="Hidden input" question={modal.question.question} value={state.secretTyped}
          hint="What you type is not shown, printed or journaled. esc: paste nothing (nothing changes)." />
      );
      break;
    case 'help':
      mode = 'help';
      shown = <HelpOverlay width={panelWidth} />;
      break;
    case 'reason':
      mode = 'input';
      shown = (
        <TextPrompt width={panelWidth} title={`Mark ${modal.label} ${DISMISSAL_LABEL[modal.decision]}`} value={state.typed}
          question="Why? The reason goes to the journal and the report." hint="enter saves · esc cancels" />
      );
      break;
    case 'baseline':
      mode = 'confirm';
      shown = <YesNo width={panelWidth} title="Baseline" question={`Also add ${modal.label} to the baseline ${baselineFile}, so later scans stay quiet about ${modal.bulk ? 'them' : 'it'}?`} />;
      break;
    case 'skip':
      mode = 'input';
      shown = (
        <TextPrompt width={panelWidth} title={`Skip "${modal.title}"`} value={state.typed}
          question="Why skip it? The reason goes to the journal and the report." hint="enter saves (empty: skipped by the operator) · esc cancels" />
      );
      break;
    case 'filter':
      mode = 'filter';
      break;
    case 'bulk-scope':
      mode = 'choose';
      shown = (
        <Chooser width={panelWidth} title="Bulk: decide many findings at once" question="Which findings?"
          choices={[
            ['r', row?.kind === 'finding' ? `every finding of rule ${row.row.finding.rule}` : 'every finding of the rule under the cursor'],
            ['g', 'every finding whose path matches a glob (src/**/*.env, *.pem, test/*)'],
            ['v', state.filter.trim() ? `the findings the filter "${state.filter.trim()}" shows` : 'every finding in the table'],
          ]}
          hint="then: c confirm · f false positive · a allowlist (with one reason for all, and the baseline question) · esc cancels" />
      );
      break;
    case 'bulk-glob':
      mode = 'input';
      shown = (
        <TextPrompt width={panelWidth} title="Bulk: by path glob" value={state.typed}
          question="Which paths? * stays in one folder, ** crosses folders, ? is one character; without a / it matches a file name anywhere."
          hint="enter chooses the findings · esc cancels" />
      );
      break;
    case 'bulk-decision':
      mode = 'choose';
      shown = (
        <Chooser width={panelWidth} title={`Bulk: ${modal.label}`} question={`${modal.fingerprints.length} finding(s). Decide them all:`}
          choices={[['c', 'confirm (they get revoked, rotated and rewritten)'], ['f', 'false positive (one reason for all)'], ['a', 'allowlist (one reason for all)']]}
          hint="esc cancels" />
      );
      break;
    case 'by-hand': {
      mode = 'form';
      const past = modal.action === 'revoke' ? 'revoked' : 'rotated';
      shown = (
        <FormPrompt width={panelWidth} title={`${past[0]!.toUpperCase()}${past.slice(1)} by hand: ${modal.redacted}`}
          question={`Who ${past} it in the provider's console, when, and how? The journal keeps it and the report shows "${past} by hand (who, when, how)".`}
          active={modal.field}
          fields={[
            { label: 'who', placeholder: 'empty: you (git user.name)', value: state.fields[0] ?? '' },
            { label: 'when', placeholder: 'empty: now; or 14:05, 20 min ago, 2026-01-05T14:05', value: state.fields[1] ?? '' },
            { label: 'how', placeholder: 'e.g. deactivated the key in the IAM console (required)', value: state.fields[2] ?? '' },
          ]}
          hint="enter or tab: next field; enter on the last saves · esc cancels" />
      );
      break;
    }
    case 'delivery': {
      mode = 'choose';
      const targets = deliveryTargetsFor(providerOf(modal.fingerprint));
      shown = (
        <Chooser width={panelWidth} title={`Where does the new credential go? (${modal.label})`} highlighted={state.choice}
          question="spillkit creates the new credential, delivers it there (never printed), then retires the old one."
          choices={targets.map((t, i) => [String(i + 1), `${t.label} (as ${t.flag})`, t.detail])}
          hint="a number or ↑↓ and enter · esc cancels" />
      );
      break;
    }
    case 'delivery-target': {
      mode = 'input';
      const target = DELIVERY_TARGETS[modal.target];
      shown = <TextPrompt width={panelWidth} title={`New credential for ${modal.label}`} value={state.typed} question={target.question} hint={`e.g. ${target.example} · enter saves · esc cancels`} />;
      break;
    }
    default:
      break;
  }
  const keys = footerKeys(mode, step, row);
  const footerRows = 1 + footerLines(keys, size.columns).length;
  // A modal is as tall as the step list (the help as tall as the terminal allows); a panel as its content.
  const needed = shown
    ? modal?.kind === 'help' ? size.rows : Math.max(snapshot.steps.length + 3, 12)
    : Math.max(snapshot.steps.length + 3, panelChrome(step, snapshot, panelWidth, finished, unrevoked) + bodyNeeds(step, snapshot, runnerView.view.found[step.id] ?? [], runnerView.view.logs[step.id] ?? [], state));
  const height = mainHeight(size.rows, footerRows, needed);
  // The `/` line takes the message line's place while it is typed, as in less and vim.
  const prompt = modal?.kind === 'filter' ? `/${state.filter}` : null;

  return (
    <Box flexDirection="column" width={size.columns}>
      <Header snapshot={snapshot} finished={finished} width={size.columns} />
      <Box height={height}>
        <StepList steps={snapshot.steps} selected={step.id} current={snapshot.current} running={snapshot.running} focused={state.focus === 'steps' && modal === null} width={stepsWidth} height={height} />
        {shown ?? (
          <StepPanel step={step} index={index} snapshot={snapshot} progress={runnerView.view.progress[step.id]} found={runnerView.view.found[step.id] ?? []}
            logs={runnerView.view.logs[step.id] ?? []} cursor={cursor} row={row} detail={state.detail} view={state}
            focused={state.focus === 'panel'} finished={finished} unrevoked={unrevoked} width={panelWidth} height={height} />
        )}
      </Box>
      <Footer keys={keys} message={state.message} prompt={prompt} width={size.columns} />
    </Box>
  );
}
