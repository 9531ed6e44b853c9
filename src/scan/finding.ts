import type { ImportSource } from '../import/types.js';
import type { Confidence, Severity } from '../rules/types.js';
import type { RepoConfigStats } from './repo-config-stats.js';
import type { Validation } from '../verify/validator.js';

/** One distinct secret, per path, per rule: the unit every later step (revoke, rewrite, report) works on. */
export interface Finding {
  fingerprint: string;
  rule: string;
  provider: string;
  severity: Severity;
  confidence: Confidence;
  source: 'blob' | 'commit-message' | 'tag-message';
  /** Blob path as in the tree, `/`-separated; null for messages or a blob no commit reaches. */
  path: string | null;
  /** 1-based line where the secret starts, in the introducing version (or the message). */
  line: number;
  /** 1-based column, in characters, where the secret starts. */
  column: number;
  /** Introducing commit; null for a dangling blob that no commit holds. */
  commit: string | null;
  author: string | null;
  authorEmail: string | null;
  /** Author date of the introducing commit, ISO 8601 UTC. */
  date: string | null;
  /** Tag name, for tag messages. */
  tag?: string;
  /** Object holding the secret in the introducing version (blob, commit or tag object). */
  blob: string;
  /** Every ref from which the introducing commit is reachable, sorted. */
  refs: string[];
  /** Null when the scan's refs could not all be read and no readable ref reaches it (unknown). */
  reachable: boolean | null;
  /** Null when the scan's refs could not all be read and it is not known to be at HEAD (unknown). */
  presentAtHead: boolean | null;
  /** Only with `--verify`, for kinds spillkit can check: live, not live, or unknown (with why). */
  validation?: Validation;
  redacted: string;
  secretHash: string;
  occurrences: number;
  /** Why this is a finding: prefix, checksum, context keyword, entropy, file kind, ... */
  why: string[];
  /** Fingerprint of the paired half (an AWS key id and its secret key found together). */
  pairedWith?: string;
  /** Present only with --show-secrets. */
  secret?: string;
  /** The other scanners' reports this finding came in from (`spillkit import`); absent on a scan's own. */
  importedFrom?: ImportSource[];
  /**
   * Length in bytes of the secret at `line`/`column` of `blob`, on an imported finding that no rule of
   * spillkit's recognises: how its secret is read back from git (scan/secret-lookup.ts).
   */
  secretBytes?: number;
}

export interface ScanStats {
  objects: number;
  blobs: number;
  commits: number;
  trees: number;
  tags: number;
  packs: number;
  looseObjects: number;
  /** Bytes of blob content the scanner looked at (inflated and delta-resolved). */
  blobBytes: number;
  /** Bytes the rule engine actually searched (smaller than blobBytes with delta reuse). */
  scannedBytes: number;
  durationMs: number;
  /** Wall time of each stage: object pass (workers), tree pass (workers), provenance (main thread). */
  phasesMs?: { objects: number; trees: number; provenance: number };
  threads: number;
  deltaReuse: boolean;
  findings: number;
  /** Findings an allowlist (config content or location lists) or the baseline removed. */
  suppressed: number;
  /**
   * False when a ref, HEAD, or a commit, tag or tree on the way could not be read (see warnings):
   * reachability is then a lower bound, and plan-rewrite refuses to plan from the scan. Absent in
   * reports written before it existed.
   */
  refsComplete?: boolean;
  /** What was scanned when it was not a repository: `scan --no-git DIR` or `scan -`. */
  input?: 'directory' | 'stdin';
  /** Only with `--verify`: how many findings were checked, reused from the cache, and what they are. */
  verification?: VerificationStats;
  /** The scanned repository's own config, when one was in force (not with --config or --no-repo-config). */
  repoConfig?: RepoConfigStats;
  warnings: string[];
}

export interface VerificationStats {
  /** Distinct credentials sent to their provider in this run. */
  checked: number;
  /** Distinct credentials whose answer came from the cache (`--verify-max-age`). */
  cached: number;
  /** Findings by state; `noValidator` findings are of kinds with no live check. */
  live: number;
  notLive: number;
  unknown: number;
  noValidator: number;
}

export interface ScanReport {
  version: 1;
  repository: string;
  scannedAt: string;
  stats: ScanStats;
  findings: Finding[];
}
