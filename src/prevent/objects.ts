import { SpillkitError } from '../errors.js';
import { gitRaw, type GitTarget } from './git.js';

/**
 * Reads many objects with two git processes whatever their number: `cat-file --batch-check` for the
 * sizes, then `cat-file --batch` for the ones small enough to scan. Object ids go through stdin.
 */
export interface ObjectRead {
  /** Content of every object within the size limit. */
  content: Map<string, Buffer>;
  /** Objects over the limit: id -> size in bytes (reported, not scanned). */
  tooLarge: Map<string, number>;
  /** Ids the object database does not hold. */
  missing: Set<string>;
}

export function readObjects(target: GitTarget, oids: Iterable<string>, maxBytes: number): ObjectRead {
  const wanted = [...new Set(oids)];
  const read: ObjectRead = { content: new Map(), tooLarge: new Map(), missing: new Set() };
  if (wanted.length === 0) return read;

  const small: string[] = [];
  for (const line of runBatch(target, '--batch-check', wanted).toString('utf8').split('\n')) {
    if (line === '') continue;
    const [oid, type, size] = line.split(' ');
    if (type === 'missing' || size === undefined) read.missing.add(oid);
    else if (Number(size) > maxBytes) read.tooLarge.set(oid, Number(size));
    else small.push(oid);
  }
  if (small.length === 0) return read;

  // Output: `<oid> <type> <size>\n<size bytes>\n` per object, in input order.
  const out = runBatch(target, '--batch', small);
  let at = 0;
  while (at < out.length) {
    const eol = out.indexOf(10, at);
    if (eol < 0) break;
    const [oid, , size] = out.toString('utf8', at, eol).split(' ');
    const start = eol + 1;
    const end = start + Number(size);
    read.content.set(oid, out.subarray(start, end));
    at = end + 1;
  }
  return read;
}

function runBatch(target: GitTarget, mode: '--batch' | '--batch-check', oids: string[]): Buffer {
  const r = gitRaw(target, ['cat-file', mode], `${oids.join('\n')}\n`);
  if (r.status !== 0) throw new SpillkitError('IO', `git cat-file ${mode} failed: ${r.stderr.trim().split('\n')[0] || `exit ${r.status}`}`);
  return r.stdout;
}
