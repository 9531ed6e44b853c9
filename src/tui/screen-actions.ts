/**
 * What the keys do, as calls on the runner. Each action reads the latest screen and runner state (not
 * the last rendered one), and turns a runner refusal into the message line instead of a crash.
 */
import type { RunnerSnapshot } from '../playbook/events.js';
import { describeDelivery } from '../providers/delivery-name.js';
import { DELIVERY_TARGETS, deliveryTargetsFor } from '../providers/delivery-targets.js';
import { USE_LEAKED_KEY_FLAG } from '../providers/leaked-key.js';
import { byHandAction } from '../playbook/by-hand.js';
import { isSettled } from './format.js';
import type { RunnerSurface } from './runner-surface.js';
import type { HiddenQuestion } from './prompt-bridge.js';
import { globToRegExp, rowFingerprints, SORT_LABEL, SORT_ORDERS, triageRows, type TriageRow } from './triage-rows.js';
import { hasPanelRows, selection, type Dismissal, type Overlay, type ScreenState, type Target } from './use-screen-state.js';
import type { RunnerView } from './use-runner.js';

export interface ScreenOutcome {
  /** The playbook completed and the incident closed. */
  finished: boolean;
  /** The step that was running when the user quit (journaled as started: it runs again on resume). */
  runningAtQuit: string | null;
  snapshot: RunnerSnapshot;
  /** Confirmed credentials not revoked when the playbook completed. */
  unrevoked: RunnerView['unrevoked'];
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

const label = (r: TriageRow): string => (r.partner ? `${r.finding.redacted} + ${r.partner.redacted}` : r.finding.redacted);
const halves = (r: TriageRow): string[] => rowFingerprints([r]);

export function screenActions(d: ActionDeps) {
  const say = (text: string, level: 'info' | 'error' = 'info'): void => d.change({ message: { text, level } });
  const fail = (e: unknown): void => say((e as Error)?.message ?? String(e), 'error');
  const act = (what: () => unknown, done?: string): boolean => {
    try {
      const result = what();
      if (result instanceof Promise) result.catch(fail);
      if (done) say(done);
      return true;
    } catch (e) {
      fail(e);
      return false;
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
  /** The credential under the cursor on a revoke or rotate panel, or a message saying there is none. */
  const credential = (): { row: TriageRow; action: 'revoke' | 'rotate' } | null => {
    const { sel } = now();
    if ((sel.step.kind === 'revoke' || sel.step.kind === 'rotate') && sel.row?.kind === 'credential') return { row: sel.row.row, action: sel.step.kind };
    say(sel.step.kind === 'revoke' || sel.step.kind === 'rotate' ? 'move to a credential first (↑↓)' : 'this works on the revoke and rotate steps', 'error');
    return null;
  };
  const bulkTarget = (rows: TriageRow[], what: string): void => {
    if (rows.length === 0) say(`no finding ${what}`, 'error');
    else d.change({ overlay: { kind: 'bulk-decision', fingerprints: rowFingerprints(rows), label: `${rows.length} credential(s) ${what}`, bulk: true } });
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
        d.onExit?.({ finished: view.finished, runningAtQuit: view.snapshot.running, snapshot: view.snapshot, unrevoked: view.unrevoked });
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
      if (hasPanelRows(sel.step, snap, d.screen())) d.change({ focus: 'panel' });
      else if (isSettled(sel.step) || snap.current === null) actions.runNext();
      else actions.runSelected(false);
    },
    openPanel(): void {
      const { snap, sel } = now();
      if (hasPanelRows(sel.step, snap, d.screen())) d.change({ focus: 'panel' });
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
      const index = sel.row?.kind === 'item' ? sel.row.index : -1;
      const item = sel.step.checklist[index];
      if (!item) say(sel.row?.kind === 'credential' ? 'space ticks checklist items: move down to them' : 'this step has no checklist item to tick');
      else act(() => d.runner.tick(sel.step.id, index, !item.checked));
    },

    // Triage: one row, every open finding, or a bulk selection.
    triage(key: 'c' | 'f' | 'a' | 'C'): void {
      const { snap, sel } = now();
      const row = sel.row?.kind === 'finding' ? sel.row.row : null;
      if (snap.findings.length === 0) say('nothing to triage yet: the scan step comes first');
      else if (key === 'C') act(() => say(`${d.runner.decideAll('confirmed', CONFIRMED_REASON)} finding(s) confirmed`));
      else if (!row) say('no finding under the cursor (the filter hides every row: / changes it)', 'error');
      else if (key === 'c') {
        act(() => d.runner.decide(row.finding.fingerprint, 'confirmed', CONFIRMED_REASON), `confirmed ${label(row)}`);
        setCursor(sel.cursor + 1);
      } else {
        d.change({ typed: '', overlay: { kind: 'reason', decision: key === 'f' ? 'false-positive' : 'allowlisted', fingerprints: halves(row), label: label(row), bulk: false } });
      }
    },
    /** The reason typed for a dismissal: empty is refused; then the baseline question, if there is a baseline. */
    submitReason(overlay: Extract<Overlay, { kind: 'reason' }>): void {
      const reason = d.screen().typed.trim();
      if (!reason) say('a reason is needed: it goes to the journal and the report', 'error');
      else if (d.baselineFile) d.change({ overlay: { ...overlay, kind: 'baseline', reason } });
      else actions.dismiss(overlay, reason, false);
    },
    dismiss(o: { decision: Dismissal } & Target, reason: string, baseline: boolean): void {
      d.change({ overlay: null });
      const single = !o.bulk;
      const ok = act(
        () => (single ? d.runner.decide(o.fingerprints[0]!, o.decision, reason, { baseline }) : d.runner.decideMany(o.fingerprints, o.decision, reason, { baseline })),
        `${o.label} marked ${DISMISSAL_LABEL[o.decision]}${baseline ? `, added to ${d.baselineFile}` : ''}`,
      );
      if (ok && single) setCursor(now().sel.cursor + 1);
    },
    startFilter(): void {
      d.change({ overlay: { kind: 'filter' } });
    },
    /** enter keeps the filter; esc clears it. */
    endFilter(keep: boolean): void {
      d.change({ overlay: null, ...(keep ? {} : { filter: '' }), cursors: { ...d.screen().cursors, [now().sel.step.id]: 0 } });
    },
    cycleSort(): void {
      const sort = SORT_ORDERS[(SORT_ORDERS.indexOf(d.screen().sort) + 1) % SORT_ORDERS.length]!;
      d.change({ sort, cursors: { ...d.screen().cursors, [now().sel.step.id]: 0 } });
      say(`sorted by ${SORT_LABEL[sort]}`);
    },
    togglePaths(): void {
      const fullPaths = !d.screen().fullPaths;
      d.change({ fullPaths });
      say(fullPaths ? 'full paths: p goes back to the table' : 'table view');
    },
    startBulk(): void {
      if (now().snap.findings.length === 0) say('nothing to triage yet: the scan step comes first');
      else d.change({ overlay: { kind: 'bulk-scope' } });
    },
    /** r: every finding of the rule under the cursor; g: a path glob; v: what the filter shows. */
    bulkScope(key: 'r' | 'g' | 'v'): void {
      const { snap, sel } = now();
      const screen = d.screen();
      if (key === 'g') {
        d.change({ typed: '', overlay: { kind: 'bulk-glob' } });
        return;
      }
      if (key === 'v') {
        bulkTarget(triageRows(snap.findings, screen), screen.filter.trim() ? `matching "${screen.filter.trim()}"` : 'in the table');
        return;
      }
      const row = sel.row?.kind === 'finding' ? sel.row.row : null;
      if (!row) return say('no finding under the cursor to take the rule from', 'error');
      const rule = row.finding.rule;
      bulkTarget(triageRows(snap.findings, { filter: '', sort: 'scan' }).filter((r) => r.finding.rule === rule || r.partner?.rule === rule), `of rule ${rule}`);
    },
    submitGlob(): void {
      const glob = d.screen().typed.trim();
      if (!glob) return say('type a path glob (src/**/*.env, *.pem, test/*)', 'error');
      const re = globToRegExp(glob);
      const rows = triageRows(now().snap.findings, { filter: '', sort: 'scan' }).filter((r) => [r.finding, r.partner].some((f) => f?.path && re.test(f.path)));
      bulkTarget(rows, `with a path matching ${glob}`);
    },
    bulkDecide(target: Target, key: 'c' | 'f' | 'a'): void {
      if (key === 'c') {
        d.change({ overlay: null });
        act(() => say(`${d.runner.decideMany(target.fingerprints, 'confirmed', CONFIRMED_REASON)} finding(s) confirmed (${target.label})`));
      } else {
        const { fingerprints, label: what, bulk } = target;
        d.change({ typed: '', overlay: { kind: 'reason', decision: key === 'f' ? 'false-positive' : 'allowlisted', fingerprints, label: what, bulk } });
      }
    },

    // Revoke and rotate: the manual path, the leaked key, where the new credential goes.
    takeByHand(): void {
      const c = credential();
      if (!c) return;
      act(() => {
        const n = d.runner.takeByHand(c.action, c.row.finding.fingerprint);
        say(`${n} console step(s) for ${label(c.row)} are on the checklist: do them, tick each (space); or b records it done by hand`);
      });
    },
    startByHand(): void {
      const c = credential();
      if (!c) return;
      d.change({ fields: ['', '', ''], overlay: { kind: 'by-hand', action: c.action, fingerprint: c.row.finding.fingerprint, redacted: label(c.row), field: 0 } });
    },
    nextField(overlay: Extract<Overlay, { kind: 'by-hand' }>): void {
      if (overlay.field < 2) d.change({ overlay: { ...overlay, field: overlay.field + 1 } });
      else actions.submitByHand(overlay);
    },
    submitByHand(o: Extract<Overlay, { kind: 'by-hand' }>): void {
      const [who, when, how] = d.screen().fields;
      try {
        const done = d.runner.markByHand(o.action, o.fingerprint, { who, when, how: how ?? '' });
        d.change({ overlay: null });
        say(`recorded: ${byHandAction(o.action, done)}; n checks the step again`);
      } catch (e) {
        // The form stays open with what was typed, on the field to fix.
        fail(e);
        if (/when:/.test((e as Error).message)) d.change({ overlay: { ...o, field: 1 } });
        else if (/how it was done/.test((e as Error).message)) d.change({ overlay: { ...o, field: 2 } });
      }
    },
    useLeakedKey(): void {
      const c = credential();
      if (!c) return;
      if (c.action !== 'revoke') return say(`${USE_LEAKED_KEY_FLAG} is for revoking`, 'error');
      if (!c.row.finding.canUseLeakedKey) return say(`a ${c.row.finding.provider} credential cannot revoke itself (${USE_LEAKED_KEY_FLAG} works for AWS keys)`, 'error');
      if (busy()) return;
      const on = !c.row.finding.useLeakedKey;
      if (!act(() => d.runner.useLeakedKey(c.row.finding.fingerprint, on))) return;
      if (!on) return say(`${label(c.row)}: the next revoke uses your operator credentials again`);
      say(`${label(c.row)}: revoking with the leaked key itself (${USE_LEAKED_KEY_FLAG})`);
      act(() => d.runner.runStep(now().sel.step.id));
    },
    startDelivery(all: boolean): void {
      const { sel } = now();
      if (sel.step.kind !== 'rotate') return say('the destination of a new credential is chosen on the rotate step', 'error');
      const row = sel.row?.kind === 'credential' ? sel.row.row : null;
      if (!all && !row) return say('move to a credential first, or D chooses for all of them', 'error');
      d.change({ choice: 0, overlay: { kind: 'delivery', fingerprint: all ? null : row!.finding.fingerprint, label: all ? 'every credential' : label(row!) } });
    },
    moveChoice(delta: number, count: number): void {
      d.change({ choice: Math.min(Math.max(d.screen().choice + delta, 0), count - 1) });
    },
    pickDelivery(o: Extract<Overlay, { kind: 'delivery' }>, index: number): void {
      const targets = deliveryTargetsFor(providerOf(o.fingerprint));
      const target = targets[index < 0 ? d.screen().choice : index];
      if (target) d.change({ typed: '', overlay: { kind: 'delivery-target', fingerprint: o.fingerprint, label: o.label, target: target.kind } });
    },
    submitDelivery(o: Extract<Overlay, { kind: 'delivery-target' }>): void {
      const target = DELIVERY_TARGETS[o.target];
      try {
        // A relative path starts at the repository, whatever directory respond was started from.
        const delivery = target.parse(d.screen().typed, now().snap.repository);
        d.runner.setDelivery(delivery, o.fingerprint ?? undefined);
        d.change({ overlay: null });
        say(`new credential for ${o.label} goes to ${describeDelivery(delivery)}: n runs the step`);
      } catch (e) {
        fail(e);
      }
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
    type(field: 'typed' | 'secretTyped' | 'filter' | number, input: string): void {
      // Control characters never enter a field (a paste may carry a newline or an escape sequence).
      const printable = input.replace(/[\u0000-\u001f\u007f]/g, '');
      if (!printable) return;
      if (typeof field === 'number') {
        const fields = [...d.screen().fields];
        fields[field] = (fields[field] ?? '') + printable;
        d.change({ fields });
      } else d.change({ [field]: d.screen()[field] + printable, ...(field === 'filter' ? { cursors: { ...d.screen().cursors, [now().sel.step.id]: 0 } } : {}) });
    },
    erase(field: 'typed' | 'secretTyped' | 'filter' | number): void {
      if (typeof field === 'number') {
        const fields = [...d.screen().fields];
        fields[field] = (fields[field] ?? '').slice(0, -1);
        d.change({ fields });
      } else d.change({ [field]: d.screen()[field].slice(0, -1) });
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

  function providerOf(fingerprint: string | null): string {
    return (fingerprint && d.view().snapshot.findings.find((f) => f.fingerprint === fingerprint)?.provider) || '';
  }
  return actions;
}
