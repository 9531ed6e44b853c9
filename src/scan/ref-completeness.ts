import type { TagInfo } from '../git/commit.js';
import { locateInPacks, type ObjectDatabase } from '../git/object-database.js';
import type { RefStore } from '../git/refs.js';
import type { CommitGraph } from './commit-graph.js';

/**
 * Whether reachability and presence at HEAD can be trusted: every ref and HEAD were read, every ref
 * leads to an object the database holds, and no commit, tag or tree on the way was left unread for
 * its size. When not, a finding no known ref reaches may still be reachable, so the scan reports that
 * as unknown instead of false (false would tell the rewrite plan that no push is needed).
 */
export function refCompleteness(
  store: RefStore,
  graph: CommitGraph,
  tags: Map<string, TagInfo>,
  db: ObjectDatabase,
  skippedGraphObjects: string[],
): { complete: boolean; warnings: string[] } {
  const problems = [...store.problems];
  const warnings: string[] = [];
  const looseOids = new Set(db.loose.map((l) => l.oid));
  const inDatabase = (oid: string): boolean => looseOids.has(oid) || locateInPacks(db.packs, Buffer.from(oid, 'hex')) !== null;
  for (const r of store.refs) {
    if (graph.index.has(r.oid) || tags.has(r.oid)) continue;
    if (!inDatabase(r.oid)) problems.push(`ref ${r.name} points to ${r.oid}, which is missing from the object database`);
    else warnings.push(`ref ${r.name} points to ${r.oid}, which is missing or not a commit`);
  }
  const head = store.head.oid;
  if (head !== null && store.head.ref === null && !graph.index.has(head) && !tags.has(head) && !inDatabase(head)) {
    problems.push(`HEAD points to ${head}, which is missing from the object database`);
  }
  if (skippedGraphObjects.length) {
    problems.push(`${skippedGraphObjects.length} commit(s), tag(s) or tree(s) were too large to read (first: ${skippedGraphObjects[0]})`);
  }
  if (problems.length === 0) return { complete: true, warnings: [...store.notes, ...warnings] };
  return {
    complete: false,
    warnings: [
      ...problems,
      ...store.notes,
      ...warnings,
      'refs could not all be read: reachability and presence at HEAD are unknown (null) for findings no readable ref reaches, and plan-rewrite will not plan from this scan',
    ],
  };
}
