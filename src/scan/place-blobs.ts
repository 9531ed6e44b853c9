import type { CommitInfo } from '../git/commit.js';
import { locateInPacks, type ObjectDatabase } from '../git/object-database.js';
import { globalIndexBases } from './global-index.js';
import { TreeIndex } from './tree-walk.js';
import { planTreeWork } from './work-plan.js';
import { runWorkers } from './worker-pool.js';
import type { WorkerSetup } from './worker-protocol.js';

/**
 * Provenance of the blobs that matched: for each, every (commit, path) whose tree holds it. Workers
 * read the trees in pack order in parallel (checking on the way that every object a tree names
 * exists); the main thread then walks only the trees that lead to a matched blob.
 */
export async function placeBlobs(
  setup: WorkerSetup,
  db: ObjectDatabase,
  threads: number,
  blobs: string[],
  commits: CommitInfo[],
  warnings: string[],
): Promise<Map<string, Array<{ commit: number; path: string }>>> {
  const results = await runWorkers({ ...setup, rules: [], interestingBlobs: blobs }, planTreeWork(db, threads), threads, () => {});
  const { packBase, looseBase } = globalIndexBases(db.packs);
  const looseIndex = new Map(db.loose.map((l, i) => [l.oid, i]));
  const index = new TreeIndex(results.map((r) => r.edges!), looseBase + db.loose.length);
  const out = new Map<string, Array<{ commit: number; path: string }>>();
  let missingRoots = 0;
  commits.forEach((c, i) => {
    const at = locateInPacks(db.packs, Buffer.from(c.tree, 'hex'));
    const loose = looseIndex.get(c.tree);
    const tree = at ? packBase[at.pack] + at.pos : loose !== undefined ? looseBase + loose : -1;
    if (tree < 0) {
      missingRoots++;
      return;
    }
    for (const [path, blob] of index.placements(tree)) {
      const list = out.get(blob);
      if (list) list.push({ commit: i, path });
      else out.set(blob, [{ commit: i, path }]);
    }
  });
  const missingObjects = [...new Set(results.flatMap((r) => r.missing))];
  if (missingObjects.length) {
    const shown = missingObjects.slice(0, 5).join(', ');
    warnings.push(`${missingObjects.length} object(s) named by trees are missing from the database and could not be scanned: ${shown}${missingObjects.length > 5 ? ', …' : ''}`);
  }
  if (missingRoots) warnings.push(`${missingRoots} commit(s) name a root tree that is missing; their paths are unknown`);
  return out;
}
