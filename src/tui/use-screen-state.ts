import { useRef, useState } from 'react';
import type { ConfirmRequest, RunnerSnapshot, StepView } from '../playbook/events.js';
import type { Decision } from '../playbook/state.js';
import type { HiddenQuestion } from './prompt-bridge.js';

export type Dismissal = Exclude<Decision, 'confirmed'>;

export type Overlay =
  | { kind: 'help' }
  | { kind: 'reason'; decision: Dismissal; fingerprint: string; redacted: string }
  | { kind: 'baseline'; decision: Dismissal; fingerprint: string; redacted: string; reason: string }
  | { kind: 'skip'; step: string; title: string };

export type Message = { text: string; level: 'info' | 'error' } | null;

/** What the screen itself holds (the runner holds everything else). */
export interface ScreenState {
  /** Step shown in the panel; null follows the runner's current step. */
  selected: string | null;
  focus: 'steps' | 'panel';
  /** Row per step id: the findings table (triage) or the checklist. */
  cursors: Record<string, number>;
  detail: boolean;
  overlay: Overlay | null;
  /** The text typed into the open reason or skip field. */
  typed: string;
  /** The hidden value typed for the runner's hidden prompt (rendered as bullets only). */
  secretTyped: string;
  message: Message;
}

const INITIAL: ScreenState = { selected: null, focus: 'steps', cursors: {}, detail: false, overlay: null, typed: '', secretTyped: '', message: null };

/**
 * Screen state with a synchronous mirror: keys that arrive faster than React re-renders (a fast
 * typist, a paste, a test) each see the state the previous key left, not the last rendered one.
 */
export function useScreenState(): { state: ScreenState; latest: () => ScreenState; change: (patch: Partial<ScreenState>) => void } {
  const [state, setState] = useState<ScreenState>(INITIAL);
  const ref = useRef<ScreenState>(INITIAL);
  return {
    state,
    latest: () => ref.current,
    change: (patch) => {
      ref.current = { ...ref.current, ...patch };
      setState(ref.current);
    },
  };
}

export interface Selection {
  index: number;
  step: StepView;
  /** Rows under the cursor: findings for triage, checklist items otherwise. */
  rows: number;
  cursor: number;
}

export function selection(state: ScreenState, snapshot: RunnerSnapshot): Selection {
  const steps = snapshot.steps;
  const found = steps.findIndex((s) => s.id === (state.selected ?? snapshot.current));
  const index = found >= 0 ? found : steps.length - 1;
  const step = steps[index];
  const rows = step.kind === 'triage' ? snapshot.findings.length : step.checklist.length;
  const cursor = Math.min(state.cursors[step.id] ?? 0, Math.max(rows - 1, 0));
  return { index, step, rows, cursor };
}

/** The step has something to move through in its panel (a findings table or a checklist). */
export function hasPanelRows(step: StepView, snapshot: RunnerSnapshot): boolean {
  return step.kind === 'triage' ? snapshot.findings.length > 0 : step.checklist.length > 0;
}

/** What has the keys: the runner's confirmation first, then its hidden prompt, then the screen's overlay. */
export type Modal = { kind: 'confirm'; request: ConfirmRequest } | { kind: 'hidden'; question: HiddenQuestion } | Overlay;

export function activeModal(state: ScreenState, snapshot: RunnerSnapshot, hidden: HiddenQuestion | null): Modal | null {
  if (snapshot.pendingConfirmation) return { kind: 'confirm', request: snapshot.pendingConfirmation };
  if (hidden) return { kind: 'hidden', question: hidden };
  return state.overlay;
}
