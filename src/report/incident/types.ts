import type { IncidentStatus, Operator } from '../../incident/types.js';
import type { Severity } from '../../rules/types.js';
import type { Finding } from '../../scan/finding.js';

/**
 * The incident report as data (`spillkit report --format json` prints exactly this). It is built by
 * a pure function from the incident's journal, its saved scan, its artifacts and a few facts read from
 * git; the Markdown and HTML pages only render it. It never holds a secret: its sources never do.
 */
export interface IncidentReport {
  version: 1;
  generatedAt: string;
  tool: { name: 'spillkit'; version: string };
  repository: string;
  /** Null for a scan-only report (no incident was opened yet). */
  incident: ReportIncident | null;
  scan: { scannedAt: string; findings: number; file: string | null } | null;
  summary: ReportSummary;
  secrets: ReportSecret[];
  /** Findings a person dismissed in triage (false positive, allowlisted), with the reason. */
  dismissed: DismissedFinding[];
  timeline: TimelineEvent[];
  commits: AffectedCommit[];
  refs: AffectedRef[];
  rewrite: RewriteSummary | null;
  actions: ReportAction[];
  openItems: OpenItem[];
  lessons: Lesson[];
  /** What the report could not read or had to guess (a damaged journal line, a missing reflog). */
  warnings: string[];
}

export interface ReportIncident {
  id: string;
  title: string;
  playbook: string;
  status: IncidentStatus;
  openedAt: string;
  openedBy: Operator;
  closedAt: string | null;
}

export interface ReportSummary {
  severity: Severity;
  /** Why that severity, in words. */
  severityReason: string;
  /** One sentence a manager can read. */
  headline: string;
  secrets: number;
  revoked: number;
  rotated: number;
  /** Secrets whose reachable history still holds them (no verified, pushed rewrite). */
  inHistory: number;
  /** Earliest start and latest end over every secret's exposure; `end` null while one is still open. */
  exposure: { start: string | null; end: string | null; open: boolean; durationMs: number | null };
}

/** When and how a commit first became reachable from a remote-tracking ref, per its reflog. */
export interface RemoteSighting {
  at: string;
  ref: string;
  /** `push`: this clone pushed it (the time is the push); `fetch`/`clone`: learned it then (pushed at or before). */
  how: 'push' | 'fetch' | 'clone' | 'other';
  message: string;
}

export interface ExposureWindow {
  /** When the secret became exposed: its push when the reflog shows one, else its commit (the safe side). */
  start: string | null;
  startBasis: 'push' | 'commit' | 'unknown';
  /** Revocation time; null while it is still open. */
  end: string | null;
  open: boolean;
  /** `end - start`, or `generatedAt - start` while open. */
  durationMs: number | null;
}

export interface ProviderEvidence {
  lastUsed: string | null;
  service: string | null;
  region: string | null;
  notes: string[];
  /** Last use after the exposure started: true, false, or null when either date is unknown. */
  usedAfterLeak: boolean | null;
  /** Last use after revocation (the revocation did not hold, or the date is the provider's lag). */
  usedAfterRevocation: boolean | null;
  recordedAt: string;
}

export interface ReportSecret {
  fingerprint: string;
  rule: string;
  provider: string;
  severity: Severity;
  confidence: Finding['confidence'] | null;
  redacted: string;
  source: Finding['source'] | null;
  path: string | null;
  line: number | null;
  /** `path:line:column`, or the message / dangling blob that holds it. */
  location: string;
  commit: string | null;
  tag: string | null;
  author: string | null;
  authorEmail: string | null;
  authoredAt: string | null;
  committedAt: string | null;
  refs: string[];
  reachable: boolean | null;
  presentAtHead: boolean | null;
  occurrences: number | null;
  pairedWith: string | null;
  owner: string | null;
  account: string | null;
  scopes: string[];
  keyId: string | null;
  firstRemote: RemoteSighting | null;
  detectedAt: string | null;
  revoked: { at: string; by: Operator; action: string | null } | null;
  /** The last attempt that did not revoke it (refused, could not tell, manual provider). */
  revokeProblem: { at: string; code: string } | null;
  rotated: { at: string; by: Operator; newKeyId: string | null; old: string | null; delivered: string[] } | null;
  rotateProblem: { at: string; code: string } | null;
  rewrite: { operation: string; rewrittenAt: string | null; verified: boolean | null; pushedAt: string | null } | null;
  evidence: ProviderEvidence | null;
  exposure: ExposureWindow;
  /** False when the saved scan does not hold it (only the journal names it). */
  inScan: boolean;
  /** What `spillkit analyze` found the credential could reach; absent when it was not analysed. */
  blastRadius?: { risk: string; kind: string; principal: string | null; summary: string[]; gaps: string[]; analyzedAt: string };
}

