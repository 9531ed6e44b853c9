import type { ConfiguredAllowlist } from '../rules/allowlist.js';
import type { Confidence, RuleSpec } from '../rules/types.js';
import type { CommitInfo, TagInfo } from '../git/commit.js';
import type { PackLayout } from '../git/pack-layout.js';
import type { LooseObjectRef } from '../git/loose.js';
import type { TreeEdges } from './tree-edges.js';

/** What every worker thread is started with; pack tables are SharedArrayBuffers, never copied. */
export interface WorkerSetup {
  packs: PackLayout[];
  loose: LooseObjectRef[];
  rules: RuleSpec[];
  allowlists: ConfiguredAllowlist[];
  deltaReuse: boolean;
  showSecrets: boolean;
  maxBlobBytes: number;
  cacheBytes: number;
  /** Second pass: blobs with matches, whose places in the tree graph provenance needs. */
  interestingBlobs?: string[];
  /** Second pass: record every blob entry, not only interesting ones (path-only rules need every path). */
  allBlobs?: boolean;
  /** Second pass: per pack, 1 at the positions of trees (shared memory, from the first pass). */
  treeMasks?: Uint8Array[];
}

export type WorkItem =
  | { kind: 'pack'; id: number; pack: number; from: number; to: number }
  | { kind: 'loose'; id: number; items: LooseObjectRef[] }
  | { kind: 'tree-pack'; id: number; pack: number; from: number; to: number }
  | { kind: 'tree-loose'; id: number; items: LooseObjectRef[] };

/** A match as it leaves a worker: position resolved, secret reduced to a hash and a hint. */
export interface ObjectMatch {
  /** Blob, commit or tag object holding the match. */
  oid: string;
  source: 'blob' | 'commit-message' | 'tag-message';
  rule: number;
  line: number;
  column: number;
  /** Byte offset of the secret in the object (or message), to order matches. */
  offset: number;
  secretHash: string;
  redacted: string;
  /** Why it matched (prefix, checksum, context keyword, entropy, ...). */
  why: string[];
  /** Set when lower than the rule's own (a checksum that fails). */
  confidence?: Confidence;
  /** Indices of AND allowlists whose content half passed; the location half decides. */
  pendingAllow?: number[];
  /** A config allowlist removed this match: it is never a finding, only counted in `suppressed`. */
  allowed?: true;
  secret?: string;
}

export interface WorkResult {
  id: number;
  matches: ObjectMatch[];
  commits: CommitInfo[];
  tags: TagInfo[];
  counts: { blobs: number; commits: number; trees: number; tags: number; objects: number; blobBytes: number; scannedBytes: number };
  warnings: string[];
  /** Objects that trees name but the database lacks. */
  missing: string[];
  /** Commits, tags and trees not read because of their size: what lies behind them is unknown. */
  skippedGraphObjects: string[];
  /** Pack of a pack-range result. */
  pack?: number;
  /** Positions of the tree entries of a pack range, so the tree pass can split work by trees. */
  treePositions?: Uint32Array;
  edges?: TreeEdges;
}

export type WorkerMessage =
  | { type: 'result'; result: WorkResult }
  | { type: 'progress'; objects: number; bytes: number }
  | { type: 'error'; error: { code: string; message: string; data?: Record<string, unknown> } };

export function emptyResult(id: number): WorkResult {
  return {
    id,
    matches: [],
    commits: [],
    tags: [],
    counts: { blobs: 0, commits: 0, trees: 0, tags: 0, objects: 0, blobBytes: 0, scannedBytes: 0 },
    warnings: [],
    missing: [],
    skippedGraphObjects: [],
  };
}
