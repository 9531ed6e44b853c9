import { constants } from 'node:buffer';
import { SpillkitError } from '../errors.js';
import { readRegularFile } from './safe-fs.js';

/**
 * A parsed `.idx` file (v1 or v2, including v2's 64-bit offset table). Offsets are plain numbers: a
 * double holds any pack offset up to 2^53, far beyond a real pack.
 */
export interface PackIndex {
  path: string;
  count: number;
  /** count × 20 bytes, sorted (the idx order). */
  oids: Buffer;
  /** Pack offset of the object at each idx position. */
  offsets: Float64Array;
  /** SHA-1 of the pack, as recorded in the idx; the pack's own trailer must match it. */
  packChecksum: Buffer;
}

const V2_MAGIC = 0xff744f63;

export function readPackIndex(path: string): PackIndex {
  const buf = readRegularFile(path, constants.MAX_LENGTH);
  if (buf === null) throw new SpillkitError('IO', `cannot read pack index ${path}: no such file`, { path });
  const bad = (why: string): SpillkitError => new SpillkitError('CORRUPT_PACK', `corrupt pack index ${path}: ${why}`, { path });
  if (buf.length < 8 + 256 * 4 + 40) throw bad('file too short');
  if (buf.readUInt32BE(0) === V2_MAGIC) {
    if (buf.readUInt32BE(4) !== 2) throw bad(`unsupported version ${buf.readUInt32BE(4)}`);
    const count = buf.readUInt32BE(8 + 255 * 4);
    const oidStart = 8 + 256 * 4;
    const crcStart = oidStart + count * 20;
    const offStart = crcStart + count * 4;
    const bigStart = offStart + count * 4;
    if (buf.length < bigStart + 40) throw bad('truncated');
    const offsets = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const v = buf.readUInt32BE(offStart + i * 4);
      if (v & 0x80000000) {
        const at = bigStart + (v & 0x7fffffff) * 8;
        if (at + 8 > buf.length - 40) throw bad('64-bit offset out of range');
        offsets[i] = buf.readUInt32BE(at) * 2 ** 32 + buf.readUInt32BE(at + 4);
      } else {
        offsets[i] = v;
      }
    }
    return {
      path,
      count,
      oids: buf.subarray(oidStart, crcStart),
      offsets,
      packChecksum: Buffer.from(buf.subarray(buf.length - 40, buf.length - 20)),
    };
  }
  // Version 1: fanout, then (4-byte offset, 20-byte oid) pairs.
  const count = buf.readUInt32BE(255 * 4);
  const start = 256 * 4;
  if (buf.length < start + count * 24 + 40) throw bad('truncated');
  const oids = Buffer.allocUnsafe(count * 20);
  const offsets = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    offsets[i] = buf.readUInt32BE(start + i * 24);
    buf.copy(oids, i * 20, start + i * 24 + 4, start + i * 24 + 24);
  }
  return { path, count, oids, offsets, packChecksum: Buffer.from(buf.subarray(buf.length - 40, buf.length - 20)) };
}

/**
 * Binary search in the sorted oid table (within its fanout bucket when there is one); -1 when absent.
 * The oid is read at `at` in `oid`, so a tree entry is looked up in place, without a copy.
 */
export function findOid(idx: { oids: Uint8Array; count: number; fanout?: Uint32Array }, oid: Uint8Array, at = 0): number {
  let lo = 0;
  let hi = idx.count - 1;
  if (idx.fanout) {
    const x = (oid[at] << 8) | oid[at + 1];
    lo = idx.fanout[x];
    hi = idx.fanout[x + 1] - 1;
  }
  const o = idx.oids;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const base = mid * 20;
    let cmp = 0;
    for (let k = 0; k < 20; k++) {
      const d = o[base + k] - oid[at + k];
      if (d !== 0) {
        cmp = d;
        break;
      }
    }
    if (cmp === 0) return mid;
    if (cmp < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
