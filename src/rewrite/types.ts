import type { Finding } from '../scan/finding.js';

/** What the planner needs to know about the repository, gathered by facts.ts (the only IO before a plan). */
export interface RepoFacts {
  /** The repository as the user named it (worktree, or git dir when bare). */
  repository: string;
  bare: boolean;
  /** Every ref, including `refs/stash@{N}` entries of the stash reflog (not real refs). */
  refs: Array<{ name: string; oid: string }>;
  /** Commit each ref resolves to (annotated tags peeled); refs to trees/blobs are absent. */
  peeled: Record<string, string>;
  /** Every commit reachable from a ref or stash entry, with its parents and whether it carries a signature. */
  commits: Array<{ id: string; parents: string[]; signed: boolean }>;
  /** Annotated tags: ref name -> whether the tag object is signed. */
  annotatedTags: Record<string, { signed: boolean }>;
  /** For each finding's path: the commits that add, change or delete it, with the blob there (null: absent). */
  pathTouches: Record<string, Array<{ commit: string; blob: string | null }>>;
  /** Object ids of finding blobs that are still in the object database. */
  presentObjects: string[];
  /** Commit objects in the database now (reachable or not), to compare with the scan's count. */
  commitObjects: number;
  /**
   * `mirror`: `remote.<name>.mirror` is set (`git clone --mirror`): every local ref is that remote's.
   * `noFetchRefspec`: the remote has no fetch refspec, as `git clone --bare` leaves it.
   */
  remotes: Array<{ name: string; url: string; mirror?: boolean; noFetchRefspec?: boolean }>;
  /** HEAD's branch (`refs/heads/main`), or null when detached or bare without HEAD. */
  headRef: string | null;
  /** Blob id -> the Git LFS object it points to (`sha256:<hex>`), for the blobs at finding paths that are LFS pointers. */
  lfsPointers: Record<string, string>;
  /** Some ref's `.gitattributes` routes files through Git LFS (`filter=lfs`). */
  lfsInUse: boolean;
  /** Pull-request refs the remote serves (`git ls-remote`), when the user asked for them (`--query-remote`). */
  remotePullRefs?: { remote: string; refs: Array<{ name: string; oid: string }> };
}

/** One pull request and the refs that put it in its group. */
export interface PullRequestEntry {
  number: number;
  refs: string[];
}

/**
 * Pull requests whose refs hold commits the rewrite changes: after the push they show broken diffs and
 * keep serving the old commits until the host purges them. `source` says where the refs were read:
 * `mirror` (the clone's own pull-request refs), `ls-remote` (asked the remote), `clone` (a fresh clone
 * of the remote, `rewrite --verify-remote`), `none` (not known: a normal clone has no pull-request refs).
 */
export interface PullRequestFacts {
  source: 'mirror' | 'ls-remote' | 'clone' | 'none';
  remote: string | null;
  /** Distinct pull requests seen (open or closed: hosts keep the head ref of both). */
  total: number;
  affected: PullRequestEntry[];
  /** Head commit not in this clone: it may descend from a rewritten commit (fetch it to tell). */
  unknown: PullRequestEntry[];
}

export type Operation = 'remove-file' | 'replace-text' | 'replace-message' | 'out-of-reach';

export interface PlannedFinding {
  fingerprint: string;
  rule: string;
  source: Finding['source'];
  path: string | null;
  redacted: string;
  secretHash: string;
  commit: string | null;
  operation: Operation;
  /** What the secret text becomes wherever it still occurs (files and messages). */
  replacement: string;
  /** Why this operation was chosen, in words. */
  reason: string;
}

export type RefKind = 'branch' | 'tag' | 'remote-tracking' | 'notes' | 'stash' | 'stash-entry' | 'pull-request' | 'replace' | 'other';

export interface RefUpdate {
  name: string;
  kind: RefKind;
  oldId: string;
  /** What happens to it: pushed by force, rewritten only in clones, dropped, or handled on the host. */
  action: 'force-push' | 'rewrite-local' | 'drop' | 'host';
  /** For force-push: the remote and the ref name there. */
  remote?: string;
  remoteRef?: string;
  note?: string;
}

export interface RewritePlan {
  version: 1;
  repository: string;
  createdAt: string;
  scan: { scannedAt: string; findings: number };
  findings: PlannedFinding[];
  /** Paths removed from every commit (`--invert-paths --path P`), sorted. */
  removePaths: string[];
  /** Lines to add to .gitignore after the rewrite so the removed files cannot come back. */
  gitignore: string[];
  /** Whether the replacement list is needed for file contents and for commit/tag messages. */
  replaceText: boolean;
  replaceMessages: boolean;
  /** Earliest commits the rewrite changes (no changed ancestor). */
  earliestCommits: string[];
  /** Every commit that gets a new id: the changed ones and all their descendants. */
  rewrittenCommits: string[];
  refs: RefUpdate[];
  signedCommits: string[];
  signedTags: string[];
  pullRequests: PullRequestFacts;
  /**
   * Git LFS objects only removed files point to (`sha256:<hex>`): the host keeps them until asked to
   * delete them. Before the rewrite these are candidates (another kept file may point to the same
   * object); `rewrite --apply` computes the exact list.
   */
  lfs: { inUse: boolean; orphanCandidates: string[] };
  /** The git-filter-repo arguments, with `EXPRESSIONS` standing for the replacement list's path. */
  filterRepoArgs: string[];
  hostSteps: string[];
  warnings: string[];
}

/** The placeholder in filterRepoArgs for the replacement list's path (filled in at apply time). */
export const EXPRESSIONS_PLACEHOLDER = '${EXPRESSIONS}';
