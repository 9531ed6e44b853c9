import { applyDelta, DeltaError } from '../git/delta.js';
import { readLooseObject, type LooseObjectRef } from '../git/loose.js';
import { ByteLru } from '../git/lru.js';
import { heldByEarlierPack, locateInPacks } from '../git/object-database.js';
import { OBJ_OFS_DELTA, OBJ_REF_DELTA } from '../git/object-type.js';
import { entryEnd, type PackLayout } from '../git/pack-layout.js';
import { PackReader } from '../git/pack-reader.js';
import type { RawMatch } from './matcher.js';

/** An object resolved in full, with what the blob scan found in it (carried to its deltas). */
export interface Materialized {
  type: number;
  data: Buffer;
  /** Candidates of a blob; null when not scanned (not a blob, or over the size limit). */
  matches: RawMatch[] | null;
  /** Multi-line keyword anchors (position, rule pairs), carried to deltas of this blob. */
  anchors: number[];
  bytes: number;
}

export type Scanned = Pick<Materialized, 'matches' | 'anchors'>;
export const NOT_SCANNED: Scanned = { matches: null, anchors: [] };

/** How a blob is scanned: in full, or as a delta of an already scanned base. */
export interface BlobScan {
  full(data: Buffer): Scanned;
  delta(data: Buffer, base: Materialized, copies: number[]): Scanned;
}

const key = (pack: number, pos: number): number => pack * 2 ** 32 + pos;

/**
 * Resolves pack entries in a worker. Ranges are streamed in offset order, where a delta's base comes
 * first; a base stays in a byte-bounded cache only while a delta of the current range still needs it,
 * so memory stays flat whatever the pack size.
 */
export class ObjectResolver {
  readonly readers: PackReader[];
  private types: Int8Array[];
  private cache: ByteLru<Materialized>;
  private loose: Map<string, string>;
  /** Dependents left in the current range per base key. */
  private pending = new Map<number, number>();
  private range = { pack: -1, from: 0, to: 0 };

  constructor(readonly packs: PackLayout[], loose: LooseObjectRef[], cacheBytes: number, private readonly deltaReuse: boolean) {
    this.readers = packs.map((l) => new PackReader(l));
    this.types = packs.map((l) => new Int8Array(l.count));
    this.cache = new ByteLru(cacheBytes);
    this.loose = new Map(loose.map((l) => [l.oid, l.path]));
  }

  /**
   * Visits positions [from, to) of a pack that `select` picks (it returns the object's type, or 0 to
   * pass), each object id once overall.
   */
  walkRange(pack: number, from: number, to: number, select: (p: number) => number, visit: (p: number, type: number) => void): void {
    const r = this.readers[pack];
    this.range = { pack, from, to };
    r.pin(r.layout.sortedOffsets[from], entryEnd(r.layout, to - 1));
    const baseOf = new Float64Array(to - from).fill(-1);
    this.pending.clear();
    for (let p = from; p < to; p++) {
      if (select(p) === 0) continue;
      const b = this.baseKey(pack, p);
      if (b >= 0) {
        baseOf[p - from] = b;
        this.pending.set(b, (this.pending.get(b) ?? 0) + 1);
      }
    }
    try {
      for (let p = from; p < to; p++) {
        const type = select(p);
        if (type !== 0 && (pack === 0 || !heldByEarlierPack(this.packs, pack, r.oidAt(p)))) visit(p, type);
        const b = baseOf[p - from];
        if (b >= 0) {
          const left = (this.pending.get(b) ?? 1) - 1;
          if (left <= 0) {
            this.pending.delete(b);
            this.cache.delete(b);
          } else this.pending.set(b, left);
        }
        if (!this.pending.has(key(pack, p))) this.cache.delete(key(pack, p));
      }
    } finally {
      r.unpin();
      this.range = { pack: -1, from: 0, to: 0 };
    }
  }

  private baseKey(pack: number, p: number): number {
    const r = this.readers[pack];
    const h = r.header(p);
    if (h.type === OBJ_OFS_DELTA) return key(pack, r.basePosition(p, h));
    if (h.type === OBJ_REF_DELTA) {
      const at = locateInPacks(this.packs, h.baseOid!);
      if (at) return key(at.pack, at.pos);
    }
    return -1;
  }

  /** Object type, following delta chains by their headers only (memoised). */
  typeOf(pack: number, pos: number): number {
    const memo = this.types[pack][pos];
    if (memo) return memo;
    const r = this.readers[pack];
    const h = r.header(pos);
    let t: number;
    if (h.type === OBJ_OFS_DELTA) t = this.typeOf(pack, r.basePosition(pos, h));
    else if (h.type === OBJ_REF_DELTA) {
      const at = locateInPacks(this.packs, h.baseOid!);
      t = at ? this.typeOf(at.pack, at.pos) : this.looseBase(h.baseOid!, pack, pos).type;
    } else t = h.type;
    this.types[pack][pos] = t;
    return t;
  }

  private looseBase(oid: Uint8Array, pack: number, pos: number): { type: number; data: Buffer } {
    const hex = Buffer.from(oid).toString('hex');
    const path = this.loose.get(hex);
    if (!path) throw this.readers[pack].corrupt(pos, `delta base ${hex} is missing`);
    return readLooseObject(path, hex);
  }

  /**
   * Resolves an entry; with `scan`, a blob also gets its matches (delta-aware when enabled). With
   * `copiesOut`, a delta resolved here records what it copied from its base (target, base, length
   * triples); it stays empty when the object was not a delta or came from the cache.
   */
  materialize(pack: number, pos: number, scan: BlobScan | null, copiesOut?: number[]): Materialized {
    const k = key(pack, pos);
    const hit = this.cache.get(k);
    if (hit && (!scan || hit.matches !== null)) return hit;
    const r = this.readers[pack];
    const { header, data: payload } = r.inflate(pos);
    let o: Materialized;
    if (!r.isDelta(header.type)) {
      o = { type: header.type, data: payload, ...(scan ? scan.full(payload) : NOT_SCANNED), bytes: 0 };
    } else {
      let base: Materialized;
      if (header.type === OBJ_OFS_DELTA) base = this.materialize(pack, r.basePosition(pos, header), scan);
      else {
        const at = locateInPacks(this.packs, header.baseOid!);
        if (at) base = this.materialize(at.pack, at.pos, scan);
        else {
          const lo = this.looseBase(header.baseOid!, pack, pos);
          base = { type: lo.type, data: lo.data, ...(scan ? scan.full(lo.data) : NOT_SCANNED), bytes: lo.data.length };
        }
      }
      const copies: number[] = copiesOut ?? [];
      const reuse = scan !== null && this.deltaReuse;
      let data: Buffer;
      try {
        data = applyDelta(base.data, payload, reuse || copiesOut ? { copies } : undefined);
      } catch (e) {
        if (e instanceof DeltaError) throw r.corrupt(pos, e.message);
        throw e;
      }
      const scanned = scan ? (reuse ? scan.delta(data, base, copies) : scan.full(data)) : NOT_SCANNED;
      o = { type: base.type, data, ...scanned, bytes: 0 };
    }
    o.bytes = o.data.length + 64 + (o.matches ? o.matches.length * 64 : 0);
    const inRange = pack === this.range.pack && pos >= this.range.from && pos < this.range.to;
    if (!inRange || this.pending.has(k)) this.cache.set(k, o);
    return o;
  }

  close(): void {
    for (const r of this.readers) r.close();
  }
}
