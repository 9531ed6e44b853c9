/**
 * Git LFS pointers: the small text blob git stores in place of a large file (`version
 * https://git-lfs.github.com/spec/v1`, `oid sha256:<hex>`, `size N`). The file itself lives on the
 * host's LFS store, which a history rewrite never touches: an object no pointer in the rewritten
 * history names any more is orphaned there, and only the host can delete it.
 */
import { git } from './git-cli.js';
import { readObjects } from './read-objects.js';

/** Pointer files are well under this; git-filter-repo uses the same bound when it looks for them. */
export const POINTER_MAX_BYTES = 1024;
const VERSIONS = new Set(['https://git-lfs.github.com/spec/v1', 'https://hawser.github.com/spec/v1']);

/** The LFS object a pointer names (`sha256:<hex>`), or null when the blob is not a pointer. */
export function parseLfsPointer(data: Buffer): string | null {
  if (data.length >= POINTER_MAX_BYTES) return null;
  const lines = data.toString('utf8').split('\n');
  const first = /^version (\S+)$/.exec(lines[0] ?? '');
  if (!first || !VERSIONS.has(first[1]!)) return null;
  for (const line of lines.slice(1)) {
    const m = /^oid (sha256:[0-9a-f]{64})$/.exec(line);
    if (m) return m[1]!;
  }
  return null;
}

/** Blob id -> LFS object for every blob in `oids` that is a pointer (reads only the small ones). */
export function lfsPointersOf(dir: string, oids: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const unique = [...new Set(oids)];
  if (!unique.length) return out;
  const sizes = git(dir, ['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], { input: unique.join('\n') + '\n' });
  const small = sizes.split('\n').map((l) => l.split(' ')).filter((c) => c[1] === 'blob' && Number(c[2]) < POINTER_MAX_BYTES).map((c) => c[0]!);
  for (const [oid, data] of readObjects(dir, small)) {
    const lfs = parseLfsPointer(data);
    if (lfs) out.set(oid, lfs);
  }
  return out;
}

/** Every LFS object a pointer reachable from some ref of `dir` names. */
export function reachableLfsObjects(dir: string): Set<string> {
  const blobs: string[] = [];
  // `rev-list --objects` prints `<id> <path>` for blobs and trees below the root; the root tree has no path.
  for (const line of git(dir, ['rev-list', '--objects', '--all']).split('\n')) {
    const space = line.indexOf(' ');
    if (space === 40 || space === 64) blobs.push(line.slice(0, space));
  }
  return new Set(lfsPointersOf(dir, blobs).values());
}
