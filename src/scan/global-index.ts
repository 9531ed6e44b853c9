import type { PackLayout } from '../git/pack-layout.js';

/**
 * Every object gets a dense number: pack k's position p is packBase[k] + p, loose object i is
 * looseBase + i. Workers and the main thread compute the same numbering from the same tables.
 */
export function globalIndexBases(packs: PackLayout[]): { packBase: number[]; looseBase: number } {
  const packBase: number[] = [];
  let n = 0;
  for (const p of packs) {
    packBase.push(n);
    n += p.count;
  }
  return { packBase, looseBase: n };
}
