/**
 * Hand-made object database files for hostile tests: zlib streams of any length built without holding
 * their content (a gigabyte of zeros costs a few hundred KiB to make), loose objects with any header,
 * and packs (with their v2 index) whose entries declare whatever sizes the test wants. Object ids are
 * whatever the test names them: the readers under test must not trust them either.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';

/** A piece of stream content: bytes, or a run of zero bytes that is never materialized. */
export type Piece = Buffer | { zeros: number };

const ZERO_CHUNK = 1 << 20;
let zeroBlock: Buffer | null = null;

/** Raw deflate of 1 MiB of zeros ending in a full flush: byte-aligned, no history, not final. */
function zeroChunk(): Buffer {
  zeroBlock ??= deflateRawSync(Buffer.alloc(ZERO_CHUNK), { finishFlush: constants.Z_FULL_FLUSH });
  return zeroBlock;
}

/**
 * A zlib stream of the pieces' concatenation. Each part is a fully flushed raw deflate segment, so the
 * segments can be repeated and joined; the Adler-32 is computed over the pieces without expanding them.
 */
export function zlibOf(pieces: Piece[]): Buffer {
  const parts: Buffer[] = [Buffer.from([0x78, 0x9c])];
  let a = 1;
  let b = 0;
  for (const piece of pieces) {
    if (Buffer.isBuffer(piece)) {
      parts.push(deflateRawSync(piece, { finishFlush: constants.Z_FULL_FLUSH }));
      for (const byte of piece) {
        a = (a + byte) % 65521;
        b = (b + a) % 65521;
      }
    } else {
      let left = piece.zeros;
      while (left >= ZERO_CHUNK) {
        parts.push(zeroChunk());
        left -= ZERO_CHUNK;
      }
      if (left > 0) parts.push(deflateRawSync(Buffer.alloc(left), { finishFlush: constants.Z_FULL_FLUSH }));
      // Zeros leave `a` unchanged and add it to `b` once per byte.
      b = Number((BigInt(b) + BigInt(a) * BigInt(piece.zeros)) % 65521n);
    }
  }
  parts.push(deflateRawSync(Buffer.alloc(0))); // the final, empty block
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((b << 16) | a) >>> 0);
  parts.push(adler);
  return Buffer.concat(parts);
}

/** Writes a loose object file under `objectsDir` named `oid`, holding `zlib` as it is. */
export function writeLooseFile(objectsDir: string, oid: string, zlib: Buffer): string {
  const dir = join(objectsDir, oid.slice(0, 2));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, oid.slice(2));
  writeFileSync(path, zlib);
  return path;
}

/** A loose object declaring `type` and `size`, whose stream holds `content` (which may disagree). */
export function looseObject(type: string, size: number, content: Piece[]): Buffer {
  return zlibOf([Buffer.from(`${type} ${size}\0`, 'latin1'), ...content]);
}

/** The real id of an object: sha1("<type> <size>\0<content>"). */
export function objectId(type: string, content: Buffer): string {
  return createHash('sha1').update(`${type} ${content.length}\0`).update(content).digest('hex');
}

export interface PackEntrySpec {
  oid: string;
  /** 1 commit, 2 tree, 3 blob, 4 tag, 6 OFS_DELTA, 7 REF_DELTA. */
  type: number;
  /** The size the entry header declares. */
  size: number;
  zlib: Buffer;
  /** OFS_DELTA: index of the base entry in this pack (an earlier one). */
  base?: number;
  /** REF_DELTA: the base's id. */
  baseOid?: string;
}

function entryHeader(type: number, size: number): Buffer {
  const out: number[] = [];
  let c = (type << 4) | (size % 16);
  let rest = Math.floor(size / 16);
  while (rest > 0) {
    out.push(c | 0x80);
    c = rest % 128;
    rest = Math.floor(rest / 128);
  }
  out.push(c);
  return Buffer.from(out);
}

function ofsDistance(distance: number): Buffer {
  const out = [distance & 0x7f];
  let d = distance >>> 7;
  while (d > 0) {
    d -= 1;
    out.unshift(0x80 | (d & 0x7f));
    d >>>= 7;
  }
  return Buffer.from(out);
}

/** Writes pack-<sum>.pack and its v2 .idx into `objectsDir/pack`. Returns both paths. */
export function writePack(objectsDir: string, entries: PackEntrySpec[]): { pack: string; idx: string } {
  const head = Buffer.alloc(12);
  head.write('PACK', 0, 'latin1');
  head.writeUInt32BE(2, 4);
  head.writeUInt32BE(entries.length, 8);
  const parts: Buffer[] = [head];
  const offsets: number[] = [];
  let at = 12;
  for (const e of entries) {
    offsets.push(at);
    const bits = [entryHeader(e.type, e.size)];
    if (e.type === 6) bits.push(ofsDistance(at - offsets[e.base!]));
    if (e.type === 7) bits.push(Buffer.from(e.baseOid!, 'hex'));
    bits.push(e.zlib);
    const bytes = Buffer.concat(bits);
    parts.push(bytes);
    at += bytes.length;
  }
  const body = Buffer.concat(parts);
  const sum = createHash('sha1').update(body).digest();
  const dir = join(objectsDir, 'pack');
  mkdirSync(dir, { recursive: true });
  const name = `pack-${sum.toString('hex')}`;
  const pack = join(dir, `${name}.pack`);
  writeFileSync(pack, Buffer.concat([body, sum]));
  const idx = join(dir, `${name}.idx`);
  writeFileSync(idx, packIndex(entries.map((e, i) => ({ oid: e.oid, offset: offsets[i] })), sum));
  return { pack, idx };
}

/** A v2 pack index: fanout, sorted ids, CRCs (zero: spillkit does not read them), offsets, checksums. */
export function packIndex(objects: Array<{ oid: string; offset: number }>, packSum: Buffer): Buffer {
  const sorted = [...objects].sort((x, y) => (x.oid < y.oid ? -1 : 1));
  const n = sorted.length;
  const buf = Buffer.alloc(8 + 1024 + n * 28 + 40);
  buf.writeUInt32BE(0xff744f63, 0);
  buf.writeUInt32BE(2, 4);
  for (let x = 0; x < 256; x++) buf.writeUInt32BE(sorted.filter((o) => parseInt(o.oid.slice(0, 2), 16) <= x).length, 8 + x * 4);
  sorted.forEach((o, i) => {
    Buffer.from(o.oid, 'hex').copy(buf, 1032 + i * 20);
    buf.writeUInt32BE(o.offset, 1032 + n * 24 + i * 4);
  });
  packSum.copy(buf, 1032 + n * 28);
  createHash('sha1').update(buf.subarray(0, buf.length - 20)).digest().copy(buf, buf.length - 20);
  return buf;
}

/** A git delta: base size, result size, then the instruction bytes as given. */
export function delta(baseSize: number, resultSize: number, ops: Buffer): Buffer {
  const varint = (v: number): number[] => {
    const out: number[] = [];
    do {
      let c = v % 128;
      v = Math.floor(v / 128);
      if (v > 0) c |= 0x80;
      out.push(c);
    } while (v > 0);
    return out;
  };
  return Buffer.concat([Buffer.from([...varint(baseSize), ...varint(resultSize)]), ops]);
}
