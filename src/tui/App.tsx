/**
 * The `spillkit respond` screen: the step list, the selected step's panel, and a footer of keys. It
 * renders the runner's snapshots and calls the runner's methods (screen-actions.ts); every rule (what
 * a step does, what is journaled, what "done" means) lives in the runner.
 */
import { Box, useApp, useInput } from 'ink';
import type { ReactNode } from 'react';
import type { RunnerEvent } from '../playbook/events.js';
import { footerKeys, type ScreenMode } from './footer-keys.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { HelpOverlay } from './HelpOverlay.js';
import { handleKey } from './keys.js';
import type { PromptBridge } from './prompt-bridge.js';
import type { RunnerSurface } from './runner-surface.js';
import { DISMISSAL_LABEL, screenActions, type ScreenOutcome } from './screen-actions.js';
import { StepList } from './StepList.js';
import { StepPanel } from './StepPanel.js';
import { TextPrompt } from './TextPrompt.js';
import { useHiddenPrompt } from './use-hidden-prompt.js';
import { useRunner } from './use-runner.js';
import { activeModal, selection, useScreenState } from './use-screen-state.js';
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
}

export function App({ runner, baselineFile, prompts, onExit }: AppProps) {
  const { exit } = useApp();
  const size = useTerminalSize();
  const screen = useScreenState();

  /** The screen follows the runner: a started step is shown; one that needs the user gets the keys. */
  const follow = (event: RunnerEvent): void => {
    if (event.type === 'step-started') {
      screen.change({ selected: event.step, focus: 'steps', detail: false });
    } else if (event.type === 'step-needs-user') {
      const kind = runnerView.latest().snapshot.steps.find((s) => s.id === event.step)?.kind;
      screen.change({ selected: event.step, ...(event.checklist.length > 0 || kind === 'triage' ? { focus: 'panel' as const } : {}) });
    } else if (event.type === 'step-failed') {
      screen.change({ selected: event.step, message: { level: 'error', text: `${event.step} failed: ${event.message}` } });
    } else if (event.type === 'finished') {
      screen.change({ message: { level: 'info', text: `Playbook complete: incident ${event.incident} closed. q leaves.` } });
    }
  };
  const runnerView = useRunner(runner, follow);
  const hidden = useHiddenPrompt(prompts);
  const actions = screenActions({ runner, baselineFile, screen: screen.latest, change: screen.change, view: runnerView.latest, onExit, exit });

  const { snapshot, finished } = runnerView.view;
  const { state } = screen;
  const { index, step, cursor } = selection(state, snapshot);

  // One handler for everything, always active: it reads the latest state, so no key is lost or
  // applied to a stale screen while React catches up.
  useInput((input, key) => {
    // Ink hands over several characters at once when they arrive together (fast keys, a paste): each
    // is a key of its own, so `jf` moves then opens the reason field, and the rest is typed into it.
    for (const ch of input.length > 1 && !key.ctrl && !key.meta ? [...input] : [input]) {
      const s = screen.latest();
      const latest = runnerView.latest().snapshot;
      const modal = activeModal(s, latest, prompts?.pending() ?? null);
      handleKey(ch, key, actions, { focus: s.focus, kind: selection(s, latest).step.kind, modal });
    }
  });

  const stepsWidth = Math.min(34, Math.max(22, Math.floor(size.columns * 0.22)));
  const panelWidth = size.columns - stepsWidth;
  const mainHeight = Math.max(size.rows - 4, 12);
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
        <TextPrompt width={panelWidth} title={`Mark ${modal.redacted} ${DISMISSAL_LABEL[modal.decision]}`} value={state.typed}
          question="Why? The reason goes to the journal and the report." hint="enter saves · esc cancels" />
      );
      break;
    case 'baseline':
      mode = 'confirm';
      shown = <YesNo width={panelWidth} title="Baseline" question={`Also add ${modal.redacted} to the baseline ${baselineFile}, so later scans stay quiet about it?`} />;
      break;
    case 'skip':
      mode = 'input';
      shown = (
        <TextPrompt width={panelWidth} title={`Skip "${modal.title}"`} value={state.typed}
          question="Why skip it? The reason goes to the journal and the report." hint="enter saves (empty: skipped by the operator) · esc cancels" />
      );
      break;
    default:
      break;
  }
  const modalOpen = modal !== null;

  return (
    <Box flexDirection="column" width={size.columns}>
      <Header snapshot={snapshot} finished={finished} width={size.columns} />
      <Box height={mainHeight}>
        <StepList steps={snapshot.steps} selected={step.id} current={snapshot.current} focused={state.focus === 'steps' && !modalOpen} width={stepsWidth} height={mainHeight} />
        {shown ?? (
          <StepPanel step={step} index={index} snapshot={snapshot} progress={runnerView.view.progress[step.id]} logs={runnerView.view.logs[step.id] ?? []}
            cursor={cursor} detail={state.detail && step.kind === 'triage'} focused={state.focus === 'panel'} finished={finished}
            width={panelWidth} height={mainHeight} />
        )}
      </Box>
      <Footer keys={footerKeys(mode, step)} message={state.message} width={size.columns} />
    </Box>
  );
}
