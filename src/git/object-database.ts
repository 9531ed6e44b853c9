import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findOid } from './pack-index.js';
import { buildPackLayout, type PackLayout } from './pack-layout.js';
import { listLooseObjects, type LooseObjectRef } from './loose.js';
import type { Repository } from './repo.js';

/** Every pack and loose object of a repository and its alternates, each object listed once. */
export interface ObjectDatabase {
  packs: PackLayout[];
  /** Loose objects that no pack also holds. */
  loose: LooseObjectRef[];
}

export type ObjectLocation = { pack: number; pos: number } | { loose: string };

export function loadObjectDatabase(repo: Repository): ObjectDatabase {
  const packs: PackLayout[] = [];
  const loose: LooseObjectRef[] = [];
  for (const dir of repo.objectDirs) {
    const packDir = join(dir, 'pack');
    if (existsSync(packDir)) {
      for (const f of readdirSync(packDir).sort()) {
        if (f.endsWith('.idx') && existsSync(join(packDir, f.replace(/\.idx$/, '.pack')))) {
          packs.push(buildPackLayout(join(packDir, f)));
        }
      }
    }
    loose.push(...listLooseObjects(dir));
  }
  const seen = new Set<string>();
  const uniqueLoose = loose.filter((l) => {
    if (seen.has(l.oid)) return false;
    seen.add(l.oid);
    return locateInPacks(packs, Buffer.from(l.oid, 'hex')) === null;
  });
  return { packs, loose: uniqueLoose };
}

export function locateInPacks(packs: PackLayout[], oid: Uint8Array, at = 0): { pack: number; pos: number } | null {
  for (let k = 0; k < packs.length; k++) {
    const i = findOid(packs[k], oid, at);
    if (i >= 0) return { pack: k, pos: packs[k].posOf[i] };
  }
  return null;
}

/** True when an earlier pack already holds the object at idx position i of pack k (scan it once). */
export function heldByEarlierPack(packs: PackLayout[], k: number, oid: Uint8Array): boolean {
  for (let j = 0; j < k; j++) {
    if (findOid(packs[j], oid) >= 0) return true;
  }
  return false;
}
