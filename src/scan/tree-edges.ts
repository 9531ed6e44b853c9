/**
 * The tree graph as workers hand it to the main thread: per tree (a dense global object index), its
 * subtrees and the entries naming blobs of interest, with entry names as raw bytes. Everything is in
 * typed arrays, so a chunk of hundreds of thousands of trees crosses the thread boundary without
 * being copied or turned into millions of small objects.
 */
export interface TreeEdges {
  /** Global index of each tree, in the order its edges were recorded. */
  trees: Int32Array;
  /** children[childStart[i] .. childStart[i+1]) are the subtrees of trees[i] (-1: missing object). */
  childStart: Int32Array;
  children: Int32Array;
  /** Name of each child: names[nameStart[j] .. nameStart[j] + nameLength[j]). */
  nameStart: Int32Array;
  nameLength: Int32Array;
  /** Entries naming an interesting blob: which tree, which blob, under which name. */
  hitTree: Int32Array;
  hitBlob: string[];
  hitNameStart: Int32Array;
  hitNameLength: Int32Array;
  names: Uint8Array;
}

class GrowableInt32 {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  done(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

export class TreeEdgesBuilder {
  private trees = new GrowableInt32();
  private childStart = new GrowableInt32();
  private children = new GrowableInt32();
  private nameStart = new GrowableInt32();
  private nameLength = new GrowableInt32();
  private hitTree = new GrowableInt32();
  private hitBlob: string[] = [];
  private hitNameStart = new GrowableInt32();
  private hitNameLength = new GrowableInt32();
  private names = Buffer.allocUnsafe(1 << 16);
  private namesLength = 0;

  private addName(src: Buffer, from: number, to: number): number {
    const len = to - from;
    if (this.namesLength + len > this.names.length) {
      const next = Buffer.allocUnsafe(Math.max(this.names.length * 2, this.namesLength + len));
      this.names.copy(next, 0, 0, this.namesLength);
      this.names = next;
    }
    src.copy(this.names, this.namesLength, from, to);
    this.namesLength += len;
    return this.namesLength - len;
  }

  beginTree(tree: number): void {
    this.trees.push(tree);
    this.childStart.push(this.children.length);
  }

  addChild(child: number, src: Buffer, nameFrom: number, nameTo: number): void {
    this.children.push(child);
    this.nameStart.push(this.addName(src, nameFrom, nameTo));
    this.nameLength.push(nameTo - nameFrom);
  }

  addHit(tree: number, blob: string, src: Buffer, nameFrom: number, nameTo: number): void {
    this.hitTree.push(tree);
    this.hitBlob.push(blob);
    this.hitNameStart.push(this.addName(src, nameFrom, nameTo));
    this.hitNameLength.push(nameTo - nameFrom);
  }

  finish(): TreeEdges {
    this.childStart.push(this.children.length);
    return {
      trees: this.trees.done(),
      childStart: this.childStart.done(),
      children: this.children.done(),
      nameStart: this.nameStart.done(),
      nameLength: this.nameLength.done(),
      hitTree: this.hitTree.done(),
      hitBlob: this.hitBlob,
      hitNameStart: this.hitNameStart.done(),
      hitNameLength: this.hitNameLength.done(),
      names: new Uint8Array(this.names.subarray(0, this.namesLength)),
    };
  }
}

/**
 * Parses one tree object into the builder: subtrees always (their content is unknown yet), blob
 * entries only when they name a blob of interest (a 4-byte prefix check rejects the rest on raw bytes).
 * Every other blob entry is only checked to exist: an object the database lacks is content nobody
 * scanned, and `missing` collects it so the scan can say so instead of calling the repository clean.
 * With `allBlobs` (path-only rules are in force) every blob entry is a hit.
 * For a tree stored as a delta, `copies` (target, base, length triples) tells which entries came over
 * byte for byte from its base tree, where they were checked already: only the others are looked up.
 */
export function recordTree(
  b: TreeEdgesBuilder,
  tree: number,
  data: Buffer,
  locate: (buf: Buffer, at: number) => number,
  blobPrefixes: Set<number>,
  blobs: Set<string>,
  missing: string[],
  copies: number[] = [],
  allBlobs = false,
): void {
  b.beginTree(tree);
  let p = 0;
  let c = 0;
  while (p < data.length) {
    const sp = data.indexOf(0x20, p);
    const nul = sp < 0 ? -1 : data.indexOf(0, sp + 1);
    if (nul < 0 || nul + 21 > data.length) return;
    const at = nul + 1;
    const modeLength = sp - p;
    if (modeLength === 5 && data[p] === 0x34) {
      const child = locate(data, at);
      if (child < 0) missing.push(data.toString('hex', at, at + 20));
      b.addChild(child, data, sp + 1, nul);
    } else if (!(modeLength === 6 && data[p] === 0x31 && data[p + 1] === 0x36)) {
      const oid = allBlobs || blobPrefixes.has(data.readUInt32BE(at)) ? data.toString('hex', at, at + 20) : null;
      if (oid !== null && (allBlobs || blobs.has(oid))) b.addHit(tree, oid, data, sp + 1, nul);
      else {
        while (c < copies.length && copies[c] + copies[c + 2] <= p) c += 3;
        const copied = c < copies.length && copies[c] <= p && at + 20 <= copies[c] + copies[c + 2];
        if (!copied && locate(data, at) < 0) missing.push(data.toString('hex', at, at + 20));
      }
    }
    p = at + 20;
  }
}
