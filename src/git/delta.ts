import { constants } from 'node:buffer';

/**
 * Git's delta format: base size, result size, then copy (from base) and insert (literal) instructions.
 * Besides the result, the applier can report what the target copied from where; the delta-aware scan
 * uses that to rescan only inserted text and carry the base's matches over the copied ranges.
 */
export interface DeltaCopies {
  /** Flattened triples: targetStart, baseStart, length, for every copy op in target order. */
  copies: number[];
}

export class DeltaError extends Error {}

const MAX_LENGTH = constants.MAX_LENGTH;

function readVarint(d: Buffer, pos: { p: number }): number {
  let result = 0;
  let shift = 0;
  let c: number;
  do {
    if (pos.p >= d.length) throw new DeltaError('delta header truncated');
    if (shift > 49) throw new DeltaError('delta header size is out of range');
    c = d[pos.p++];
    result += (c & 0x7f) * 2 ** shift;
    shift += 7;
  } while (c & 0x80);
  return result;
}

/**
 * The base and result sizes a delta declares in its header: read before applying it, so that a small
 * delta that would build a huge object is refused before the result buffer is allocated.
 */
export function deltaSizes(delta: Buffer): { baseSize: number; resultSize: number } {
  const pos = { p: 0 };
  const baseSize = readVarint(delta, pos);
  return { baseSize, resultSize: readVarint(delta, pos) };
}

export function applyDelta(base: Buffer, delta: Buffer, record?: DeltaCopies): Buffer {
  const pos = { p: 0 };
  const baseSize = readVarint(delta, pos);
  if (baseSize !== base.length) throw new DeltaError(`delta expects a ${baseSize}-byte base, got ${base.length}`);
  const size = readVarint(delta, pos);
  // Callers check the size against their limits first; this only keeps a forgotten check from crashing.
  if (size > MAX_LENGTH) throw new DeltaError(`delta result of ${size} bytes is larger than a buffer can hold`);
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  let p = pos.p;
  const n = delta.length;
  while (p < n) {
    const op = delta[p++];
    if (op & 0x80) {
      let off = 0;
      let len = 0;
      if (op & 0x01) off = delta[p++];
      if (op & 0x02) off |= delta[p++] << 8;
      if (op & 0x04) off |= delta[p++] << 16;
      if (op & 0x08) off = (off | 0) + delta[p++] * 0x1000000;
      if (op & 0x10) len = delta[p++];
      if (op & 0x20) len |= delta[p++] << 8;
      if (op & 0x40) len |= delta[p++] << 16;
      if (len === 0) len = 0x10000;
      if (off + len > base.length || o + len > size || p > n) throw new DeltaError('delta copy out of range');
      base.copy(out, o, off, off + len);
      if (record) {
        const c = record.copies;
        const last = c.length - 3;
        // Adjacent copies of adjacent base ranges are one copy as far as matching is concerned.
        if (last >= 0 && c[last] + c[last + 2] === o && c[last + 1] + c[last + 2] === off) c[last + 2] += len;
        else c.push(o, off, len);
      }
      o += len;
    } else if (op) {
      if (o + op > size || p + op > n) throw new DeltaError('delta insert out of range');
      delta.copy(out, o, p, p + op);
      p += op;
      o += op;
    } else {
      throw new DeltaError('delta opcode 0 is reserved');
    }
  }
  if (o !== size) throw new DeltaError(`delta produced ${o} bytes, expected ${size}`);
  return out;
}
