/**
 * What the keys do, as calls on the runner. Each action reads the latest screen and runner state (not
 * the last rendered one), and turns a runner refusal into the message line instead of a crash.
 */
import type { RunnerSnapshot } from '../playbook/events.js';
import { isSettled } from './format.js';
import type { RunnerSurface } from './runner-surface.js';
import type { HiddenQuestion } from './prompt-bridge.js';
import { hasPanelRows, selection, type Dismissal, type Overlay, type ScreenState } from './use-screen-state.js';
import type { RunnerView } from './use-runner.js';

export interface ScreenOutcome {
  /** The playbook completed and the incident closed. */
  finished: boolean;
  /** The step that was running when the user quit (journaled as started: it runs again on resume). */
  runningAtQuit: string | null;
  snapshot: RunnerSnapshot;
}

export interface ActionDeps {
  runner: RunnerSurface;
  baselineFile?: string;
  screen: () => ScreenState;
  change: (patch: Partial<ScreenState>) => void;
  view: () => RunnerView;
  onExit?: (outcome: ScreenOutcome) => void;
  exit: () => void;
}

export const CONFIRMED_REASON = 'confirmed by the operator';
export const DISMISSAL_LABEL: Record<Dismissal, string> = { 'false-positive': 'a false positive', allowlisted: 'allowlisted' };

export type ScreenActions = ReturnType<typeof screenActions>;

