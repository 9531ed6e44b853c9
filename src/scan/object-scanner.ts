import { createHash } from 'node:crypto';
import { SpillkitError } from '../errors.js';
import { messageText, parseCommit, parseTag } from '../git/commit.js';
import { applyDelta, DeltaError } from '../git/delta.js';
import { readLooseObject, type LooseObjectRef } from '../git/loose.js';
import { ByteLru } from '../git/lru.js';
import { heldByEarlierPack, locateInPacks } from '../git/object-database.js';
import { OBJ_BLOB, OBJ_COMMIT, OBJ_OFS_DELTA, OBJ_REF_DELTA, OBJ_TAG, OBJ_TREE } from '../git/object-type.js';
import { entryEnd } from '../git/pack-layout.js';
import { PackReader } from '../git/pack-reader.js';
import { carryAnchors, carryMatches, editRegions } from './delta-reuse.js';
import { recordTree, TreeEdgesBuilder } from './tree-edges.js';
import { globalIndexBases } from './global-index.js';
import { columnOf, compileRules, finalizeMatches, findRawMatches, type Matcher, type RawMatch } from './matcher.js';
import { redact } from './redact.js';
import type { ObjectMatch, WorkerSetup, WorkResult } from './worker-protocol.js';

interface Materialized {
  type: number;
  data: Buffer;
  /** Candidates of a blob; null when the blob was not scanned (over the size limit). */
  matches: RawMatch[] | null;
  /** Multi-line keyword anchors (position, rule pairs), carried to deltas of this blob. */
  anchors: number[];
  bytes: number;
}

type Scanned = Pick<Materialized, 'matches' | 'anchors'>;
const NOT_SCANNED: Scanned = { matches: null, anchors: [] };

const key = (pack: number, pos: number): number => pack * 2 ** 32 + pos;

/**
 * Streams through pack ranges in offset order (bases come before their deltas there), resolves each
 * object once, and scans blobs, commit messages and tag messages. Trees are skipped: provenance reads
 * them later, and only when something was found.
 */
export class ObjectScanner {
  private readers: PackReader[];
  private types: Int8Array[];
  private cache: ByteLru<Materialized>;
  private matcher: Matcher;
  private loose: Map<string, string>;
  /** Dependents left in the current chunk per base key: a base leaves the cache after its last delta. */
  private pending = new Map<number, number>();
  private chunk = { pack: -1, from: 0, to: 0 };
  private result!: WorkResult;
  private filter: { prefixes: Set<number>; blobs: Set<string> } | null = null;
  private packBase: number[];
  private looseBase: number;
  private looseIndex: Map<string, number>;

  constructor(private readonly setup: WorkerSetup) {
    this.readers = setup.packs.map((l) => new PackReader(l));
    this.types = setup.packs.map((l) => new Int8Array(l.count));
    this.cache = new ByteLru(setup.cacheBytes);
    this.matcher = compileRules(setup.rules, setup.allowlists);
    this.loose = new Map(setup.loose.map((l) => [l.oid, l.path]));
    const bases = globalIndexBases(setup.packs);
    this.packBase = bases.packBase;
    this.looseBase = bases.looseBase;
    this.looseIndex = new Map(setup.loose.map((l, i) => [l.oid, i]));
  }

  private newResult(id: number): WorkResult {
    return {
      id,
      matches: [],
      commits: [],
      tags: [],
      counts: { blobs: 0, commits: 0, trees: 0, tags: 0, objects: 0, blobBytes: 0, scannedBytes: 0 },
      warnings: [],
      missing: [],
    };
  }

