import type { IncidentMeta, JournalEntry } from '../../incident/types.js';
import type { RewriteState } from '../../rewrite/apply.js';
import type { RewritePlan } from '../../rewrite/types.js';
import type { Verification } from '../../rewrite/verify.js';
import type { ScanReport } from '../../scan/finding.js';
import type { RemoteSighting } from './types.js';

/** Facts read from the repository (gather.ts): the only IO behind a report besides the store. */
export interface GitFacts {
  /** Author and committer date (ISO) of each introducing commit the object database holds. */
  commitDates: Record<string, { authoredAt: string; committedAt: string }>;
  /** Per introducing commit: the first remote-tracking reflog entry that reaches it, or null (none does). */
  firstRemote: Record<string, RemoteSighting | null>;
  /** Whether any remote-tracking reflog was found at all (without one, "never pushed" cannot be told). */
  remoteReflogs: boolean;
  /** Per finding path: ignored by .gitignore rules today (`git check-ignore --no-index`); null if unknown. */
  ignoredNow: Record<string, boolean | null>;
  /** The pre-commit hook as installed today; null when it could not be read (bare repository...). */
  preCommitHook: { path: string; exists: boolean; scanner: string | null } | null;
  /** Notes on what could not be read. */
  warnings: string[];
}

/** Everything buildIncidentReport needs; gather.ts collects it, tests write it by hand. */
export interface ReportInput {
  generatedAt: string;
  toolVersion: string;
  repository: string;
  incident: IncidentMeta | null;
  journal: JournalEntry[];
  /** Damaged journal lines and the like, already in words. */
  journalWarnings: string[];
  scan: ScanReport | null;
  scanFile: string | null;
  /** Per fingerprint: scannedAt of the oldest saved scan that holds it (when it was first detected). */
  detections: Record<string, string>;
  rewritePlan: RewritePlan | null;
  rewriteState: RewriteState | null;
  verification: Verification | null;
  git: GitFacts;
}