export interface DismissedFinding {
  fingerprint: string;
  redacted: string | null;
  location: string | null;
  decision: string;
  reason: string | null;
  at: string;
  by: Operator;
}

export type TimelineKind =
  | 'authored'
  | 'committed'
  | 'first-remote'
  | 'detected'
  | 'incident-opened'
  | 'revoked'
  | 'rotated'
  | 'rewrite-planned'
  | 'rewritten'
  | 'verified'
  | 'pushed'
  | 'remote-verified'
  | 'host-refs-acknowledged'
  | 'incident-closed';

export interface TimelineEvent {
  at: string;
  kind: TimelineKind;
  /** The secrets it is about (empty for incident-wide events). */
  fingerprints: string[];
  text: string;
  by: Operator | null;
}

export interface AffectedCommit {
  id: string;
  author: string | null;
  authoredAt: string | null;
  committedAt: string | null;
  fingerprints: string[];
  /** Where the commit first reached a remote-tracking ref, if it did. */
  firstRemote: RemoteSighting | null;
}

export interface AffectedRef {
  name: string;
  fingerprints: string[];
  /** From the rewrite plan: force-push, rewrite-local, drop, host; null when no plan. */
  planned: string | null;
}

export interface RewriteSummary {
  plannedAt: string | null;
  appliedAt: string | null;
  verified: boolean | null;
  verification: { content: boolean; metadata: boolean; rescan: boolean; remaining: number; problems: string[] } | null;
  pushedAt: string | null;
  pushedTo: string | null;
  movedRefs: Array<{ ref: string; oldId: string; newId: string }>;
  removePaths: string[];
  rewrittenCommits: number | null;
  /** The latest fresh-clone check of the remote (`rewrite --verify-remote`); absent until one ran. */
  remote?: RemoteVerificationSummary;
}

export interface RemoteVerificationSummary {
  verifiedAt: string;
  remote: string | null;
  clean: boolean;
  /** Not clean, but every ref still holding a secret is acknowledged as waiting on the host. */
  waitingOnHost: boolean;
  remaining: Array<{ fingerprints: string[]; redacted: string | null; refs: string[] }>;
  /** Pull-request refs acknowledged as waiting on the host's support. */
  acknowledgedRefs: string[];
}

export interface ReportAction {
  seq: number;
  at: string;
  by: Operator;
  type: string;
  step: string | null;
  /** What happened, in words, built from the entry's data (never a secret: the journal holds none). */
  text: string;
  fingerprint: string | null;
}

export interface OpenItem {
  kind:
    | 'revoke'
    | 'rotate'
    | 'rewrite'
    | 'verify'
    | 'push'
    | 'host'
    | 'gitignore'
    | 'hook'
    | 'step'
    | 'close';
  fingerprint: string | null;
  text: string;
  /** A command that does it, when spillkit can. */
  command: string | null;
}

export interface Lesson {
  topic: 'ignore' | 'hook' | 'message' | 'detection' | 'remote' | 'head' | 'spread' | 'usage' | 'response';
  fact: string;
  /** What would have prevented it or shortened it; a prompt for the postmortem, not a verdict. */
  suggestion: string;
}
