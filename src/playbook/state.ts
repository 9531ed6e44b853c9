/**
 * Event sourcing: the runner's state is a pure function of the playbook and the incident's journal.
 * `replay` is what resume runs; the runner also re-runs it after every append, so what a front end sees
 * is always exactly what a restart would see.
 */
import type { JournalEntry } from '../incident/types.js';
import { EV, OUTCOME_TYPES, type ProviderAction, type ProviderItemStatus } from './journal-events.js';
import type { Delivery, Risk } from '../providers/contract.js';
import type { Playbook, PlaybookStep } from './types.js';

export type StepStatus = 'pending' | 'running' | 'interrupted' | 'done' | 'needs-user' | 'failed' | 'skipped';
export type Decision = 'confirmed' | 'false-positive' | 'allowlisted';
export const DECISIONS: readonly Decision[] = ['confirmed', 'false-positive', 'allowlisted'];

export interface ChecklistItem {
  text: string;
  checked: boolean;
  /** Set for items a provider step added for one finding (its console steps). */
  fingerprint?: string;
}

export interface StepState {
  status: StepStatus;
  /** The last summary, reason or error message, for display. */
  detail: string | null;
  checklist: ChecklistItem[];
  /** The step's own work finished (summary); what is left is its checklist. Null until then. */
  workDone: string | null;
}

export interface DecisionRecord {
  decision: Decision;
  reason: string;
  at: string;
  by: string | null;
}

export interface ReplayedState {
  /** Playbook reference recorded by the first `respond-started`, or null (incident opened elsewhere). */
  playbookRef: string | null;
  started: boolean;
  steps: Record<string, StepState>;
  /** The saved scan of this incident's scan step. */
  scanFile: string | null;
  decisions: Record<string, DecisionRecord>;
  /** `${action}:${fingerprint}` -> where that provider action stands. */
  outcomes: Record<string, ProviderItemStatus>;
  /** `${action}:${fingerprint}` -> what the provider said last (a failure's whole reason, what was done). */
  outcomeNotes: Record<string, string>;
  /** Fingerprints whose next revoke lets the leaked credential disable itself (`--use-leaked-key`). */
  useLeakedKey: Record<string, boolean>;
  /** Where a rotated credential goes, by fingerprint; `*` for every credential without its own. */
  deliveries: Record<string, Delivery>;
  /** The last successful `spillkit analyze` of each fingerprint: its risk and what it reaches. */
  blastRadius: Record<string, BlastRadius>;
  /** Confirmations asked and not answered when the journal ends (the process died waiting). */
  unanswered: string[];
  closed: boolean;
}

export interface BlastRadius {
  risk: Risk;
  kind: string;
  summary: string[];
}

export function outcomeKey(action: ProviderAction, fingerprint: string): string {
  return `${action}:${fingerprint}`;
}