export function screenActions(d: ActionDeps) {
  const say = (text: string, level: 'info' | 'error' = 'info'): void => d.change({ message: { text, level } });
  const fail = (e: unknown): void => say((e as Error)?.message ?? String(e), 'error');
  const act = (what: () => unknown, done?: string): void => {
    try {
      const result = what();
      if (result instanceof Promise) result.catch(fail);
      if (done) say(done);
    } catch (e) {
      fail(e);
    }
  };
  const now = () => {
    const view = d.view();
    return { view, snap: view.snapshot, sel: selection(d.screen(), view.snapshot) };
  };
  const busy = (): boolean => {
    const running = d.view().snapshot.running;
    if (running) say(`step ${running} is still running`, 'error');
    return running !== null;
  };
  const setCursor = (to: number): void => {
    const { sel } = now();
    d.change({ cursors: { ...d.screen().cursors, [sel.step.id]: Math.min(Math.max(to, 0), Math.max(sel.rows - 1, 0)) } });
  };

  const actions = {
    clearMessage: () => {
      if (d.screen().message) d.change({ message: null });
    },
    quit(): void {
      const { view } = now();
      try {
        if (view.finished) d.runner.release();
        else d.runner.quit();
      } finally {
        d.onExit?.({ finished: view.finished, runningAtQuit: view.snapshot.running, snapshot: view.snapshot });
        d.exit();
      }
    },
    runNext(): void {
      if (busy()) return;
      if (d.view().finished) say('the playbook is complete: q leaves');
      else act(() => d.runner.next());
    },
    runSelected(redo: boolean): void {
      const { snap, sel } = now();
      if (busy()) return;
      if (sel.step.status === 'pending' && sel.step.id !== snap.current) {
        say(`steps run in order: n runs ${snap.current ?? 'the next one'} first`);
        return;
      }
      act(() => d.runner.runStep(sel.step.id, redo ? { redo: true } : {}));
    },
    /** enter on the step list: open a panel with rows, run the current step, or after a finished one the next. */
    openOrAct(): void {
      const { snap, sel } = now();
      if (hasPanelRows(sel.step, snap)) d.change({ focus: 'panel' });
      else if (isSettled(sel.step) || snap.current === null) actions.runNext();
      else actions.runSelected(false);
    },
    openPanel(): void {
      const { snap, sel } = now();
      if (hasPanelRows(sel.step, snap)) d.change({ focus: 'panel' });
    },
    moveStep(delta: number): void {
      const { snap, sel } = now();
      const to = Math.min(Math.max(sel.index + delta, 0), snap.steps.length - 1);
      d.change({ selected: snap.steps[to].id, detail: false });
    },
    moveCursor(delta: number): void {
      setCursor(now().sel.cursor + delta);
    },
    back(): void {
      if (d.screen().detail) d.change({ detail: false });
      else d.change({ focus: 'steps' });
    },
    toggleDetail(): void {
      d.change({ detail: !d.screen().detail });
    },
    tick(): void {
      const { sel } = now();
      const item = sel.step.checklist[sel.cursor];
      if (!item) say('this step has no checklist item to tick');
      else act(() => d.runner.tick(sel.step.id, sel.cursor, !item.checked));
    },
    triage(key: 'c' | 'f' | 'a' | 'C'): void {
      const { snap, sel } = now();
      const finding = snap.findings[sel.cursor];
      if (!finding) say('nothing to triage yet: the scan step comes first');
      else if (key === 'C') act(() => say(`${d.runner.decideAll('confirmed', CONFIRMED_REASON)} finding(s) confirmed`));
      else if (key === 'c') {
        act(() => d.runner.decide(finding.fingerprint, 'confirmed', CONFIRMED_REASON), `confirmed ${finding.redacted}`);
        setCursor(sel.cursor + 1);
      } else {
        d.change({ typed: '', overlay: { kind: 'reason', decision: key === 'f' ? 'false-positive' : 'allowlisted', fingerprint: finding.fingerprint, redacted: finding.redacted } });
      }
    },
    /** The reason typed for a dismissal: empty is refused; then the baseline question, if there is a baseline. */
    submitReason(overlay: Extract<Overlay, { kind: 'reason' }>): void {
      const reason = d.screen().typed.trim();
      if (!reason) say('a reason is needed: it goes to the journal and the report', 'error');
      else if (d.baselineFile) d.change({ overlay: { ...overlay, kind: 'baseline', reason } });
      else actions.dismiss(overlay, reason, false);
    },
    dismiss(o: { decision: Dismissal; fingerprint: string; redacted: string }, reason: string, baseline: boolean): void {
      d.change({ overlay: null });
      act(() => d.runner.decide(o.fingerprint, o.decision, reason, { baseline }), `${o.redacted} marked ${DISMISSAL_LABEL[o.decision]}${baseline ? `, added to ${d.baselineFile}` : ''}`);
      setCursor(now().sel.cursor + 1);
    },
    startSkip(): void {
      const { snap, sel } = now();
      if (snap.running === sel.step.id) say(`step ${sel.step.id} is running; it cannot be skipped now`, 'error');
      else d.change({ typed: '', overlay: { kind: 'skip', step: sel.step.id, title: sel.step.title } });
    },
    submitSkip(step: string): void {
      const reason = d.screen().typed.trim();
      d.change({ overlay: null });
      act(() => d.runner.skip(step, reason || undefined), `skipped ${step}`);
    },
    type(field: 'typed' | 'secretTyped', input: string): void {
      // Control characters never enter a field (a paste may carry a newline or an escape sequence).
      const printable = input.replace(/[\u0000-\u001f\u007f]/g, '');
      if (printable) d.change({ [field]: d.screen()[field] + printable });
    },
    erase(field: 'typed' | 'secretTyped'): void {
      d.change({ [field]: d.screen()[field].slice(0, -1) });
    },
    /** The hidden value goes to the runner and leaves the screen's state at once. Empty means "nothing pasted". */
    submitHidden(question: HiddenQuestion, cancel = false): void {
      const value = cancel ? '' : d.screen().secretTyped;
      d.change({ secretTyped: '' });
      question.resolve(value);
    },
    answer(id: string, yes: boolean): void {
      act(() => d.runner.answer(id, yes), yes ? 'answered yes' : 'answered no: nothing was done');
    },
    help(): void {
      d.change({ overlay: { kind: 'help' } });
    },
    closeOverlay(): void {
      d.change({ overlay: null });
    },
  };
  return actions;
}
