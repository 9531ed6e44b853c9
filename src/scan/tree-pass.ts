import { readLooseObject, type LooseObjectRef } from '../git/loose.js';
import { findOid } from '../git/pack-index.js';
import { OBJ_TREE } from '../git/object-type.js';
import { globalIndexBases } from './global-index.js';
import type { ObjectResolver, Skipped } from './object-resolver.js';
import { skippedText } from './skipped-text.js';
import { recordTree, TreeEdgesBuilder } from './tree-edges.js';
import { emptyResult, type WorkerSetup, type WorkResult } from './worker-protocol.js';

/**
 * The second pass in a worker: every tree of a range, in pack order, turned into compact edges over
 * the dense object numbering, with the blobs of interest marked and missing objects collected.
 */
export class TreePass {
  private packBase: number[];
  private looseBase: number;
  private looseIndex: Map<string, number>;
  private blobs: Set<string>;
  private allBlobs: boolean;
  private prefixes: Set<number>;
  private treeMasks: Uint8Array[] | undefined;

  constructor(private readonly resolver: ObjectResolver, setup: WorkerSetup) {
    ({ packBase: this.packBase, looseBase: this.looseBase } = globalIndexBases(setup.packs));
    this.looseIndex = new Map(setup.loose.map((l, i) => [l.oid, i]));
    this.blobs = new Set(setup.interestingBlobs ?? []);
    this.allBlobs = setup.allBlobs === true;
    this.treeMasks = setup.treeMasks;
    this.prefixes = new Set([...this.blobs].map((b) => Buffer.from(b, 'hex').readUInt32BE(0)));
  }

  /**
   * Recently located objects, direct-mapped by the id's first bytes. Unchanged subtrees are named by
   * thousands of parent trees, so most lookups hit; a hit is checked against the pack's own oid table,
   * so a slot shared by two ids can only cost a miss, never a wrong answer.
   */
  private slotPack = new Int32Array(1 << 16).fill(-1);
  private slotIdx = new Int32Array(1 << 16);

  private cached(buf: Buffer, at: number): number {
    const slot = ((buf[at] << 8) | buf[at + 1]) ^ ((buf[at + 2] << 8) | buf[at + 3]);
    const k = this.slotPack[slot];
    if (k < 0) return -1;
    const layout = this.resolver.packs[k];
    const i = this.slotIdx[slot];
    const o = layout.oids;
    for (let j = 0; j < 20; j++) if (o[i * 20 + j] !== buf[at + j]) return -1;
    return this.packBase[k] + layout.posOf[i];
  }

  /** Dense index of the object whose id sits at `at` in `buf`, or -1 when the database lacks it. */
  private locate = (buf: Buffer, at: number): number => {
    const hit = this.cached(buf, at);
    if (hit >= 0) return hit;
    const packs = this.resolver.packs;
    for (let k = 0; k < packs.length; k++) {
      const i = findOid(packs[k], buf, at);
      if (i >= 0) {
        const slot = ((buf[at] << 8) | buf[at + 1]) ^ ((buf[at + 2] << 8) | buf[at + 3]);
        this.slotPack[slot] = k;
        this.slotIdx[slot] = i;
        return this.packBase[k] + packs[k].posOf[i];
      }
    }
    if (this.looseIndex.size === 0) return -1;
    const i = this.looseIndex.get(buf.toString('hex', at, at + 20));
    return i === undefined ? -1 : this.looseBase + i;
  };

  packRange(id: number, pack: number, from: number, to: number): WorkResult {
    const result = emptyResult(id);
    const edges = new TreeEdgesBuilder();
    const copies: number[] = [];
    // The object pass marked the trees: no delta chain is walked again just to learn a type.
    const mask = this.treeMasks?.[pack];
    const select = mask ? (p: number): number => (mask[p] ? OBJ_TREE : 0) : (p: number): number => (this.resolver.typeOf(pack, p) === OBJ_TREE ? OBJ_TREE : 0);
    this.resolver.walkRange(pack, from, to, select, (p) => {
      copies.length = 0;
      const o = this.resolver.materialize(pack, p, null, copies);
      if (o.skipped) return skippedTree(result, Buffer.from(this.resolver.readers[pack].oidAt(p)).toString('hex'), o.skipped);
      recordTree(edges, this.packBase[pack] + p, o.data, this.locate, this.prefixes, this.blobs, result.missing, copies, this.allBlobs);
    });
    result.edges = edges.finish();
    return result;
  }

  loose(id: number, items: LooseObjectRef[]): WorkResult {
    const result = emptyResult(id);
    const edges = new TreeEdgesBuilder();
    for (const item of items) {
      const o = readLooseObject(item.path, item.oid, this.resolver.limits);
      if (o.type !== OBJ_TREE) continue;
      if (o.data === null) {
        skippedTree(result, item.oid, { size: o.size });
        continue;
      }
      recordTree(edges, this.locate(Buffer.from(item.oid, 'hex'), 0), o.data, this.locate, this.prefixes, this.blobs, result.missing, [], this.allBlobs);
    }
    result.edges = edges.finish();
    return result;
  }
}

/** A tree left unread for its size: the paths below it, and the commits holding them, are unknown. */
function skippedTree(result: WorkResult, oid: string, skipped: Skipped): void {
  result.warnings.push(skippedText('tree', oid, skipped, 'was not read; what lies behind it is unknown'));
  result.skippedGraphObjects.push(oid);
}
