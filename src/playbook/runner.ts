/**
 * The headless core of `spillkit respond`: walks a playbook over one incident, calling the real
 * scanner, provider adapters and rewrite code, and tells front ends what happens through events.
 *
 * State is event-sourced: every transition is appended to the incident journal (fsynced) before it is
 * acted upon, and the state is always `replay(playbook, journal)`. A process killed at any moment
 * therefore resumes exactly where the journal says it was; a step that was running is `interrupted`
 * and runs again (provider steps skip what their journal says is done).
 *
 * Front ends (the Ink TUI, `respond --yes`, `--json`): subscribe(), then start(), then drive with
 * next() / runStep() / run(), decide() for triage, tick() for checklists, skip(), answer() for
 * confirmations, quit() to stop with the state kept. See events.ts for what they receive.
 */
import { appendFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isSpillkitError, SpillkitError } from '../errors.js';
import { readRefs } from '../git/refs.js';
import { openRepository, type Repository } from '../git/repo.js';
import type { Delivery, ProviderAdapter } from '../providers/contract.js';
import { adapterFor as realAdapterFor, apiProviders } from '../providers/registry.js';
import { VERIFY_ONLY_ADAPTERS } from '../providers/verify-only/index.js';
import { terminalSafe } from '../report/safe-text.js';
import type { Finding, ScanReport } from '../scan/finding.js';
import { readFindingSecret } from '../scan/secret-lookup.js';
import { describeDelivery } from '../providers/delivery-name.js';
import { canUseLeakedKey } from '../providers/leaked-key.js';
import type { ConfirmRequest, FindingView, RunnerEvent, RunnerListener, RunnerSnapshot, RunResult, ScanProgress, StepResult, Unrevoked } from './events.js';
import { byHandAction, parseByHand, type ByHand, type ByHandInput } from './by-hand.js';
import { credentialGroups } from './credentials.js';
import { exposureOf } from './exposure.js';
import { EV, type ProviderAction } from './journal-events.js';
import { manualItems } from './steps/provider.js';
import { playbookRef } from './load.js';
import { openPlaybookSession, type PlaybookSession } from './session.js';
import { currentStep, DECISIONS, outcomeKey, replay, type Decision, type ReplayedState } from './state.js';
import { executors, type ReportWriter, type StepContext, type StepSettings } from './steps/index.js';
import type { Playbook, PlaybookStep } from './types.js';

export interface RunnerOptions {
  /** The repository (worktree, bare repository or .git dir). */
  repoPath: string;
  /** `--playbook ID|FILE`; default: the open incident's playbook, else committed-secret. */
  playbook?: string;
  cwd?: string;
  /** Change nothing anywhere: in-memory journal, provider read calls only, no rewrite, no push. */
  dryRun?: boolean;
  /** Provider steps make read calls only; the rest is real (`respond --demo`). */
  providerDryRun?: boolean;
  /** Nobody will tick or type (`respond --yes`): steps that need a person stop `run()`. */
  unattended?: boolean;
  newIncident?: boolean;
  toolVersion: string;
  threads?: number;
  /** `--verify`: the scan step checks each finding live; live ones come first in triage and revoke. */
  verify?: boolean;
  configPath?: string;
  /** Where false positives go when decide(..., { baseline: true }) (a text baseline: one fingerprint a line). */
  baselineFile?: string;
  /** Environment of the provider adapters (operator credentials, *_API_URL). Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Injected by tests (fake adapters); default: the provider registry. */
  adapterFor?: (provider: string, env: NodeJS.ProcessEnv) => ProviderAdapter;
  hasRevokeApi?: (provider: string) => boolean;
  /** Where the rotate step delivers new credentials; without one, rotation is left as a checklist item. */
  rotateDelivery?: Delivery;
  deleteOld?: boolean;
  /** Hidden prompt for guided rotations (a pasted new token); only a front end on a terminal has one. */
  promptHidden?: (question: string) => Promise<string>;
  reportWriter?: ReportWriter;
}

export interface DecideOptions {
  /** Also append the fingerprint to the baseline file (false positives and allowlisted findings). */
  baseline?: boolean;
}

/** Thrown into a step waiting for an answer when the front end quits; the step stays `interrupted`. */
class QuitSignal extends Error {}

