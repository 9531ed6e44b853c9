import { SpillkitError } from '../errors.js';
import { applyDelta, DeltaError, deltaSizes } from './delta.js';
import { ByteLru } from './lru.js';
import { readLooseObject } from './loose.js';
import { largestLimit, limitFor, MAX_DELTA_DEPTH, objectLimits, type ObjectLimits } from './object-limits.js';
import { OBJ_REF_DELTA } from './object-type.js';
import { locateInPacks, type ObjectDatabase } from './object-database.js';
import { PackReader } from './pack-reader.js';

export interface GitObject {
  type: number;
  data: Buffer;
  bytes: number;
}

/**
 * Random access to any object by id, resolving delta chains with a byte-bounded cache of bases.
 * Used for the tree walk of provenance, which visits objects in graph order rather than pack order.
 */
export class ObjectReader {
  readonly readers: PackReader[];
  private cache: ByteLru<GitObject>;
  private loose: Map<string, string>;

  constructor(readonly db: ObjectDatabase, cacheBytes = 128 << 20, private readonly limits: ObjectLimits = objectLimits()) {
    this.readers = db.packs.map((l) => new PackReader(l));
    this.cache = new ByteLru(cacheBytes);
    this.loose = new Map(db.loose.map((l) => [l.oid, l.path]));
  }

  has(oid: string): boolean {
    return this.loose.has(oid) || locateInPacks(this.db.packs, Buffer.from(oid, 'hex')) !== null;
  }

  /** Reads an object, or returns null when the database does not hold it. */
  tryRead(oid: string): GitObject | null {
    const bin = Buffer.from(oid, 'hex');
    const at = locateInPacks(this.db.packs, bin);
    if (at) return this.readPacked(at.pack, at.pos);
    const path = this.loose.get(oid);
    return path ? this.readLoose(path, oid) : null;
  }

  read(oid: string): GitObject {
    const o = this.tryRead(oid);
    if (!o) throw new SpillkitError('MISSING_OBJECT', `object ${oid} is missing from the repository`, { oid });
    return o;
  }

  private readLoose(path: string, oid: string): GitObject {
    const o = readLooseObject(path, oid, this.limits);
    if (o.data === null) throw tooLarge(oid, o.size, limitFor(this.limits, o.type));
    return { type: o.type, data: o.data, bytes: o.data.length };
  }

  /**
   * Resolves a packed object through its delta chain. Sizes are checked as they are declared (entry
   * header, then each delta's result size) before anything of that size is inflated or built.
   */
  readPacked(pack: number, pos: number): GitObject {
    const chain: Array<{ pack: number; pos: number; delta: Buffer; size: number }> = [];
    const largest = largestLimit(this.limits);
    const oidAt = (k: number, p: number): string => Buffer.from(this.readers[k].oidAt(p)).toString('hex');
    let base: GitObject | null = null;
    let k = pack;
    let p = pos;
    for (;;) {
      const key = k * 2 ** 32 + p;
      const hit = this.cache.get(key);
      if (hit) {
        base = hit;
        break;
      }
      const r = this.readers[k];
      const e = r.entry(p);
      const { header } = e;
      if (!r.isDelta(header.type)) {
        const limit = limitFor(this.limits, header.type);
        if (header.size > limit) throw tooLarge(oidAt(k, p), header.size, limit);
        const data = r.inflateEntry(p, e);
        base = { type: header.type, data, bytes: data.length };
        this.cache.set(key, base);
        break;
      }
      if (header.size > largest) throw tooLarge(oidAt(k, p), r.deltaResultSize(p, e), largest);
      const delta = r.inflateEntry(p, e);
      const size = this.resultSize(k, p, delta);
      if (size > largest) throw tooLarge(oidAt(k, p), size, largest);
      chain.push({ pack: k, pos: p, delta, size });
      if (header.type === OBJ_REF_DELTA) {
        const at = locateInPacks(this.db.packs, header.baseOid!);
        if (!at) {
          const hex = Buffer.from(header.baseOid!).toString('hex');
          const lo = this.loose.get(hex);
          if (!lo) throw r.corrupt(p, `delta base ${hex} is missing (thin pack?)`);
          base = this.readLoose(lo, hex);
          break;
        }
        k = at.pack;
        p = at.pos;
      } else {
        p = r.basePosition(p, header);
      }
      if (chain.length > MAX_DELTA_DEPTH) throw r.corrupt(pos, `delta chain is deeper than ${MAX_DELTA_DEPTH} (or loops)`);
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const c = chain[i];
      const limit = limitFor(this.limits, base.type);
      if (c.size > limit) throw tooLarge(oidAt(c.pack, c.pos), c.size, limit);
      let data: Buffer;
      try {
        data = applyDelta(base.data, c.delta);
      } catch (e) {
        if (e instanceof DeltaError) throw this.readers[c.pack].corrupt(c.pos, e.message);
        throw e;
      }
      base = { type: base.type, data, bytes: data.length };
      this.cache.set(c.pack * 2 ** 32 + c.pos, base);
    }
    return base;
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

function tooLarge(oid: string, size: number, limit: number): SpillkitError {
  return new SpillkitError('OBJECT_TOO_LARGE', `object ${oid} (${size} bytes) is larger than the ${limit}-byte limit and was not read`, { oid, size });
}
