import { basename } from 'node:path';
import { SpillkitError } from '../errors.js';
import { PackFile } from './pack-file.js';
import { readPackIndex, type PackIndex } from './pack-index.js';

/**
 * A pack's index re-sorted by offset, in shared memory so every worker thread reads the same tables.
 * Position p (offset order) spans [sortedOffsets[p], sortedOffsets[p+1]) in the pack; idxOf[p] maps it
 * back to the idx order, where the oid lives.
 */
export interface PackLayout {
  packPath: string;
  idxPath: string;
  packSize: number;
  count: number;
  oids: Uint8Array;
  sortedOffsets: Float64Array;
  idxOf: Uint32Array;
  /** Inverse of idxOf: idx position -> offset-order position. */
  posOf: Uint32Array;
  /** fanout[x] = number of oids whose first two bytes are < x: a lookup searches one small bucket. */
  fanout: Uint32Array;
}

function shared<T extends Uint8Array | Float64Array | Uint32Array>(make: (sab: SharedArrayBuffer) => T, bytes: number): T {
  return make(new SharedArrayBuffer(Math.max(bytes, 8)));
}

export function buildPackLayout(idxPath: string): PackLayout {
  const packPath = idxPath.replace(/\.idx$/, '.pack');
  const idx: PackIndex = readPackIndex(idxPath);
  const pack = new PackFile(packPath);
  try {
    verifyPackEnvelope(pack, idx);
  } finally {
    pack.close();
  }
  // A native numeric sort of the offsets (no comparator callback), then each idx position finds its
  // place by binary search: offsets are unique within a pack.
  const sortedOffsets = shared((s) => new Float64Array(s), idx.count * 8);
  sortedOffsets.set(idx.offsets);
  sortedOffsets.sort();
  for (let p = 1; p < idx.count; p++) {
    if (sortedOffsets[p] === sortedOffsets[p - 1]) throw new SpillkitError('CORRUPT_PACK', `pack index ${basename(idxPath)} lists offset ${sortedOffsets[p]} twice`, { path: idxPath });
  }
  const idxOf = shared((s) => new Uint32Array(s), idx.count * 4);
  const posOf = shared((s) => new Uint32Array(s), idx.count * 4);
  const tmp = { sortedOffsets, count: idx.count } as PackLayout;
  for (let i = 0; i < idx.count; i++) {
    const p = positionOfOffset(tmp, idx.offsets[i]);
    idxOf[p] = i;
    posOf[i] = p;
  }
  const oids = shared((s) => new Uint8Array(s), idx.count * 20);
  oids.set(idx.oids);
  const fanout = shared((s) => new Uint32Array(s), 65537 * 4);
  for (let i = 0; i < idx.count; i++) fanout[((oids[i * 20] << 8) | oids[i * 20 + 1]) + 1]++;
  for (let x = 1; x <= 65536; x++) fanout[x] += fanout[x - 1];
  return { packPath, idxPath, packSize: pack.size, count: idx.count, oids, sortedOffsets, idxOf, posOf, fanout };
}

/**
 * Cheap integrity checks that catch truncation and a mismatched idx without hashing the whole pack:
 * signature, version, object count, and the trailer checksum the idx recorded.
 */
function verifyPackEnvelope(pack: PackFile, idx: PackIndex): void {
  const name = basename(pack.path);
  if (pack.size < 32) throw new SpillkitError('TRUNCATED_PACK', `pack ${name} is truncated (${pack.size} bytes)`, { path: pack.path });
  const head = pack.read(0, 12);
  if (head.toString('latin1', 0, 4) !== 'PACK') throw new SpillkitError('CORRUPT_PACK', `pack ${name} has no PACK signature`, { path: pack.path });
  const version = head.readUInt32BE(4);
  if (version !== 2 && version !== 3) throw new SpillkitError('CORRUPT_PACK', `pack ${name} has unsupported version ${version}`, { path: pack.path });
  const count = head.readUInt32BE(8);
  if (count !== idx.count) {
    throw new SpillkitError('CORRUPT_PACK', `pack ${name} holds ${count} objects but its index lists ${idx.count}`, { path: pack.path });
  }
  const trailer = pack.read(pack.size - 20, 20);
  if (!trailer.equals(idx.packChecksum)) {
    throw new SpillkitError('TRUNCATED_PACK', `pack ${name} is truncated or does not match its index (trailer checksum differs)`, { path: pack.path });
  }
  for (let i = 0; i < idx.count; i++) {
    if (idx.offsets[i] < 12 || idx.offsets[i] >= pack.size - 20) {
      throw new SpillkitError('TRUNCATED_PACK', `pack ${name} is truncated: object ${i} lies beyond its end`, { path: pack.path });
    }
  }
}

/** Position (offset order) of the entry starting exactly at `offset`, or -1. */
export function positionOfOffset(layout: PackLayout, offset: number): number {
  const a = layout.sortedOffsets;
  let lo = 0;
  let hi = layout.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid];
    if (v === offset) return mid;
    if (v < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** End of the entry at position p: the next entry's offset, or the trailer. */
export function entryEnd(layout: PackLayout, p: number): number {
  return p + 1 < layout.count ? layout.sortedOffsets[p + 1] : layout.packSize - 20;
}
