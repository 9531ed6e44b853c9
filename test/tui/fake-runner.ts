/**
 * A stand-in for PlaybookRunner with the same front-end surface: it records every call, and the test
 * decides what the screen sees by emitting snapshots and events it builds itself.
 */
import type { FindingView, RunnerEvent, RunnerListener, RunnerSnapshot, StepResult, StepView, RunResult } from '../../src/playbook/events.js';
import type { Decision, StepStatus } from '../../src/playbook/state.js';
import type { StepKind } from '../../src/playbook/types.js';
import type { RunnerSurface } from '../../src/tui/runner-surface.js';
import { byHandAction, parseByHand, type ByHand, type ByHandInput } from '../../src/playbook/by-hand.js';
import type { Delivery } from '../../src/providers/contract.js';
import { describeDelivery } from '../../src/providers/delivery-name.js';

export interface Call {
  method: string;
  args: unknown[];
}

export class FakeRunner implements RunnerSurface {
  readonly calls: Call[] = [];
  state: RunnerSnapshot;
  /** What the next call to next()/runStep() resolves to. */
  stepResult: StepResult | null = { status: 'done', summary: 'ok' };
  /** Make the next call of this method throw (a runner refusal). */
  failNext: { method: string; message: string } | null = null;
  private readonly listeners = new Set<RunnerListener>();

  constructor(state: RunnerSnapshot) {
    this.state = state;
  }

