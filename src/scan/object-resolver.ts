import { applyDelta, DeltaError, deltaSizes } from '../git/delta.js';
import { readLooseHeader, readLooseObject, type LooseObjectRef } from '../git/loose.js';
import { ByteLru } from '../git/lru.js';
import { heldByEarlierPack, locateInPacks } from '../git/object-database.js';
import { largestLimit, limitFor, MAX_DELTA_DEPTH, objectLimits, type ObjectLimits } from '../git/object-limits.js';
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
  /** Set when the object was not resolved because of its size (data is then empty). */
  skipped?: Skipped;
}

/**
 * Why an object was left unresolved: its declared size is over the limit for its type, or it is a
 * delta of an object that was (`base` names that object).
 */
export interface Skipped {
  size: number;
  base?: string;
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

  private readonly largest: number;

  constructor(
    readonly packs: PackLayout[],
    loose: LooseObjectRef[],
    cacheBytes: number,
    private readonly deltaReuse: boolean,
    readonly limits: ObjectLimits = objectLimits(),
  ) {
    this.largest = largestLimit(limits);
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

  /**
   * Object type, following delta chains by their headers only (memoised). Iterative, and bounded: a
   * chain of REF_DELTAs that loops is an error naming the object, not a stack overflow.
   */
  typeOf(pack: number, pos: number): number {
    const chain: Array<[number, number]> = [];
    let k = pack;
    let p = pos;
    let t = this.types[k][p];
    while (!t) {
      if (chain.length > MAX_DELTA_DEPTH) throw this.readers[pack].corrupt(pos, `delta chain is deeper than ${MAX_DELTA_DEPTH} (or loops)`);
      chain.push([k, p]);
      const r = this.readers[k];
      const h = r.header(p);
      if (h.type === OBJ_OFS_DELTA) p = r.basePosition(p, h);
      else if (h.type === OBJ_REF_DELTA) {
        const at = locateInPacks(this.packs, h.baseOid!);
        if (!at) {
          t = readLooseHeader(this.loosePath(h.baseOid!, k, p), Buffer.from(h.baseOid!).toString('hex')).type;
          break;
        }
        k = at.pack;
        p = at.pos;
      } else {
        t = h.type;
        break;
      }
      t = this.types[k][p];
    }
    for (const [ck, cp] of chain) this.types[ck][cp] = t;
    return t;
  }

  private loosePath(oid: Uint8Array, pack: number, pos: number): string {
    const hex = Buffer.from(oid).toString('hex');
    const path = this.loose.get(hex);
    if (!path) throw this.readers[pack].corrupt(pos, `delta base ${hex} is missing`);
    return path;
  }

  /** A loose delta base, resolved in full (and scanned with `scan`) unless it is over its limit. */
  private looseBase(oid: Uint8Array, pack: number, pos: number, scan: BlobScan | null): Materialized {
    const hex = Buffer.from(oid).toString('hex');
    const lo = readLooseObject(this.loosePath(oid, pack, pos), hex, this.limits);
    if (lo.data === null) return skippedObject(lo.type, { size: lo.size });
    return { type: lo.type, data: lo.data, ...(scan ? scan.full(lo.data) : NOT_SCANNED), bytes: lo.data.length };
  }

  /**
   * Resolves an entry; with `scan`, a blob also gets its matches (delta-aware when enabled). With
   * `copiesOut`, a delta resolved here records what it copied from its base (target, base, length
   * triples); it stays empty when the object was not a delta or came from the cache.
   *
   * Sizes are checked where they are declared, before anything of that size exists: the entry header
   * for an object or a delta, then the delta's own header for its result. An object over the limit for
   * its type, or a delta of one, comes back `skipped`, with empty data, and costs no memory.
   *
   * A delta chain is walked down to the first object already resolved (or not a delta), then built
   * back up, without recursion: a chain thousands deep costs no stack, and one that loops is an error.
   */
  materialize(pack: number, pos: number, scan: BlobScan | null, copiesOut?: number[]): Materialized {
    let chain: Array<{ pack: number; pos: number; payload: Buffer; size: number }> | null = null;
    let k = pack;
    let p = pos;
    let base: Materialized;
    /** The loose object the chain ended on, to name it should it be skipped (else it is at k, p). */
    let looseOid: string | null = null;
    for (;;) {
      const hit = this.cache.get(key(k, p));
      if (hit && (!scan || hit.matches !== null || hit.skipped)) {
        base = hit;
        break;
      }
      const r = this.readers[k];
      const entry = r.entry(p);
      const { header } = entry;
      if (!r.isDelta(header.type)) {
        if (header.size > limitFor(this.limits, header.type)) base = skippedObject(header.type, { size: header.size });
        else {
          const payload = r.inflateEntry(p, entry);
          base = { type: header.type, data: payload, ...(scan ? scan.full(payload) : NOT_SCANNED), bytes: 0 };
        }
        this.keep(k, p, base);
        break;
      }
      chain ??= [];
      if (chain.length >= MAX_DELTA_DEPTH) throw this.readers[pack].corrupt(pos, `delta chain is deeper than ${MAX_DELTA_DEPTH} (or loops)`);
      // A delta larger than any object we keep: its result size is read from the stream's head only.
      const payload = header.size > this.largest ? null : r.inflateEntry(p, entry);
      const size = payload === null ? r.deltaResultSize(p, entry) : this.resultSize(k, p, payload);
      if (payload === null || size > this.largest) {
        base = skippedObject(this.typeOf(k, p), { size });
        this.keep(k, p, base);
        break;
      }
      chain.push({ pack: k, pos: p, payload, size });
      if (header.type === OBJ_OFS_DELTA) p = r.basePosition(p, header);
      else {
        const at = locateInPacks(this.packs, header.baseOid!);
        if (!at) {
          looseOid = Buffer.from(header.baseOid!).toString('hex');
          base = this.looseBase(header.baseOid!, k, p, scan);
          break;
        }
        k = at.pack;
        p = at.pos;
      }
    }
    if (chain === null) return base;
    for (let i = chain.length - 1; i >= 0; i--) {
      const c = chain[i];
      let o: Materialized;
      if (base.skipped) o = skippedObject(base.type, { size: c.size, base: base.skipped.base ?? looseOid ?? oidHex(this.readers[k], p) });
      else if (c.size > limitFor(this.limits, base.type)) o = skippedObject(base.type, { size: c.size });
      else o = this.applyTo(c.pack, c.pos, base, c.payload, scan, i === 0 ? copiesOut : undefined);
      this.keep(c.pack, c.pos, o);
      base = o;
      looseOid = null;
      k = c.pack;
      p = c.pos;
    }
    return base;
  }

  /** Caches a resolved object while anything still needs it (outside the current range: always). */
  private keep(pack: number, pos: number, o: Materialized): void {
    o.bytes = o.data.length + 64 + (o.matches ? o.matches.length * 64 : 0);
    const k = key(pack, pos);
    const inRange = pack === this.range.pack && pos >= this.range.from && pos < this.range.to;
    if (!inRange || this.pending.has(k)) this.cache.set(k, o);
  }

  /** Builds a delta's result on its resolved base, scanning it with `scan`. */
  private applyTo(pack: number, pos: number, base: Materialized, payload: Buffer, scan: BlobScan | null, copiesOut: number[] | undefined): Materialized {
    const copies: number[] = copiesOut ?? [];
    const reuse = scan !== null && this.deltaReuse;
    let data: Buffer;
    try {
      data = applyDelta(base.data, payload, reuse || copiesOut ? { copies } : undefined);
    } catch (e) {
      if (e instanceof DeltaError) throw this.readers[pack].corrupt(pos, e.message);
      throw e;
    }
    const scanned = scan ? (reuse ? scan.delta(data, base, copies) : scan.full(data)) : NOT_SCANNED;
    return { type: base.type, data, ...scanned, bytes: 0 };
  }

  private resultSize(pack: number, pos: number, delta: Buffer): number {
    try {
      return deltaSizes(delta).resultSize;
    } catch (e) {
      if (e instanceof DeltaError) throw this.readers[pack].corrupt(pos, e.message);
      throw e;
    }
  }

  close(): void {
    for (const r of this.readers) r.close();
  }
}

const EMPTY = Buffer.alloc(0);

function skippedObject(type: number, skipped: Skipped): Materialized {
  return { type, data: EMPTY, matches: null, anchors: [], bytes: 0, skipped };
}

function oidHex(r: PackReader, p: number): string {
  return Buffer.from(r.oidAt(p)).toString('hex');
}