const REVOKE_APIS = new Set(apiProviders().filter((id) => !(id in VERIFY_ONLY_ADAPTERS)));
const PROGRESS_EVERY_MS = 100;

export class PlaybookRunner {
  readonly playbook: Playbook;
  readonly repo: Repository;
  private state: ReplayedState;
  private readonly listeners = new Set<RunnerListener>();
  private readonly settings: StepSettings;
  private readonly exec: ReturnType<typeof executors>;
  private scanReport: { file: string | null; report: ScanReport } | null = null;
  private running: string | null = null;
  private pending: { request: ConfirmRequest; resolve: (yes: boolean) => void; reject: (e: Error) => void } | null = null;
  private stopped = false;
  private lastProgress = 0;
  private tracksRemotes: boolean | null = null;

  /** Joins (or opens) the incident and takes its lock; SpillkitError('LOCKED') if another process has it. */
  static open(options: RunnerOptions): PlaybookRunner {
    const repo = openRepository(options.repoPath);
    const session = openPlaybookSession(repo, {
      playbook: options.playbook, dryRun: options.dryRun, newIncident: options.newIncident, cwd: options.cwd,
    });
    return new PlaybookRunner(repo, session, options);
  }

  private constructor(repo: Repository, private readonly session: PlaybookSession, private readonly options: RunnerOptions) {
    this.repo = repo;
    this.playbook = session.playbook;
    this.state = replay(this.playbook, session.journal.read());
    this.settings = {
      dryRun: options.dryRun === true,
      providerDryRun: options.providerDryRun === true || options.dryRun === true,
      unattended: options.unattended === true,
      toolVersion: options.toolVersion,
      threads: options.threads,
      verify: options.verify === true,
      configPath: options.configPath,
      env: options.env ?? process.env,
      adapterFor: options.adapterFor ?? realAdapterFor,
      hasRevokeApi: options.hasRevokeApi ?? ((provider) => REVOKE_APIS.has(provider)),
      rotateDelivery: options.rotateDelivery,
      deleteOld: options.deleteOld === true,
      promptHidden: options.promptHidden,
    };
    this.exec = executors(options.reportWriter);
  }