  subscribe(listener: RunnerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: RunnerEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Replaces the snapshot and sends it, as the runner does after every journal append. */
  update(change: (s: RunnerSnapshot) => void): void {
    const next = structuredClone(this.state);
    change(next);
    this.state = next;
    this.emit({ type: 'state', state: next });
  }

  called(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  private note(method: string, args: unknown[]): void {
    this.calls.push({ method, args });
    if (this.failNext?.method === method) {
      const { message } = this.failNext;
      this.failNext = null;
      throw new Error(message);
    }
  }

  start(): void {
    this.note('start', []);
    this.emit({ type: 'state', state: this.state });
  }

  snapshot(): RunnerSnapshot {
    return this.state;
  }

  async next(): Promise<StepResult | null> {
    this.note('next', []);
    return this.stepResult;
  }

  async runStep(id: string, opts: { redo?: boolean } = {}): Promise<StepResult> {
    this.note('runStep', [id, opts]);
    return this.stepResult ?? { status: 'done', summary: 'ok' };
  }

  async run(): Promise<RunResult> {
    this.note('run', []);
    return { status: 'finished' };
  }

  decide(fingerprint: string, decision: Decision, reason: string, opts: { baseline?: boolean } = {}): void {
    this.note('decide', [fingerprint, decision, reason, opts]);
    this.update((s) => {
      const f = s.findings.find((x) => x.fingerprint === fingerprint)!;
      f.decision = decision;
      f.reason = reason;
    });
  }

  decideAll(decision: Decision, reason: string): number {
    this.note('decideAll', [decision, reason]);
    const open = this.state.findings.filter((f) => f.decision === null).length;
    this.update((s) => {
      for (const f of s.findings) if (f.decision === null) Object.assign(f, { decision, reason });
    });
    return open;
  }

  decideMany(fingerprints: readonly string[], decision: Decision, reason: string, opts: { baseline?: boolean } = {}): number {
    this.note('decideMany', [[...fingerprints], decision, reason, opts]);
    this.update((s) => {
      for (const f of s.findings) if (fingerprints.includes(f.fingerprint)) Object.assign(f, { decision, reason });
    });
    return fingerprints.length;
  }

  /** What takeByHand adds to the checklist (the provider's console steps). */
  consoleSteps = ['Open https://console.example/keys', 'Delete the key'];

  takeByHand(action: 'revoke' | 'rotate', fingerprint: string): number {
    this.note('takeByHand', [action, fingerprint]);
    this.update((s) => {
      s.steps.find((x) => x.kind === action)!.checklist.push(...this.consoleSteps.map((text) => ({ text, checked: false, fingerprint })));
      s.findings.find((f) => f.fingerprint === fingerprint)![action] = 'manual';
    });
    return this.consoleSteps.length;
  }

  markByHand(action: 'revoke' | 'rotate', fingerprint: string, input: ByHandInput): ByHand {
    this.note('markByHand', [action, fingerprint, input]);
    const done = parseByHand(input, 'Operator Name');
    this.update((s) => {
      const f = s.findings.find((x) => x.fingerprint === fingerprint)!;
      f[action] = 'done';
      f[`${action}Note`] = byHandAction(action, done);
    });
    return done;
  }

  useLeakedKey(fingerprint: string, on = true): void {
    this.note('useLeakedKey', [fingerprint, on]);
    this.update((s) => {
      s.findings.find((x) => x.fingerprint === fingerprint)!.useLeakedKey = on;
    });
  }

  setDelivery(delivery: Delivery, fingerprint?: string): void {
    this.note('setDelivery', [delivery, fingerprint]);
    this.update((s) => {
      for (const f of s.findings) if (!fingerprint || f.fingerprint === fingerprint) f.delivery = describeDelivery(delivery);
    });
  }

  tick(stepId: string, index: number, checked = true): void {
    this.note('tick', [stepId, index, checked]);
    this.update((s) => {
      s.steps.find((x) => x.id === stepId)!.checklist[index].checked = checked;
    });
  }

  skip(stepId: string, reason?: string): void {
    this.note('skip', [stepId, reason]);
    this.update((s) => {
      Object.assign(s.steps.find((x) => x.id === stepId)!, { status: 'skipped', detail: reason ?? 'skipped by the operator' });
    });
  }

  answer(id: string, yes: boolean): void {
    this.note('answer', [id, yes]);
    this.update((s) => {
      s.pendingConfirmation = null;
    });
  }

  quit(): void {
    this.note('quit', []);
  }

  release(): void {
    this.note('release', []);
  }
}

const TITLES: Record<StepKind, string> = {
  scan: 'Scan the whole history',
  triage: 'Triage the findings',
  revoke: 'Revoke the leaked credentials',
  rotate: 'Rotate to new credentials',
  'plan-rewrite': 'Plan the history cleanup',
  'apply-rewrite': 'Rewrite and verify on a mirror',
  push: 'Force-push the cleaned history',
  report: 'Write the incident report',
  'reset-clone': 'Reset your own clone',
  checklist: 'Tell the team',
};

export function step(kind: StepKind, status: StepStatus = 'pending', extra: Partial<StepView> = {}): StepView {
  return { id: kind, title: TITLES[kind], kind, guidance: `why ${kind} matters`, optional: false, status, detail: null, checklist: [], ...extra };
}

/** A finding with a neutral redacted hint (nothing secret-shaped). */
export function finding(n: number, extra: Partial<FindingView> = {}): FindingView {
  return {
    fingerprint: `fp${String(n).padStart(14, '0')}`,
    rule: n % 2 ? 'demo-token-rule' : 'demo-password',
    provider: n % 2 ? 'acme' : 'postgres',
    severity: 'high',
    confidence: 'high',
    source: 'blob',
    path: `config/file${n}.env`,
    line: n + 1,
    column: 5,
    commit: `${n}`.repeat(40).slice(0, 40),
    author: `Author ${n}`,
    authorEmail: `author${n}@example.com`,
    date: `2026-01-0${(n % 9) + 1}T10:00:00Z`,
    blob: 'b'.repeat(40),
    refs: ['refs/heads/main', `refs/remotes/origin/topic-${n}`],
    reachable: true,
    presentAtHead: n === 0,
    redacted: `hint${n}…end (24 chars)`,
    secretHash: 'h'.repeat(64),
    occurrences: 1,
    decision: null,
    reason: null,
    revoke: null,
    rotate: null,
    revokeNote: null,
    rotateNote: null,
    exposure: 'pushed',
    canUseLeakedKey: false,
    useLeakedKey: false,
    delivery: null,
    ...extra,
  };
}

export function snapshot(steps: StepView[], extra: Partial<RunnerSnapshot> = {}): RunnerSnapshot {
  const current = steps.find((s) => s.status !== 'done' && s.status !== 'skipped')?.id ?? null;
  return {
    incident: { id: '2026-01-05T0900-abc123', dir: '/tmp/incident', resumed: false },
    playbook: { id: 'committed-secret', title: 'I committed a secret', description: 'd', source: '/p.yaml' },
    repository: '/tmp/repo',
    dryRun: false,
    providerDryRun: false,
    steps,
    current,
    running: null,
    findings: [],
    scannedAt: null,
    pendingConfirmation: null,
    ...extra,
  };
}

export const ALL_KINDS: StepKind[] = ['scan', 'triage', 'revoke', 'rotate', 'plan-rewrite', 'apply-rewrite', 'push', 'reset-clone', 'report', 'checklist'];
