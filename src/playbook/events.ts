/**
 * What the headless runner tells its front ends (the Ink TUI, the line printer of `respond --yes`, the
 * `--json` event stream). Every event is plain JSON; none carries a secret.
 */
import type { Finding } from '../scan/finding.js';
import type { ProviderItemStatus } from './journal-events.js';
import type { BlastRadius, ChecklistItem, Decision, StepStatus } from './state.js';
import type { StepKind } from './types.js';
import type { Exposure } from './exposure.js';

export interface StepView {
  id: string;
  title: string;
  kind: StepKind;
  guidance: string;
  optional: boolean;
  status: StepStatus;
  /** Last summary, reason for needing the user, or error message. */
  detail: string | null;
  checklist: ChecklistItem[];
}

/** A finding as the triage table shows it: never the secret, plus the decision and provider progress. */
export type FindingView = Omit<Finding, 'secret'> & {
  decision: Decision | null;
  reason: string | null;
  revoke: ProviderItemStatus | null;
  rotate: ProviderItemStatus | null;
  /** What `spillkit analyze` found it reaches, when it was analysed during this incident. */
  blastRadius?: BlastRadius;
  /** What the provider said last for revoke / rotate: a failure's whole reason, or what was done. */
  revokeNote: string | null;
  rotateNote: string | null;
  /** Whether it left the machine (exposure.ts). */
  exposure: Exposure;
  /** The provider can let the leaked credential revoke itself (`--use-leaked-key`); and whether that was chosen. */
  canUseLeakedKey: boolean;
  useLeakedKey: boolean;
  /** Where its rotation delivers, described (null: not chosen yet). */
  delivery: string | null;
};

/** A credential that is not revoked when the playbook completes, named for the warning. */
export interface Unrevoked {
  fingerprint: string;
  redacted: string;
  provider: string;
  /** Where its revoke stands (`failed`, `declined`, ... or `not attempted`). */
  status: string;
}

export interface RunnerSnapshot {
  incident: { id: string; dir: string | null; resumed: boolean };
  playbook: { id: string; title: string; description: string; source: string };
  repository: string;
  dryRun: boolean;
  providerDryRun: boolean;
  steps: StepView[];
  /** Id of the step `next()` runs, null when every step is done or skipped. */
  current: string | null;
  /** Id of the step running right now, if any. */
  running: string | null;
  /** The incident scan's findings (empty before the scan step). */
  findings: FindingView[];
  scannedAt: string | null;
  pendingConfirmation: ConfirmRequest | null;
}

export interface ConfirmRequest {
  id: string;
  step: string;
  question: string;
  destructive: true;
}

export interface ScanProgress {
  objects: number;
  total: number;
  bytes: number;
  elapsedMs: number;
}

/** A match the scan found while it runs (before de-duplication and provenance): never the secret. */
export interface FoundItem {
  rule: string;
  provider: string;
  redacted: string;
  source: string;
}

export type RunnerEvent =
  | { type: 'state'; state: RunnerSnapshot }
  | { type: 'step-started'; step: string; kind: StepKind; title: string }
  | { type: 'step-finished'; step: string; summary: string }
  | { type: 'step-failed'; step: string; code: string; message: string }
  | { type: 'step-needs-user'; step: string; reason: string; checklist: ChecklistItem[] }
  | { type: 'step-skipped'; step: string; reason: string }
  | ({ type: 'scan-progress'; step: string } & ScanProgress)
  | { type: 'scan-found'; step: string; items: FoundItem[] }
  | { type: 'log'; step: string | null; level: 'info' | 'warn'; message: string }
  | ({ type: 'confirm' } & ConfirmRequest)
  | { type: 'finished'; incident: string; unrevoked: Unrevoked[] };

export type RunnerListener = (event: RunnerEvent) => void;

/** What one step run ended in. */
export type StepResult =
  | { status: 'done'; summary: string }
  | { status: 'needs-user'; reason: string }
  | { status: 'failed'; code: string; message: string }
  | { status: 'skipped'; reason: string };

/** What `run()` stopped at. */
export type RunResult =
  | { status: 'finished' }
  | { status: 'needs-user' | 'failed'; step: string; message: string };
