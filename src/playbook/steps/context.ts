import type { Repository } from '../../git/repo.js';
import type { Incident } from '../../incident/incident.js';
import type { JournalEntry } from '../../incident/types.js';
import type { IncidentStore } from '../../incident/store.js';
import type { Delivery, ProviderAdapter } from '../../providers/contract.js';
import type { Finding, ScanReport } from '../../scan/finding.js';
import type { FoundItem, ScanProgress } from '../events.js';
import type { ReplayedState } from '../state.js';
import type { PlaybookStep } from '../types.js';

/** What a step's executor returns; throwing means the step failed. */
export type StepOutcome = { status: 'done'; summary: string } | { status: 'needs-user'; reason: string };

/** Settings of a run that executors read. */
export interface StepSettings {
  /** Nothing changes anywhere: the journal is in memory, providers get read calls only. */
  dryRun: boolean;
  /** Provider steps only make read calls (the demo); everything else is real. */
  providerDryRun: boolean;
  /** Nobody is there to tick, type or decide: steps that need a person stop the run. */
  unattended: boolean;
  toolVersion: string;
  threads?: number;
  /** Check each finding live with its provider during the scan step (`respond --verify`). */
  verify?: boolean;
  configPath?: string;
  env: NodeJS.ProcessEnv;
  adapterFor: (provider: string, env: NodeJS.ProcessEnv) => ProviderAdapter;
  /** Which providers' revoke changes something (a confirmation first); the others only name a console. */
  hasRevokeApi: (provider: string) => boolean;
  rotateDelivery?: Delivery;
  deleteOld: boolean;
  promptHidden?: (question: string) => Promise<string>;
}

/** Everything an executor may touch; the runner builds one per step run. */
export interface StepContext {
  step: PlaybookStep;
  repo: Repository;
  repoPath: string;
  store: IncidentStore | null;
  /** Null in a dry run. */
  incident: Incident | null;
  settings: StepSettings;
  /** The journal-derived state, current as of the last record(). */
  state(): ReplayedState;
  /** The journal's entries (provider adapters reconcile interrupted calls from them). */
  entries(): JournalEntry[];
  /** Append to the journal under this step (fsynced before it returns) and refresh the state. */
  record(type: string, data?: Record<string, unknown>): void;
  log(message: string, level?: 'info' | 'warn'): void;
  progress(p: ScanProgress): void;
  /** Matches found so far by a running scan, for the front end. */
  found(items: FoundItem[]): void;
  /** Ask the front end; journaled before and after. Destructive actions only. */
  confirm(question: string): Promise<boolean>;
  /** This incident's scan (null before the scan step ran). */
  report(): ScanReport | null;
  setReport(report: ScanReport): void;
  /** Findings the triage confirmed, in scan order. */
  confirmed(): Finding[];
  /** Runs code that takes the incident lock itself (rewrite --apply) with ours released meanwhile. */
  withoutLock<T>(fn: () => Promise<T>): Promise<T>;
  /** Writes an incident artifact; returns its path (in a dry run it is kept in memory, and named, not written). */
  writeArtifact(name: string, content: string): string;
  /** Where an artifact of this incident is; null when there is none (always, in a dry run). */
  artifactPath(name: string): string | null;
}