  /**
   * Streams positions [from, to) of a pack in offset order, visiting the objects whose type `wants`
   * accepts. Bases are cached only while a visited delta in the range still needs them.
   */
  private walkRange(pack: number, from: number, to: number, wants: (type: number) => boolean, visit: (p: number, type: number) => void): void {
    const r = this.readers[pack];
    const layout = r.layout;
    this.chunk = { pack, from, to };
    r.pin(layout.sortedOffsets[from], entryEnd(layout, to - 1));
    const baseOf = new Float64Array(to - from).fill(-1);
    this.pending.clear();
    for (let p = from; p < to; p++) {
      if (!wants(this.typeOf(pack, p))) continue;
      const h = r.header(p);
      let b = -1;
      if (h.type === OBJ_OFS_DELTA) b = key(pack, r.basePosition(p, h));
      else if (h.type === OBJ_REF_DELTA) {
        const at = locateInPacks(this.setup.packs, h.baseOid!);
        if (at) b = key(at.pack, at.pos);
      }
      if (b >= 0) {
        baseOf[p - from] = b;
        this.pending.set(b, (this.pending.get(b) ?? 0) + 1);
      }
    }
    try {
      for (let p = from; p < to; p++) {
        const type = this.typeOf(pack, p);
        if (wants(type) && (pack === 0 || !heldByEarlierPack(this.setup.packs, pack, r.oidAt(p)))) visit(p, type);
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
      this.chunk = { pack: -1, from: 0, to: 0 };
    }
  }

  scanPackRange(id: number, pack: number, from: number, to: number, progress: (objects: number, bytes: number) => void): WorkResult {
    this.result = this.newResult(id);
    const counts = this.result.counts;
    let sinceProgress = 0;
    let bytesSince = 0;
    const r = this.readers[pack];
    for (let p = from; p < to; p++) if (this.typeOf(pack, p) === OBJ_TREE) counts.trees++;
    counts.objects += to - from;
    this.walkRange(pack, from, to, (t) => t !== OBJ_TREE, (p, type) => {
      const o = this.materialize(pack, p, type === OBJ_BLOB);
      this.handleObject(Buffer.from(r.oidAt(p)).toString('hex'), o);
      bytesSince += o.data.length;
      if (++sinceProgress === 2000) {
        progress(sinceProgress, bytesSince);
        sinceProgress = 0;
        bytesSince = 0;
      }
    });
    progress(sinceProgress, bytesSince);
    return this.result;
  }

  /** Second pass, only when blobs matched: the tree graph, for provenance. */
  scanTreeRange(id: number, pack: number, from: number, to: number): WorkResult {
    this.result = this.newResult(id);
    const edges = new TreeEdgesBuilder();
    const filter = this.blobFilter();
    this.walkRange(pack, from, to, (t) => t === OBJ_TREE, (p) => {
      const o = this.materialize(pack, p, false);
      recordTree(edges, this.packBase[pack] + p, o.data, this.locateGlobal, filter.prefixes, filter.blobs, this.result.missing);
    });
    this.result.edges = edges.finish();
    return this.result;
  }

  scanLooseTrees(id: number, items: LooseObjectRef[]): WorkResult {
    this.result = this.newResult(id);
    const edges = new TreeEdgesBuilder();
    const filter = this.blobFilter();
    for (const item of items) {
      const o = readLooseObject(item.path, item.oid);
      if (o.type !== OBJ_TREE) continue;
      recordTree(edges, this.locateGlobal(Buffer.from(item.oid, 'hex')), o.data, this.locateGlobal, filter.prefixes, filter.blobs, this.result.missing);
    }
    this.result.edges = edges.finish();
    return this.result;
  }

  private blobFilter(): { prefixes: Set<number>; blobs: Set<string> } {
    if (!this.filter) {
      const blobs = new Set(this.setup.interestingBlobs ?? []);
      this.filter = { blobs, prefixes: new Set([...blobs].map((b) => Buffer.from(b, 'hex').readUInt32BE(0))) };
    }
    return this.filter;
  }

  /** Dense index of an object over all packs then loose objects, or -1 when the database lacks it. */
  private locateGlobal = (oid: Buffer): number => {
    const at = locateInPacks(this.setup.packs, oid);
    if (at) return this.packBase[at.pack] + at.pos;
    const i = this.looseIndex.get(oid.toString('hex'));
    return i === undefined ? -1 : this.looseBase + i;
  };

  scanLoose(id: number, items: LooseObjectRef[]): WorkResult {
    this.result = this.newResult(id);
    for (const item of items) {
      const o = readLooseObject(item.path, item.oid);
      this.result.counts.objects++;
      if (o.type === OBJ_TREE) {
        this.result.counts.trees++;
        continue;
      }
      const scanned = o.type === OBJ_BLOB ? this.fullScan(o.data) : NOT_SCANNED;
      this.handleObject(item.oid, { type: o.type, data: o.data, ...scanned, bytes: o.data.length });
    }
    return this.result;
  }

  private handleObject(oid: string, o: Materialized): void {
    const c = this.result.counts;
    if (o.type === OBJ_BLOB) {
      c.blobs++;
      c.blobBytes += o.data.length;
      if (o.matches === null) {
        this.result.warnings.push(`blob ${oid} (${o.data.length} bytes) is larger than the scan limit and was not scanned`);
      } else if (o.matches.length) this.emit(oid, 'blob', o.data, o.matches);
    } else if (o.type === OBJ_COMMIT) {
      c.commits++;
      let info;
      try {
        info = parseCommit(oid, o.data);
      } catch {
        this.result.warnings.push(`commit ${oid} is malformed and was skipped`);
        return;
      }
      this.result.commits.push(info);
      this.scanMessage(oid, 'commit-message', messageText(o.data, info.messageOffset));
    } else if (o.type === OBJ_TAG) {
      c.tags++;
      const info = parseTag(oid, o.data);
      this.result.tags.push(info);
      this.scanMessage(oid, 'tag-message', messageText(o.data, info.messageOffset));
    }
  }

  private scanMessage(oid: string, source: 'commit-message' | 'tag-message', msg: Buffer): void {
    const raw: RawMatch[] = [];
    this.result.counts.scannedBytes += findRawMatches(this.matcher, msg, null, raw);
    if (raw.length) this.emit(oid, source, msg, raw);
  }

  private fullScan(data: Buffer): Scanned {
    if (data.length > this.setup.maxBlobBytes) return { matches: null, anchors: [] };
    const raw: RawMatch[] = [];
    const anchors: number[] = [];
    this.result.counts.scannedBytes += findRawMatches(this.matcher, data, null, raw, anchors);
    return { matches: raw, anchors };
  }

  private deltaScan(data: Buffer, base: Materialized, copies: number[]): Scanned {
    if (base.matches === null || data.length > this.setup.maxBlobBytes) return this.fullScan(data);
    const regions = editRegions(data, base.data.length, copies);
    const raw: RawMatch[] = [];
    const anchors: number[] = [];
    carryMatches(base.matches, base.data.length, copies, regions, raw);
    this.result.counts.scannedBytes += findRawMatches(this.matcher, data, regions, raw, anchors, carryAnchors(base.anchors, copies));
    return { matches: raw, anchors };
  }

  private typeOf(pack: number, pos: number): number {
    const memo = this.types[pack][pos];
    if (memo) return memo;
    const r = this.readers[pack];
    const h = r.header(pos);
    let t: number;
    if (h.type === OBJ_OFS_DELTA) t = this.typeOf(pack, r.basePosition(pos, h));
    else if (h.type === OBJ_REF_DELTA) {
      const at = locateInPacks(this.setup.packs, h.baseOid!);
      t = at ? this.typeOf(at.pack, at.pos) : this.looseObject(h.baseOid!, pack, pos).type;
    } else t = h.type;
    this.types[pack][pos] = t;
    return t;
  }

  private looseObject(oid: Uint8Array, pack: number, pos: number): { type: number; data: Buffer } {
    const hex = Buffer.from(oid).toString('hex');
    const path = this.loose.get(hex);
    if (!path) throw this.readers[pack].corrupt(pos, `delta base ${hex} is missing`);
    return readLooseObject(path, hex);
  }

  private materialize(pack: number, pos: number, wantMatches: boolean): Materialized {
    const k = key(pack, pos);
    const hit = this.cache.get(k);
    if (hit && (!wantMatches || hit.matches !== null || hit.data.length > this.setup.maxBlobBytes)) return hit;
    const r = this.readers[pack];
    const { header, data: payload } = r.inflate(pos);
    let o: Materialized;
    if (!r.isDelta(header.type)) {
      o = { type: header.type, data: payload, ...(wantMatches ? this.fullScan(payload) : NOT_SCANNED), bytes: 0 };
    } else {
      let base: Materialized;
      if (header.type === OBJ_OFS_DELTA) base = this.materialize(pack, r.basePosition(pos, header), wantMatches);
      else {
        const at = locateInPacks(this.setup.packs, header.baseOid!);
        if (at) base = this.materialize(at.pack, at.pos, wantMatches);
        else {
          const lo = this.looseObject(header.baseOid!, pack, pos);
          base = { type: lo.type, data: lo.data, ...(wantMatches ? this.fullScan(lo.data) : NOT_SCANNED), bytes: lo.data.length };
        }
      }
      const copies: number[] = [];
      const reuse = wantMatches && this.setup.deltaReuse;
      let data: Buffer;
      try {
        data = applyDelta(base.data, payload, reuse ? { copies } : undefined);
      } catch (e) {
        if (e instanceof DeltaError) throw r.corrupt(pos, e.message);
        throw e;
      }
      const scanned = wantMatches ? (reuse ? this.deltaScan(data, base, copies) : this.fullScan(data)) : NOT_SCANNED;
      o = { type: base.type, data, ...scanned, bytes: 0 };
    }
    o.bytes = o.data.length + 64 + (o.matches ? o.matches.length * 64 : 0);
    const inChunk = pack === this.chunk.pack && pos >= this.chunk.from && pos < this.chunk.to;
    if (!inChunk || this.pending.has(k)) this.cache.set(k, o);
    return o;
  }

  private emit(oid: string, source: ObjectMatch['source'], buf: Buffer, raw: RawMatch[]): void {
    const final = finalizeMatches(this.matcher, buf, raw);
    let line = 1;
    let lineStart = 0;
    let cursor = 0;
    for (const m of final) {
      for (let i = buf.indexOf(10, cursor); i >= 0 && i < m.ss; i = buf.indexOf(10, i + 1)) {
        line++;
        lineStart = i + 1;
      }
      cursor = Math.max(cursor, lineStart);
      const secretBytes = buf.subarray(m.ss, m.se);
      const secret = secretBytes.toString('utf8');
      const rule = this.matcher.rules[m.rule].spec;
      const out: ObjectMatch = {
        oid,
        source,
        rule: m.rule,
        line,
        column: columnOf(buf, lineStart, m.ss),
        offset: m.ss,
        secretHash: createHash('sha256').update(secretBytes).digest('hex'),
        redacted: redact(secret),
      };
      if (this.matcher.allowlists.size) {
        const pending = this.matcher.allowlists.pendingAndLists(rule.id, secret);
        if (pending.length) out.pendingAllow = pending;
      }
      if (this.setup.showSecrets) out.secret = secret;
      this.result.matches.push(out);
    }
  }

  close(): void {
    for (const r of this.readers) r.close();
  }
}

export function toWireError(e: unknown): { code: string; message: string; data?: Record<string, unknown> } {
  if (e instanceof SpillkitError) return e.toJSON();
  return { code: 'INTERNAL', message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) };
}
