import type { ObjectDatabase } from '../git/object-database.js';
import { entryEnd } from '../git/pack-layout.js';
import type { WorkItem } from './worker-protocol.js';

/**
 * Splits every pack into contiguous offset ranges. Ranges keep delta families together (git writes a
 * family close by), are small enough to balance across threads, and large enough that few bases must be
 * resolved twice at a boundary.
 */
export function planWork(db: ObjectDatabase, threads: number): WorkItem[] {
  const items: WorkItem[] = [];
  let id = 0;
  const total = db.packs.reduce((s, p) => s + p.packSize, 0);
  const target = Math.min(32 << 20, Math.max(2 << 20, Math.ceil(total / (threads * 4))));
  db.packs.forEach((layout, pack) => {
    let from = 0;
    while (from < layout.count) {
      const start = layout.sortedOffsets[from];
      let to = from + 1;
      while (to < layout.count && entryEnd(layout, to) - start < target) to++;
      items.push({ kind: 'pack', id: id++, pack, from, to });
      from = to;
    }
  });
  const perItem = 500;
  for (let i = 0; i < db.loose.length; i += perItem) {
    items.push({ kind: 'loose', id: id++, items: db.loose.slice(i, i + perItem) });
  }
  return items;
}

/**
 * The tree pass, split by trees rather than bytes: git writes a pack's trees together, so byte ranges
 * would hand nearly all of them to one thread. `treePositions` (per pack, ascending) come from the
 * object pass; each item spans an equal share of them.
 */
export function planTreeWork(db: ObjectDatabase, threads: number, treePositions: Uint32Array[]): WorkItem[] {
  const items: WorkItem[] = [];
  let id = 0;
  const total = treePositions.reduce((s, t) => s + t.length, 0);
  const perItem = Math.max(2000, Math.ceil(total / (threads * 8)));
  treePositions.forEach((positions, pack) => {
    for (let i = 0; i < positions.length; i += perItem) {
      const last = Math.min(positions.length, i + perItem) - 1;
      items.push({ kind: 'tree-pack', id: id++, pack, from: positions[i], to: positions[last] + 1 });
    }
  });
  for (let i = 0; i < db.loose.length; i += 500) items.push({ kind: 'tree-loose', id: id++, items: db.loose.slice(i, i + 500) });
  return items;
}
