import type { RemoteSighting } from '../types.js';
import { sightingKind, type ReflogEntry } from './reflog.js';

/** A commit's parents, or null when the object is missing or not a commit. */
export type ParentsOf = (oid: string) => string[] | null;

/**
 * For each target commit, the earliest remote-tracking reflog entry whose new id has it as an
 * ancestor (or is it).
 *
 * One pass over the history: entries are visited oldest first and each walks back from its new id
 * only through commits no earlier entry reached. The marked set stays closed under "parent of", so a
 * walk that stops at a marked commit loses nothing: everything behind it was marked earlier. Each
 * commit is read once, however many entries and targets there are.
 */
export function firstRemoteSightings(entries: ReflogEntry[], targets: Iterable<string>, parentsOf: ParentsOf): Record<string, RemoteSighting | null> {
  const wanted = new Set(targets);
  const out: Record<string, RemoteSighting | null> = {};
  for (const t of wanted) out[t] = null;
  let left = wanted.size;
  const marked = new Set<string>();
  for (const entry of entries) {
    if (left === 0) break;
    const stack = [entry.newId];
    while (stack.length) {
      const oid = stack.pop()!;
      if (marked.has(oid)) continue;
      marked.add(oid);
      const parents = parentsOf(oid);
      if (parents === null) continue;
      if (wanted.has(oid) && out[oid] === null) {
        out[oid] = { at: entry.at, ref: entry.ref, how: sightingKind(entry.message), message: entry.message };
        left--;
      }
      for (const p of parents) if (!marked.has(p)) stack.push(p);
    }
  }
  return out;
}