export function replay(playbook: Playbook, entries: JournalEntry[]): ReplayedState {
  const steps: Record<string, StepState> = {};
  for (const step of playbook.steps) {
    steps[step.id] = { status: 'pending', detail: null, workDone: null, checklist: step.checklist.map((text) => ({ text, checked: false })) };
  }
  const state: ReplayedState = {
    playbookRef: null, started: false, steps, scanFile: null, decisions: {}, outcomes: {}, outcomeNotes: {}, useLeakedKey: {}, deliveries: {},
    blastRadius: {}, unanswered: [], closed: false,
  };
  const asked = new Set<string>();
  for (const entry of entries) {
    const data = (entry.data ?? {}) as Record<string, unknown>;
    const step = entry.step !== undefined ? steps[entry.step] : undefined;
    const outcome = OUTCOME_TYPES[entry.type];
    if (outcome && typeof data.fingerprint === 'string') {
      const key = outcomeKey(outcome.action, data.fingerprint);
      state.outcomes[key] = outcome.outcome;
      const note = text(data.message) ?? text(data.action) ?? text(data.would);
      if (note !== null) state.outcomeNotes[key] = note;
      else delete state.outcomeNotes[key];
    }
    switch (entry.type) {
      case EV.respondStarted:
        state.started = true;
        if (state.playbookRef === null && typeof data.playbook === 'string') state.playbookRef = data.playbook;
        break;
      case EV.stepStarted:
        if (step) setStatus(step, 'running', null);
        break;
      case EV.stepFinished:
        if (step) setStatus(step, 'done', text(data.summary));
        break;
      case EV.stepWorkDone:
        if (step) step.workDone = text(data.summary) ?? '';
        break;
      case EV.stepFailed:
        if (step) setStatus(step, 'failed', text(data.message));
        break;
      case EV.stepNeedsUser:
        if (step) setStatus(step, 'needs-user', text(data.reason));
        break;
      case EV.stepSkipped:
        if (step) setStatus(step, 'skipped', text(data.reason));
        break;
      case EV.scanSummary:
        if (typeof data.file === 'string') state.scanFile = data.file;
        // A new scan starts triage over: decisions name fingerprints of the scan they were made on,
        // and fingerprints are stable, so earlier decisions on the same findings still apply.
        break;
      case EV.triageDecision:
        if (typeof data.fingerprint === 'string' && DECISIONS.includes(data.decision as Decision)) {
          state.decisions[data.fingerprint] = {
            decision: data.decision as Decision,
            reason: typeof data.reason === 'string' ? data.reason : '',
            at: entry.ts,
            by: entry.operator?.name ?? entry.operator?.email ?? null,
          };
        }
        break;
      case EV.analysis: {
        const a = data.analysis as { risk?: unknown; kind?: unknown; summary?: unknown } | undefined;
        if (typeof data.fingerprint === 'string' && data.state === 'ok' && a && typeof a.risk === 'string' && typeof a.kind === 'string') {
          const summary = Array.isArray(a.summary) ? a.summary.filter((l): l is string => typeof l === 'string') : [];
          state.blastRadius[data.fingerprint] = { risk: a.risk as Risk, kind: a.kind, summary };
        }
        break;
      }
      case EV.revokeMethod:
        if (typeof data.fingerprint === 'string') state.useLeakedKey[data.fingerprint] = data.useLeakedKey === true;
        break;
      case EV.rotateDestination: {
        const d = data.delivery as Delivery | undefined;
        if (d && typeof d === 'object' && typeof d.kind === 'string') state.deliveries[typeof data.fingerprint === 'string' ? data.fingerprint : '*'] = d;
        break;
      }
      case EV.checklistItemsAdded:
        if (step && Array.isArray(data.items)) {
          for (const item of data.items as Array<{ text?: unknown; fingerprint?: unknown }>) {
            if (typeof item.text !== 'string') continue;
            // Re-running a step re-adds the same console steps: keep one copy, and its tick.
            const fp = typeof item.fingerprint === 'string' ? item.fingerprint : undefined;
            if (step.checklist.some((c) => c.text === item.text && c.fingerprint === fp)) continue;
            step.checklist.push({ text: item.text, checked: false, ...(fp ? { fingerprint: fp } : {}) });
          }
        }
        break;
      case EV.checklistTicked: {
        const index = data.index;
        if (step && typeof index === 'number' && step.checklist[index]) step.checklist[index].checked = data.checked !== false;
        break;
      }
      case EV.confirmationRequested:
        if (typeof data.id === 'string') asked.add(data.id);
        break;
      case EV.confirmationAnswered:
        if (typeof data.id === 'string') asked.delete(data.id);
        break;
      case EV.incidentClosed:
        state.closed = true;
        break;
      default:
        break;
    }
  }
  // A step journaled as started with no outcome after it: the process stopped in the middle of it.
  for (const s of Object.values(steps)) if (s.status === 'running') s.status = 'interrupted';
  state.unanswered = [...asked];
  return state;
}

/** The step to run next: the first one not done or skipped (null when the playbook is complete). */
export function currentStep(playbook: Playbook, state: ReplayedState): PlaybookStep | null {
  return playbook.steps.find((s) => state.steps[s.id].status !== 'done' && state.steps[s.id].status !== 'skipped') ?? null;
}

function setStatus(step: StepState, status: StepStatus, detail: string | null): void {
  step.status = status;
  step.detail = detail;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
