// Mutations of a real repository's object database for the reader fuzz target: bit flips, truncation,
// inserted bytes, and headers that lie about sizes (a pack entry's, a delta's result, a loose
// object's), with or without the checksums repaired (repaired, the damage reaches the entry readers
// instead of stopping at the pack's trailer check). Plain JavaScript, so the fuzz driver (a child
// process running the built readers) and the test itself share it. Deterministic for a given seed.
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';

/** The seed of case `i` of a run: mixed, so neighbouring cases draw unrelated mutations. */
export function caseSeed(seed, i) {
  let h = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

function files(gitDir) {
  const objects = join(gitDir, 'objects');
  const packDir = join(objects, 'pack');
  const packs = readdirSync(packDir).filter((f) => f.endsWith('.pack')).map((f) => join(packDir, f));
  const loose = readdirSync(objects)
    .filter((d) => /^[0-9a-f]{2}$/.test(d))
    .flatMap((d) => readdirSync(join(objects, d)).map((f) => join(objects, d, f)));
  return { packs, loose };
}

function write(path, buf) {
  chmodSync(path, 0o644);
  writeFileSync(path, buf);
}

function flipBits(buf, rng, from = 0, to = buf.length) {
  const out = Buffer.from(buf);
  const n = 1 + rng.int(8);
  for (let i = 0; i < n && to > from; i++) out[from + rng.int(to - from)] ^= 1 << rng.int(8);
  return out;
}

function truncate(buf, rng) {
  return buf.subarray(0, rng.int(buf.length));
}

function insertBytes(buf, rng) {
  const at = rng.int(buf.length + 1);
  const extra = Buffer.alloc(1 + rng.int(16));
  for (let i = 0; i < extra.length; i++) extra[i] = rng.int(256);
  return Buffer.concat([buf.subarray(0, at), extra, buf.subarray(at)]);
}

/** A size to lie with: small, around a real size, near a limit, or beyond 4 GiB. */
function lyingSize(rng, real) {
  return rng.pick([0, 1, real + 1, Math.max(0, real - 1), real * 2 + 7, 64 << 20, (256 << 20) + 1, 2 ** 32 + 5, 2 ** 40, rng.int(1 << 20)]);
}

/** Offsets of a v2 index's objects (the unmutated one), ascending. */
function idxOffsets(idx) {
  const count = idx.readUInt32BE(8 + 255 * 4);
  const offStart = 8 + 1024 + count * 24;
  const out = [];
  for (let i = 0; i < count; i++) out.push(idx.readUInt32BE(offStart + i * 4));
  return { count, offStart, offsets: out.sort((x, y) => x - y) };
}

/** Where an entry's zlib stream starts, its type and declared size. */
function entryAt(pack, at) {
  let p = at;
  let c = pack[p++];
  const type = (c >> 4) & 7;
  let size = c & 15;
  let shift = 4;
  const sizeBytes = [at];
  while (c & 0x80) {
    sizeBytes.push(p);
    c = pack[p++];
    size += (c & 0x7f) * 2 ** shift;
    shift += 7;
  }
  if (type === 6) {
    c = pack[p++];
    while (c & 0x80) c = pack[p++];
  } else if (type === 7) p += 20;
  return { type, size, sizeBytes, dataAt: p };
}

/** Makes the pack's trailer and the index's recorded checksum (and its own) right again. */
function repairChecksums(packPath, pack, idx) {
  const body = pack.subarray(0, pack.length - 20);
  const sum = createHash('sha1').update(body).digest();
  const fixedIdx = Buffer.from(idx);
  sum.copy(fixedIdx, fixedIdx.length - 40);
  createHash('sha1').update(fixedIdx.subarray(0, fixedIdx.length - 20)).digest().copy(fixedIdx, fixedIdx.length - 20);
  write(packPath, Buffer.concat([body, sum]));
  write(packPath.replace(/\.pack$/, '.idx'), fixedIdx);
}

function entryHeader(type, size) {
  const out = [];
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

function varint(v) {
  const out = [];
  do {
    let c = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) c |= 0x80;
    out.push(c);
  } while (v > 0);
  return out;
}

const packMutations = {
  'pack bit flips': (packPath, pack, idx, rng) => {
    const out = flipBits(pack, rng, 12, pack.length - 20);
    if (rng.chance(0.75)) repairChecksums(packPath, out, idx);
    else write(packPath, out);
  },
  'pack truncated': (packPath, pack, _idx, rng) => write(packPath, truncate(pack, rng)),
  'pack bytes inserted': (packPath, pack, idx, rng) => {
    const out = insertBytes(pack.subarray(0, pack.length - 20), rng);
    if (rng.chance(0.75)) repairChecksums(packPath, Buffer.concat([out, Buffer.alloc(20)]), idx);
    else write(packPath, Buffer.concat([out, pack.subarray(pack.length - 20)]));
  },
  'pack entry size lies': (packPath, pack, idx, rng) => {
    const { offsets } = idxOffsets(idx);
    const e = entryAt(pack, rng.pick(offsets));
    const out = Buffer.from(pack);
    // Same number of size bytes (continuation bits kept), so nothing after it moves.
    for (const [i, at] of e.sizeBytes.entries()) {
      const keep = out[at] & (i === 0 ? 0xf0 : 0x80);
      out[at] = keep | (rng.int(256) & (i === 0 ? 0x0f : 0x7f));
    }
    repairChecksums(packPath, out, idx);
  },
  'delta result size lies': (packPath, pack, idx, rng) => {
    const { count, offStart, offsets } = idxOffsets(idx);
    const deltas = offsets.filter((o) => entryAt(pack, o).type === 6);
    if (deltas.length === 0) return packMutations['pack entry size lies'](packPath, pack, idx, rng);
    const at = rng.pick(deltas);
    const next = offsets.find((o) => o > at) ?? pack.length - 20;
    const e = entryAt(pack, at);
    const payload = inflateSync(pack.subarray(e.dataAt, next));
    let p = 0;
    while (payload[p++] & 0x80);
    const resultStart = p;
    let result = 0;
    let shift = 0;
    let c;
    do {
      c = payload[p++];
      result += (c & 0x7f) * 2 ** shift;
      shift += 7;
    } while (c & 0x80);
    const lied = Buffer.concat([payload.subarray(0, resultStart), Buffer.from(varint(lyingSize(rng, result))), payload.subarray(p)]);
    // The entry header declares the delta's own new length; everything after it moves.
    const sizeHeader = entryHeader(6, lied.length);
    const ofs = pack.subarray(e.sizeBytes[e.sizeBytes.length - 1] + 1, e.dataAt);
    const entry = Buffer.concat([sizeHeader, ofs, deflateSync(lied)]);
    const shiftBy = entry.length - (next - at);
    const out = Buffer.concat([pack.subarray(0, at), entry, pack.subarray(next)]);
    const fixedIdx = Buffer.from(idx);
    for (let i = 0; i < count; i++) {
      const o = fixedIdx.readUInt32BE(offStart + i * 4);
      if (o > at) fixedIdx.writeUInt32BE(o + shiftBy, offStart + i * 4);
    }
    // An OFS_DELTA after the rewritten entry whose base precedes it now points `shiftBy` bytes off:
    // that is one more corruption the readers must survive, on purpose.
    repairChecksums(packPath, out, fixedIdx);
  },
};

const idxMutations = {
  'idx bit flips': (path, idx, rng) => write(path, flipBits(idx, rng)),
  'idx truncated': (path, idx, rng) => write(path, truncate(idx, rng)),
  'idx bytes inserted': (path, idx, rng) => write(path, insertBytes(idx, rng)),
  'idx offset rewritten': (path, idx, rng) => {
    const { count, offStart } = idxOffsets(idx);
    const out = Buffer.from(idx);
    out.writeUInt32BE(rng.pick([0, 1, 12, 0x7fffffff, 0x80000000, 0x80000001, rng.int(2 ** 32)]), offStart + rng.int(count) * 4);
    write(path, out);
  },
};

const looseMutations = {
  'loose bit flips': (path, buf, rng) => write(path, flipBits(buf, rng)),
  'loose truncated': (path, buf, rng) => write(path, truncate(buf, rng)),
  'loose bytes inserted': (path, buf, rng) => write(path, insertBytes(buf, rng)),
  'loose header size lies': (path, buf, rng) => {
    const raw = inflateSync(buf);
    const nul = raw.indexOf(0);
    const [type, size] = raw.toString('latin1', 0, nul).split(' ');
    write(path, deflateSync(Buffer.concat([Buffer.from(`${type} ${lyingSize(rng, Number(size))}\0`, 'latin1'), raw.subarray(nul + 1)])));
  },
  'loose header garbled': (path, buf, rng) => {
    const raw = inflateSync(buf);
    const nul = raw.indexOf(0);
    write(path, deflateSync(Buffer.concat([flipBits(raw.subarray(0, nul + 1), rng), raw.subarray(nul + 1)])));
  },
};

/** Applies one random mutation to the object database under `gitDir`; returns what it did. */
export function mutateRepository(gitDir, rng) {
  const { packs, loose } = files(gitDir);
  const kind = rng.next();
  if (kind < 0.45 && packs.length) {
    const packPath = rng.pick(packs);
    const name = rng.pick(Object.keys(packMutations));
    packMutations[name](packPath, readFileSync(packPath), readFileSync(packPath.replace(/\.pack$/, '.idx')), rng);
    return name;
  }
  if (kind < 0.7 && packs.length) {
    const idxPath = rng.pick(packs).replace(/\.pack$/, '.idx');
    const name = rng.pick(Object.keys(idxMutations));
    idxMutations[name](idxPath, readFileSync(idxPath), rng);
    return name;
  }
  const path = rng.pick(loose);
  const name = rng.pick(Object.keys(looseMutations));
  looseMutations[name](path, readFileSync(path), rng);
  return `${name} (${path.slice(-41).replace('/', '')})`;
}
