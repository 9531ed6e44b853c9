import { lstatSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { findOid } from './pack-index.js';
import { buildPackLayout, type PackLayout } from './pack-layout.js';
import { listLooseObjects, type LooseObjectRef } from './loose.js';
import type { Repository } from './repo.js';
import { isRegularFile } from './safe-fs.js';

/** Every pack and loose object of a repository and its alternates, each object listed once. */
export interface ObjectDatabase {
  packs: PackLayout[];
  /** Loose objects that no pack also holds. */
  loose: LooseObjectRef[];
  /** Files of the database that were not read (not regular files, unreadable directories). */
  warnings: string[];
}

export type ObjectLocation = { pack: number; pos: number } | { loose: string };

export function loadObjectDatabase(repo: Repository): ObjectDatabase {
  const packs: PackLayout[] = [];
  const loose: LooseObjectRef[] = [];
  const warnings: string[] = [...repo.warnings];
  for (const dir of repo.objectDirs) {
    const packDir = join(dir, 'pack');
    for (const f of packFiles(packDir, warnings)) {
      if (!f.endsWith('.idx')) continue;
      const idx = join(packDir, f);
      const pack = idx.replace(/\.idx$/, '.pack');
      const regular = isRegularFile(idx) && isRegularFile(pack);
      // A .idx without its .pack is what an interrupted repack leaves: git ignores it too.
      if (regular) packs.push(buildPackLayout(idx));
      else if (exists(pack)) warnings.push(`pack ${basename(pack)} or its index is not a regular file (a FIFO, socket or device): its objects were not scanned`);
    }
    loose.push(...listLooseObjects(dir, warnings));
  }
  const seen = new Set<string>();
  const uniqueLoose = loose.filter((l) => {
    if (seen.has(l.oid)) return false;
    seen.add(l.oid);
    return locateInPacks(packs, Buffer.from(l.oid, 'hex')) === null;
  });
  return { packs, loose: uniqueLoose, warnings };
}

function packFiles(packDir: string, warnings: string[]): string[] {
  try {
    return readdirSync(packDir).sort();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') warnings.push(`${packDir} cannot be read (${code ?? (e as Error).message}): packs in it were not scanned`);
    return [];
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
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
