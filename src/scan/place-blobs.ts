import type { CommitInfo } from '../git/commit.js';
import { locateInPacks, type ObjectDatabase } from '../git/object-database.js';
import { globalIndexBases } from './global-index.js';
import { distinctBlobPaths, TreeIndex } from './tree-walk.js';
import { planTreeWork } from './work-plan.js';
import { runWorkers } from './worker-pool.js';
import type { WorkerSetup } from './worker-protocol.js';

/** A path-only rule's test on a path. */
export interface PathTest {
  test(path: string): boolean;
}

/** A blob some path-only rule (by index) matched at one of its paths. */
export interface PathMatch {
  rule: number;
  blob: string;
}

/** For each blob of interest: the paths it sits at, each with the commits whose tree holds it there. */
export type BlobPlacements = Map<string, Array<{ path: string; commits: number[] }>>;

/**
 * Provenance of the blobs that matched: for each, every (commit, path) whose tree holds it. Workers
 * read the trees in pack order in parallel (checking on the way that every object a tree names
 * exists); the main thread then walks only the trees that lead to a matched blob. Trees left unread
 * for their size are added to `skippedTrees`: the placements below them are unknown.
 */
export async function placeBlobs(
  setup: WorkerSetup,
  db: ObjectDatabase,
  threads: number,
  blobs: string[],
  commits: CommitInfo[],
  treePositions: Uint32Array[],
  warnings: string[],
  skippedTrees: string[],
  pathRules: PathTest[] = [],
  pathMatches: PathMatch[] = [],
): Promise<BlobPlacements> {
  const treeMasks = db.packs.map((layout, k) => {
    const mask = new Uint8Array(new SharedArrayBuffer(Math.max(1, layout.count)));
    for (const p of treePositions[k]) mask[p] = 1;
    return mask;
  });
  const allBlobs = pathRules.length > 0;
  const results = await runWorkers({ ...setup, rules: [], interestingBlobs: blobs, treeMasks, allBlobs }, planTreeWork(db, threads, treePositions), threads, () => {});
  const { packBase, looseBase } = globalIndexBases(db.packs);
  const looseIndex = new Map(db.loose.map((l, i) => [l.oid, i]));
  const rootOf = (c: CommitInfo): number => {
    const at = locateInPacks(db.packs, Buffer.from(c.tree, 'hex'));
    const loose = looseIndex.get(c.tree);
    return at ? packBase[at.pack] + at.pos : loose !== undefined ? looseBase + loose : -1;
  };
  const chunks = results.map((r) => r.edges!);
  let keep: ((blob: string) => boolean) | undefined;
  if (allBlobs) {
    // Path-only rules: test every distinct path once, then place only the blobs that matched.
    const wanted = new Set(blobs);
    const tested = new Map<string, number[]>();
    const seen = new Set<string>();
    distinctBlobPaths(chunks, looseBase + db.loose.length, commits.map(rootOf), (path, blob) => {
      let hits = tested.get(path);
      if (hits === undefined) {
        hits = [];
        pathRules.forEach((r, n) => { if (r.test(path)) hits!.push(n); });
        tested.set(path, hits);
      }
      for (const rule of hits) {
        const key = `${rule}\0${blob}`;
        if (seen.has(key)) continue;
        seen.add(key);
        pathMatches.push({ rule, blob });
        wanted.add(blob);
      }
    });
    keep = (blob) => wanted.has(blob);
  }
  const index = new TreeIndex(chunks, looseBase + db.loose.length, keep);
  // Commits per (path, blob): one list per distinct placement, however many commits share it.
  const byPlacement = new Map<number, number[]>();
  let missingRoots = 0;
  commits.forEach((c, i) => {
    const tree = rootOf(c);
    if (tree < 0) {
      missingRoots++;
      return;
    }
    const pairs = index.placements(tree);
    for (let p = 0; p < pairs.length; p += 2) {
      const key = pairs[p] * 2 ** 21 + pairs[p + 1];
      const list = byPlacement.get(key);
      if (list) list.push(i);
      else byPlacement.set(key, [i]);
    }
  });
  const out: BlobPlacements = new Map();
  for (const [key, commitList] of byPlacement) {
    const blob = index.blobs[key % 2 ** 21];
    const entry = { path: index.paths[Math.floor(key / 2 ** 21)], commits: commitList };
    const list = out.get(blob);
    if (list) list.push(entry);
    else out.set(blob, [entry]);
  }
  for (const r of results) {
    warnings.push(...r.warnings);
    skippedTrees.push(...r.skippedGraphObjects);
  }
  const missingObjects = [...new Set(results.flatMap((r) => r.missing))];
  if (missingObjects.length) {
    const shown = missingObjects.slice(0, 5).join(', ');
    warnings.push(`${missingObjects.length} object(s) named by trees are missing from the database and could not be scanned: ${shown}${missingObjects.length > 5 ? ', …' : ''}`);
  }
  if (missingRoots) warnings.push(`${missingRoots} commit(s) name a root tree that is missing; their paths are unknown`);
  return out;
}
