/** Who ran a step: from git config (user.name/user.email) or the environment; null when unknown. */
export interface Operator {
  name: string | null;
  email: string | null;
}

export type IncidentStatus = 'open' | 'closed';

/** `incidents/<id>/incident.json`: what the incident is about and whether it is still running. */
export interface IncidentMeta {
  /** Schema of this file; bumps with the store's VERSION. */
  version: 1;
  id: string;
  title: string;
  /** Playbook id (or file) the incident follows; resume picks the playbook up from here. */
  playbook: string;
  /** Who opened the incident. Each journal entry records who did that step. */
  operator: Operator;
  status: IncidentStatus;
  createdAt: string;
  closedAt: string | null;
}

/** What a caller hands to Journal.append. */
export interface JournalEvent {
  /** What happened: `step-started`, `step-done`, `revoked`, `scan-saved`, `lock-taken-over`, ... */
  type: string;
  /** Playbook step id, when the event belongs to one. */
  step?: string;
  /** Plain JSON facts (fingerprints, redacted hints, paths). Never a secret: see journal-guard.ts. */
  data?: Record<string, unknown>;
}

/** One line of `journal.jsonl`. */
export interface JournalEntry extends JournalEvent {
  /** 1, 2, 3, ... in file order; continues across processes (the incident lock keeps one writer). */
  seq: number;
  /** ISO 8601 UTC, when the entry was written. */
  ts: string;
  operator: Operator;
}
