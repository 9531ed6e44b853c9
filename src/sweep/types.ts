import type { Finding } from '../scan/finding.js';

/** One repository a sweep will scan, as discovery found it (before anything is cloned or read). */
export interface SweepTarget {
  /** Canonical name: `owner/repo` for GitHub, the path relative to the swept directory for a local sweep. */
  name: string;
  /** Where it comes from: the clone URL, or the local path. */
  source: string;
  /** A local repository (worktree, bare, `.git`) to scan in place. */
  localPath?: string;
  /** A remote one: mirrored into this cache path before the scan. */
  mirror?: { cloneUrl: string; path: string };
  /** Size the host reports (GitHub `size`), so a huge repository is skipped before it is cloned. */
  reportedBytes?: number;
}

export type SweepStatus = 'scanned' | 'failed' | 'skipped';

/**
 * How urgent a repository is, worst first. Live-key verification is not part of a sweep, so the top tier
 * is a critical-severity secret still in the default branch's tip; `unknown` is a repository that could
 * not be scanned (failed or skipped), which is a risk of its own and is never reported as clean.
 */
export const RISK_ORDER = ['live', 'critical-at-head', 'at-head', 'history-only', 'unknown', 'none'] as const;
export type RiskTier = (typeof RISK_ORDER)[number];

export type SweepFinding = Finding & { repository: string };

export interface SweepRepositoryStats {
  objects: number;
  blobBytes: number;
  durationMs: number;
}

/** One repository's entry in the combined result. */
export interface SweepRepository {
  name: string;
  source: string;
  /** sha256 over HEAD, every ref and its id, and the object database's packs: null when never read. */
  tip: string | null;
  status: SweepStatus;
  risk: RiskTier;
  /** One line: why the repository failed or was skipped. */
  error?: string;
  scannedAt: string | null;
  stats: SweepRepositoryStats | null;
  warnings: string[];
  findings: SweepFinding[];
}

export interface SweepStats {
  repositories: number;
  scanned: number;
  failed: number;
  skipped: number;
  /** Repositories whose saved result was reused because their tip had not moved (summed over shards). */
  reused: number;
  repositoriesWithFindings: number;
  findings: number;
  findingsAtHead: number;
  bySeverity: { critical: number; high: number; medium: number; low: number };
  byRisk: Record<RiskTier, number>;
  objects: number;
  blobBytes: number;
  /** Wall time of the sweep (summed over shards by `merge`). */
  durationMs: number;
}

/** `spillkit sweep --format json`, also the input of `spillkit merge`. */
export interface SweepResult {
  version: 1;
  kind: 'sweep';
  sweptAt: string;
  /** Present on a shard's result; absent on a whole run and on a complete merge. */
  shard?: { index: number; count: number };
  /** Present after a merge that lacked some shards: the shard indexes that were merged. */
  mergedShards?: { count: number; indexes: number[] };
  stats: SweepStats;
  /** Problems of the sweep itself (a directory that cannot be read, a repository name refused). */
  warnings: string[];
  repositories: SweepRepository[];
}
