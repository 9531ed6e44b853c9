import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readRefs } from '../git/refs.js';
import type { Repository } from '../git/repo.js';

/**
 * The state a repository's scan result depends on, as one sha256: HEAD, every ref with its id (stash
 * entries included), and the object database's layout (pack names, loose object count), because a
 * scan also reports dangling objects, which no ref tip would reveal. A gc or a new dangling object
 * therefore forces a rescan; that costs time, never a missed leak.
 */
export function repositoryTip(repo: Repository): string {
  const { refs, head, problems } = readRefs(repo);
  const hash = createHash('sha256');
  hash.update(`HEAD ${head.ref ?? '-'} ${head.oid ?? '-'}\n`);
  for (const ref of refs) hash.update(`${ref.oid} ${ref.name}\n`);
  for (const p of problems) hash.update(`problem ${p}\n`);
  for (const dir of repo.objectDirs) {
    const layout = objectLayout(dir);
    hash.update(`objects ${layout.packs.join(',')} loose=${layout.loose}\n`);
  }
  return hash.digest('hex');
}

/** Pack names and the number of loose objects in one objects directory. */
function objectLayout(objectsDir: string): { packs: string[]; loose: number } {
  const packDir = join(objectsDir, 'pack');
  const packs = list(packDir).filter((f) => f.endsWith('.pack')).sort();
  let loose = 0;
  for (const entry of list(objectsDir)) {
    if (/^[0-9a-f]{2}$/.test(entry)) loose += list(join(objectsDir, entry)).length;
  }
  return { packs, loose };
}

/** Bytes the object database takes on disk (packs, indexes, loose objects, alternates included). */
export function objectDatabaseBytes(repo: Repository): number {
  let total = 0;
  for (const dir of repo.objectDirs) {
    const packDir = join(dir, 'pack');
    for (const f of list(packDir)) total += sizeOf(join(packDir, f));
    for (const entry of list(dir)) {
      if (!/^[0-9a-f]{2}$/.test(entry)) continue;
      for (const f of list(join(dir, entry))) total += sizeOf(join(dir, entry, f));
    }
  }
  return total;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // removed by a concurrent gc between readdir and stat
  }
}

/** A directory's entries; none when it is missing or not a directory (the scan warns about those). */
function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