  /** Listen to every event; returns the unsubscribe function. */
  subscribe(listener: RunnerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get incidentId(): string {
    return this.session.incident?.id ?? this.session.previewOf ?? 'dry-run';
  }

  /** Journals that this walk starts (or resumes) and sends the first state. */
  start(): void {
    this.assertAlive();
    const at = currentStep(this.playbook, this.state)?.id ?? null;
    if (!this.state.started) {
      this.record(EV.respondStarted, { playbook: playbookRef(this.playbook), title: this.playbook.title, dryRun: this.settings.dryRun, providerDryRun: this.settings.providerDryRun });
    } else {
      this.record(EV.respondResumed, { playbook: playbookRef(this.playbook), at, unansweredConfirmations: this.state.unanswered });
    }
  }

  snapshot(): RunnerSnapshot {
    const scan = this.loadReport();
    const tracksRemotes = (scan?.findings ?? []).some((f) => f.refs.some((r) => r.startsWith('refs/remotes/'))) || this.hasRemoteTracking();
    const findings: FindingView[] = (scan?.findings ?? []).map((f) => {
      const { secret: _never, ...rest } = f;
      const d = this.state.decisions[f.fingerprint];
      const delivery = this.state.deliveries[f.fingerprint] ?? this.state.deliveries['*'] ?? this.settings.rotateDelivery;
      return {
        ...rest,
        decision: d?.decision ?? null,
        reason: d?.reason ?? null,
        revoke: this.state.outcomes[outcomeKey('revoke', f.fingerprint)] ?? null,
        rotate: this.state.outcomes[outcomeKey('rotate', f.fingerprint)] ?? null,
        ...(this.state.blastRadius[f.fingerprint] ? { blastRadius: this.state.blastRadius[f.fingerprint] } : {}),
        revokeNote: this.state.outcomeNotes[outcomeKey('revoke', f.fingerprint)] ?? null,
        rotateNote: this.state.outcomeNotes[outcomeKey('rotate', f.fingerprint)] ?? null,
        exposure: exposureOf(f, tracksRemotes),
        canUseLeakedKey: canUseLeakedKey(f.provider),
        useLeakedKey: this.state.useLeakedKey[f.fingerprint] === true,
        delivery: delivery ? describeDelivery(delivery) : null,
      };
    });
    return {
      incident: { id: this.incidentId, dir: this.session.incident?.dir ?? null, resumed: this.session.resumed },
      playbook: { id: this.playbook.id, title: this.playbook.title, description: this.playbook.description, source: this.playbook.source },
      repository: this.repo.worktree ?? this.repo.gitdir,
      dryRun: this.settings.dryRun,
      providerDryRun: this.settings.providerDryRun,
      steps: this.playbook.steps.map((s) => ({
        id: s.id, title: s.title, kind: s.kind, guidance: s.guidance, optional: s.optional,
        // The journal says `interrupted` for a step started and not ended; this process knows it is running.
        status: this.running === s.id ? 'running' : this.state.steps[s.id].status,
        detail: this.state.steps[s.id].detail,
        checklist: this.state.steps[s.id].checklist.map((c) => ({ ...c })),
      })),
      current: currentStep(this.playbook, this.state)?.id ?? null,
      running: this.running,
      findings,
      scannedAt: scan?.scannedAt ?? null,
      pendingConfirmation: this.pending ? { ...this.pending.request } : null,
    };
  }

  /** Runs the current step (the first not done or skipped); null when the playbook is complete. */
  async next(): Promise<StepResult | null> {
    const step = currentStep(this.playbook, this.state);
    if (!step) {
      this.finish();
      return null;
    }
    return this.runStep(step.id);
  }

  /** Runs steps until one needs a person or fails, or the playbook is complete (the incident closes). */
  async run(): Promise<RunResult> {
    for (;;) {
      const step = currentStep(this.playbook, this.state);
      if (!step) {
        this.finish();
        return { status: 'finished' };
      }
      const result = await this.runStep(step.id);
      if (result.status === 'done' || result.status === 'skipped') continue;
      if (this.stopped) return { status: 'needs-user', step: step.id, message: 'quit' };
      return { status: result.status, step: step.id, message: result.status === 'failed' ? result.message : result.reason };
    }
  }

  /**
   * Runs one step (any step: the front end may go back). A step whose own work is done and only its
   * checklist is left is not redone unless `redo` (e.g. a second scan after a fix).
   */
  async runStep(id: string, opts: { redo?: boolean } = {}): Promise<StepResult> {
    this.assertAlive();
    if (this.running) throw new SpillkitError('USAGE', `step ${this.running} is still running`);
    const step = this.stepById(id);
    this.running = id;
    this.record(EV.stepStarted, { kind: step.kind }, id);
    this.emit({ type: 'step-started', step: id, kind: step.kind, title: step.title });
    try {
      const workDone = this.state.steps[id].workDone;
      let outcome = workDone !== null && !opts.redo && step.kind !== 'checklist'
        ? { status: 'done' as const, summary: workDone }
        : await this.exec[step.kind](this.context(step));
      if (outcome.status === 'done' && step.kind !== 'checklist') {
        const open = this.state.steps[id].checklist.filter((c) => !c.checked).length;
        if (open > 0) {
          this.record(EV.stepWorkDone, { summary: outcome.summary }, id);
          outcome = { status: 'needs-user', reason: `${outcome.summary}; ${open} checklist item(s) left to do and tick` };
        }
      }
      if (outcome.status === 'done') {
        this.record(EV.stepFinished, { kind: step.kind, summary: outcome.summary }, id);
        this.emit({ type: 'step-finished', step: id, summary: outcome.summary });
        return outcome;
      }
      this.record(EV.stepNeedsUser, { kind: step.kind, reason: outcome.reason }, id);
      this.emit({ type: 'step-needs-user', step: id, reason: outcome.reason, checklist: this.state.steps[id].checklist.map((c) => ({ ...c })) });
      return outcome;
    } catch (e) {
      if (e instanceof QuitSignal || this.stopped) return { status: 'needs-user', reason: 'quit: the step runs again on resume' };
      const code = isSpillkitError(e) ? e.code : 'INTERNAL';
      const message = (e as Error)?.message ?? String(e);
      this.record(EV.stepFailed, { kind: step.kind, code, message }, id);
      this.emit({ type: 'step-failed', step: id, code, message });
      return { status: 'failed', code, message };
    } finally {
      this.running = null;
      if (!this.stopped) this.emitState();
    }
  }

  /** A triage decision, journaled with its reason (and, for a dismissal, optionally added to the baseline). */
  decide(fingerprint: string, decision: Decision, reason: string, opts: DecideOptions = {}): void {
    this.assertAlive();
    if (!DECISIONS.includes(decision)) throw new SpillkitError('USAGE', `decision must be one of ${DECISIONS.join(', ')}`);
    const scan = this.loadReport();
    if (!scan) throw new SpillkitError('USAGE', 'nothing to triage yet: run the scan step first');
    const finding = scan.findings.find((f) => f.fingerprint === fingerprint);
    if (!finding) throw new SpillkitError('USAGE', `no finding ${fingerprint} in this incident's scan`);
    const why = reason.replace(/\s+/g, ' ').trim();
    if (decision !== 'confirmed' && why === '') throw new SpillkitError('USAGE', `a ${decision} decision needs a reason (it goes to the journal and the report)`);
    let baseline: string | undefined;
    if (opts.baseline && decision !== 'confirmed') {
      baseline = this.options.baselineFile;
      if (!baseline) throw new SpillkitError('USAGE', 'no baseline file configured for this run');
    }
    const triage = this.playbook.steps.find((s) => s.kind === 'triage')?.id;
    // One credential, one decision: the other half of a pair (an AWS key id and its secret) goes with it.
    const partner = finding.pairedWith ? scan.findings.find((f) => f.fingerprint === finding.pairedWith) : undefined;
    for (const f of partner ? [finding, partner] : [finding]) {
      this.record(EV.triageDecision, {
        fingerprint: f.fingerprint, decision, reason: why, rule: f.rule, path: f.path, redacted: f.redacted,
        ...(f !== finding ? { pairOf: finding.fingerprint } : {}), ...(baseline ? { baseline } : {}),
      }, triage);
      if (baseline && !this.settings.dryRun) {
        // One line per entry whatever the path holds: a newline in it must not add a fingerprint of its own.
        appendFileSync(baseline, `${f.fingerprint}  # ${terminalSafe(`${decision}: ${why} (${f.rule}${f.path ? ` in ${f.path}` : ''})`)}\n`);
      }
    }
  }

  /** Decides every finding still undecided (`respond --yes` confirms them all). Returns how many findings. */
  decideAll(decision: Decision, reason: string): number {
    const scan = this.loadReport();
    const open = (scan?.findings ?? []).filter((f) => !this.state.decisions[f.fingerprint]);
    return this.decideMany(open.map((f) => f.fingerprint), decision, reason);
  }

  /**
   * One decision for many findings (the TUI's bulk actions: by rule, path glob or filter). A finding
   * decided meanwhile as the other half of a pair is not decided twice. Returns how many findings.
   */
  decideMany(fingerprints: readonly string[], decision: Decision, reason: string, opts: DecideOptions = {}): number {
    const decided = new Set<string>();
    const findings = this.loadReport()?.findings ?? [];
    for (const fp of fingerprints) {
      if (decided.has(fp)) continue;
      this.decide(fp, decision, reason, opts);
      decided.add(fp);
      const partner = findings.find((f) => f.fingerprint === fp)?.pairedWith;
      if (partner) decided.add(partner);
    }
    return decided.size;
  }

  /**
   * Ticks (or unticks) checklist item `index` of a step. Ticking the last console step of a credential on
   * a revoke or rotate step records it as done by hand (the operator, now, the console steps), so the
   * report says what the screen showed.
   */
  tick(stepId: string, index: number, checked = true): void {
    this.assertAlive();
    const step = this.stepById(stepId);
    const item = this.state.steps[step.id].checklist[index];
    if (!item) throw new SpillkitError('USAGE', `step ${stepId} has no checklist item ${index}`);
    this.record(EV.checklistTicked, { index, text: item.text, checked }, stepId);
    const fp = item.fingerprint;
    if (!checked || !fp || (step.kind !== 'revoke' && step.kind !== 'rotate')) return;
    const action: ProviderAction = step.kind;
    const items = this.state.steps[step.id].checklist.filter((c) => c.fingerprint === fp);
    if (this.state.outcomes[outcomeKey(action, fp)] !== 'manual' || !items.every((c) => c.checked)) return;
    const page = items.find((c) => /https?:\/\//.test(c.text))?.text.replace(/^.*?(https?:\/\/\S+).*$/, '$1');
    this.recordByHand(action, fp, { how: `followed the console steps${page ? ` at ${page}` : ''}, every item ticked` });
  }

  /**
   * "I did it by hand": a person revoked (or rotated) the credential in the provider's console. Journaled
   * with who, when and how for both halves of a pair; its open console items are ticked with it.
   */
  markByHand(action: ProviderAction, fingerprint: string, input: ByHandInput): ByHand {
    this.assertAlive();
    const { finding } = this.credentialOf(fingerprint);
    if (this.state.decisions[finding.fingerprint]?.decision !== 'confirmed') {
      throw new SpillkitError('USAGE', `${finding.redacted} is not a confirmed finding: confirm it in triage first`);
    }
    const step = this.stepOfKind(action);
    const checklist = this.state.steps[step.id].checklist;
    checklist.forEach((c, index) => {
      if (!c.checked && c.fingerprint === finding.fingerprint) this.record(EV.checklistTicked, { index, text: c.text, checked: true }, step.id);
    });
    return this.recordByHand(action, fingerprint, input);
  }

  /**
   * The provider's console steps for one credential, put on the step's checklist (the manual path when
   * a provider call failed or cannot be made). No provider is called. Returns how many items were added.
   */
  takeByHand(action: ProviderAction, fingerprint: string): number {
    this.assertAlive();
    const { finding, partner } = this.credentialOf(fingerprint);
    const step = this.stepOfKind(action);
    const adapter = this.settings.adapterFor(finding.provider, this.settings.env);
    const secretOf = (f: Finding): string => readFindingSecret(this.repo, f, this.settings.configPath);
    const steps = adapter.manualSteps({ finding, secret: secretOf(finding), ...(partner ? { pair: { finding: partner, secret: secretOf(partner) } } : {}) });
    const items = manualItems(steps);
    this.record(EV.checklistItemsAdded, { items: items.map((text) => ({ text, fingerprint: finding.fingerprint })) }, step.id);
    for (const f of partner ? [finding, partner] : [finding]) {
      this.record(`${action}-manual`, { fingerprint: f.fingerprint, provider: adapter.id, reason: 'taken by hand after the provider call', ...(f !== finding ? { pairOf: finding.fingerprint } : {}) }, step.id);
    }
    return items.length;
  }

  /** Next revoke of this credential lets the leaked key disable itself (`--use-leaked-key`), or not. */
  useLeakedKey(fingerprint: string, on = true): void {
    this.assertAlive();
    const { finding, partner } = this.credentialOf(fingerprint);
    if (on && !canUseLeakedKey(finding.provider)) {
      throw new SpillkitError('USAGE', `a ${finding.provider} credential cannot revoke itself: --use-leaked-key works for AWS keys only`);
    }
    const step = this.stepOfKind('revoke');
    for (const f of partner ? [finding, partner] : [finding]) this.record(EV.revokeMethod, { fingerprint: f.fingerprint, useLeakedKey: on }, step.id);
  }

  /** Where rotated credentials go: for one credential, or (no fingerprint) for all without their own. */
  setDelivery(delivery: Delivery, fingerprint?: string): void {
    this.assertAlive();
    const step = this.stepOfKind('rotate');
    const fps = fingerprint ? (({ finding, partner }) => (partner ? [finding, partner] : [finding]))(this.credentialOf(fingerprint)).map((f) => f.fingerprint) : [null];
    for (const fp of fps) this.record(EV.rotateDestination, { ...(fp ? { fingerprint: fp } : {}), delivery, described: describeDelivery(delivery) }, step.id);
  }

  private recordByHand(action: ProviderAction, fingerprint: string, input: ByHandInput): ByHand {
    const { finding, partner } = this.credentialOf(fingerprint);
    const operator = this.session.operator.name ?? this.session.operator.email ?? null;
    const byHand = parseByHand(input, operator);
    const step = this.stepOfKind(action);
    const type = action === 'revoke' ? 'revoked' : 'rotated';
    for (const f of partner ? [finding, partner] : [finding]) {
      this.record(type, {
        fingerprint: f.fingerprint, provider: f.provider, action: byHandAction(action, byHand), byHand,
        ...(action === 'rotate' ? { delivered: [], old: null, newKeyId: null } : {}),
        ...(f !== finding ? { pairOf: finding.fingerprint } : {}),
      }, step.id);
    }
    return byHand;
  }

  /** A finding of this incident's scan and its paired half, if any. */
  private credentialOf(fingerprint: string): { finding: Finding; partner: Finding | null } {
    const scan = this.loadReport();
    if (!scan) throw new SpillkitError('USAGE', 'nothing to act on yet: run the scan step first');
    const finding = scan.findings.find((f) => f.fingerprint === fingerprint);
    if (!finding) throw new SpillkitError('USAGE', `no finding ${fingerprint} in this incident's scan`);
    const partner = finding.pairedWith ? scan.findings.find((f) => f.fingerprint === finding.pairedWith) ?? null : null;
    return { finding, partner };
  }

  /** The repository has remote-tracking refs (a clone): only then can "not pushed" be told. Read once. */
  private hasRemoteTracking(): boolean {
    if (this.tracksRemotes === null) {
      try {
        this.tracksRemotes = readRefs(this.repo).refs.some((r) => r.name.startsWith('refs/remotes/'));
      } catch {
        this.tracksRemotes = false;
      }
    }
    return this.tracksRemotes;
  }

  private stepOfKind(kind: ProviderAction): PlaybookStep {
    const step = this.playbook.steps.find((s) => s.kind === kind);
    if (!step) throw new SpillkitError('USAGE', `playbook ${this.playbook.id} has no ${kind} step`);
    return step;
  }

  skip(stepId: string, reason = 'skipped by the operator'): void {
    this.assertAlive();
    this.stepById(stepId);
    if (this.running === stepId) throw new SpillkitError('USAGE', `step ${stepId} is running; it cannot be skipped now`);
    this.record(EV.stepSkipped, { reason }, stepId);
    this.emit({ type: 'step-skipped', step: stepId, reason });
  }

  /** The front end's answer to a `confirm` event; journaled before the step acts on it. */
  answer(id: string, yes: boolean): void {
    this.assertAlive();
    const pending = this.pending;
    if (!pending || pending.request.id !== id) throw new SpillkitError('USAGE', `no confirmation ${id} is waiting for an answer`);
    this.pending = null;
    this.record(EV.confirmationAnswered, { id, yes }, pending.request.step);
    pending.resolve(yes);
  }

  /** Stops: journals where, releases the lock. Nothing is lost; `respond` resumes here. */
  quit(): void {
    if (this.stopped) return;
    const at = this.running ?? currentStep(this.playbook, this.state)?.id ?? null;
    this.record(EV.respondQuit, { at });
    this.stopped = true;
    const pending = this.pending;
    this.pending = null;
    pending?.reject(new QuitSignal('quit'));
    this.session.release();
  }

  /** Releases the lock without journaling (after the playbook finished, or in tests). */
  release(): void {
    this.stopped = true;
    this.session.release();
  }

  private finish(): void {
    if (this.state.closed) return;
    const unrevoked = this.unrevoked();
    this.record(EV.incidentClosed, { playbook: this.playbook.id, ...(unrevoked.length ? { unrevoked: unrevoked.map((u) => u.fingerprint) } : {}) });
    if (!this.settings.dryRun) this.session.incident?.close();
    if (unrevoked.length) {
      this.emit({ type: 'log', step: null, level: 'warn', message: `${unrevoked.length} confirmed credential(s) are NOT revoked: ${unrevoked.map((u) => `${u.redacted} (${u.provider}, ${u.status})`).join(', ')}` });
    }
    this.emit({ type: 'finished', incident: this.incidentId, unrevoked });
  }

  /** Confirmed credentials (one per pair) that neither a revoke nor a rotation retired. */
  unrevoked(): Unrevoked[] {
    const confirmed = (this.loadReport()?.findings ?? []).filter((f) => this.state.decisions[f.fingerprint]?.decision === 'confirmed');
    const out: Unrevoked[] = [];
    for (const { primary, partner } of credentialGroups(confirmed)) {
      const halves = partner ? [primary, partner] : [primary];
      const done = (action: ProviderAction): boolean => halves.some((f) => this.state.outcomes[outcomeKey(action, f.fingerprint)] === 'done');
      if (done('revoke') || done('rotate')) continue;
      const status = this.state.outcomes[outcomeKey('revoke', primary.fingerprint)];
      out.push({ fingerprint: primary.fingerprint, redacted: primary.redacted, provider: primary.provider, status: status ?? 'not attempted' });
    }
    return out;
  }

  private context(step: PlaybookStep): StepContext {
    return {
      step,
      repo: this.repo,
      repoPath: this.options.repoPath,
      store: this.session.store,
      incident: this.settings.dryRun ? null : this.session.incident,
      settings: this.settings,
      state: () => this.state,
      entries: () => this.session.journal.read(),
      record: (type, data) => this.record(type, data ?? {}, step.id),
      log: (message, level = 'info') => this.emit({ type: 'log', step: step.id, level, message }),
      progress: (p) => this.progress(step.id, p),
      found: (items) => this.emit({ type: 'scan-found', step: step.id, items }),
      confirm: (question) => this.confirm(step.id, question),
      report: () => this.loadReport(),
      setReport: (report) => {
        this.scanReport = { file: null, report };
      },
      confirmed: () => (this.loadReport()?.findings ?? []).filter((f) => this.state.decisions[f.fingerprint]?.decision === 'confirmed'),
      withoutLock: async (fn) => {
        this.session.unlock();
        try {
          return await fn();
        } finally {
          this.session.relock();
        }
      },
      writeArtifact: (name, content) => this.writeArtifact(name, content),
      artifactPath: (name) => this.artifactPath(name),
    };
  }

  private confirm(step: string, question: string): Promise<boolean> {
    const request: ConfirmRequest = { id: `${step}-${randomBytes(4).toString('hex')}`, step, question, destructive: true };
    this.record(EV.confirmationRequested, { id: request.id, question, destructive: true }, step);
    return new Promise<boolean>((resolve, reject) => {
      this.pending = { request, resolve, reject };
      this.emit({ type: 'confirm', ...request });
      this.emitState();
    });
  }

  private progress(step: string, p: ScanProgress): void {
    const now = Date.now();
    if (now - this.lastProgress < PROGRESS_EVERY_MS && p.objects < p.total) return;
    this.lastProgress = now;
    this.emit({ type: 'scan-progress', step, objects: p.objects, total: p.total, bytes: p.bytes, elapsedMs: p.elapsedMs });
  }

  /** The incident's scan: the one this process ran, else the saved file the journal names. */
  private loadReport(): ScanReport | null {
    const file = this.state.scanFile;
    if (this.scanReport && (file === null || this.scanReport.file === file || this.scanReport.file === null)) {
      if (file !== null && this.scanReport.file === null) this.scanReport.file = file;
      return this.scanReport.report;
    }
    if (file === null || !this.session.store) return null;
    this.scanReport = { file, report: this.session.store.readScan(file) };
    return this.scanReport.report;
  }

  private writeArtifact(name: string, content: string): string {
    const incident = this.session.incident;
    if (incident && !this.settings.dryRun) return incident.writeArtifact(name, content);
    // A dry run writes nothing anywhere, not even a temporary file: steps get a name to show.
    return `${name} (dry run: not written)`;
  }

  /** Where an artifact of this incident is; null in a dry run, whose artifacts are never files. */
  private artifactPath(name: string): string | null {
    const incident = this.session.incident;
    if (!incident || this.settings.dryRun) return null;
    const path = incident.artifactPath(name);
    return existsSync(path) ? path : null;
  }

  private stepById(id: string): PlaybookStep {
    const step = this.playbook.steps.find((s) => s.id === id);
    if (!step) throw new SpillkitError('USAGE', `playbook ${this.playbook.id} has no step ${JSON.stringify(id)} (steps: ${this.playbook.steps.map((s) => s.id).join(', ')})`);
    return step;
  }

  private assertAlive(): void {
    if (this.stopped) throw new SpillkitError('USAGE', 'this runner has quit; open a new one to resume');
  }

  private record(type: string, data: Record<string, unknown>, step?: string): void {
    this.session.journal.append({ type, ...(step !== undefined ? { step } : {}), data });
    this.state = replay(this.playbook, this.session.journal.read());
    this.emitState();
  }

  private emitState(): void {
    if (this.listeners.size === 0) return;
    this.emit({ type: 'state', state: this.snapshot() });
  }

  private emit(event: RunnerEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

