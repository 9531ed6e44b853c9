import { useRef, useState } from 'react';
import type { ConfirmRequest, RunnerSnapshot, StepView } from '../playbook/events.js';
import type { ProviderAction } from '../playbook/journal-events.js';
import type { Decision } from '../playbook/state.js';
import type { Delivery } from '../providers/contract.js';
import type { ChooserKind } from '../providers/delivery-targets.js';
import type { HiddenQuestion } from './prompt-bridge.js';
import { panelRows, type PanelRow } from './panel-rows.js';
import type { SortOrder } from './triage-rows.js';

export type Dismissal = Exclude<Decision, 'confirmed'>;

/** Findings one decision applies to: one row, or a bulk selection, named for the prompts. */
export interface Target {
  fingerprints: string[];
  /** `hint0…end (24 chars)`, or `7 credential(s) of rule aws-access-key-id`. */
  label: string;
  /** A bulk action (by rule, glob or filter) rather than the row under the cursor. */
  bulk: boolean;
}

export type Overlay =
  | { kind: 'help' }
  | ({ kind: 'reason'; decision: Dismissal } & Target)
  | ({ kind: 'baseline'; decision: Dismissal; reason: string } & Target)
  | { kind: 'skip'; step: string; title: string }
  /** The `/` line: what is typed filters the table at once. */
  | { kind: 'filter' }
  /** Bulk actions: which findings (by rule, path glob, the current filter), then what to decide. */
  | { kind: 'bulk-scope' }
  | { kind: 'bulk-glob' }
  | ({ kind: 'bulk-decision' } & Target)
  /** "I did it by hand": who, when, how (fields 0..2 of `fields`). */
  | { kind: 'by-hand'; action: ProviderAction; fingerprint: string; redacted: string; field: number }
  /** Where a rotated credential goes: pick a target, then type it. Null fingerprint: every credential. */
  | { kind: 'delivery'; fingerprint: string | null; label: string }
  | { kind: 'delivery-target'; fingerprint: string | null; label: string; target: ChooserKind };

export type Message = { text: string; level: 'info' | 'error' } | null;

/** What the screen itself holds (the runner holds everything else). */
export interface ScreenState {
  /** Step shown in the panel; null follows the runner's current step. */
  selected: string | null;
  focus: 'steps' | 'panel';
  /** Row per step id: the findings table (triage), credentials then checklist items (revoke, rotate), the checklist. */
  cursors: Record<string, number>;
  detail: boolean;
  overlay: Overlay | null;
  /** The text typed into the open reason, skip, glob or delivery field. */
  typed: string;
  /** The by-hand form's fields: who, when, how. */
  fields: string[];
  /** The hidden value typed for the runner's hidden prompt (rendered as bullets only). */
  secretTyped: string;
  /** The triage table's filter line, sort order, and whether paths are shown whole. */
  filter: string;
  sort: SortOrder;
  fullPaths: boolean;
  /** The highlighted entry of a chooser (the delivery targets). */
  choice: number;
  message: Message;
}

const INITIAL: ScreenState = {
  selected: null, focus: 'steps', cursors: {}, detail: false, overlay: null, typed: '', fields: ['', '', ''], secretTyped: '',
  filter: '', sort: 'scan', fullPaths: false, choice: 0, message: null,
};

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
  /** How many rows the cursor moves over; the one under it. */
  rows: number;
  cursor: number;
  row: PanelRow | undefined;
}

export function selection(state: ScreenState, snapshot: RunnerSnapshot): Selection {
  const steps = snapshot.steps;
  const found = steps.findIndex((s) => s.id === (state.selected ?? snapshot.current));
  const index = found >= 0 ? found : steps.length - 1;
  const step = steps[index];
  const list = panelRows(step, snapshot, state);
  const cursor = Math.min(state.cursors[step.id] ?? 0, Math.max(list.length - 1, 0));
  return { index, step, rows: list.length, cursor, row: list[cursor] };
}

/** The step has something to move through in its panel (a findings table, credentials or a checklist). */
export function hasPanelRows(step: StepView, snapshot: RunnerSnapshot, state: ScreenState): boolean {
  return panelRows(step, snapshot, state).length > 0 || (step.kind === 'triage' && snapshot.findings.length > 0);
}

/** What has the keys: the runner's confirmation first, then its hidden prompt, then the screen's overlay. */
export type Modal = { kind: 'confirm'; request: ConfirmRequest } | { kind: 'hidden'; question: HiddenQuestion } | Overlay;

export function activeModal(state: ScreenState, snapshot: RunnerSnapshot, hidden: HiddenQuestion | null): Modal | null {
  if (snapshot.pendingConfirmation) return { kind: 'confirm', request: snapshot.pendingConfirmation };
  if (hidden) return { kind: 'hidden', question: hidden };
  return state.overlay;
}
