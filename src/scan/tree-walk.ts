import { OBJ_TREE } from '../git/object-type.js';
import type { ObjectReader } from '../git/object-reader.js';

/** Where a blob of interest sits inside a tree: its path relative to that tree. */
type Placement = [path: string, blob: string];
const NONE: Placement[] = [];

/**
 * Finds, for every commit, the paths at which the interesting blobs (those with matches) sit. Each
 * distinct tree is parsed once: results are memoised per tree id with paths relative to that tree, so
 * the thousands of commits sharing a subtree cost one parse. Only blob ids that pass a 4-byte prefilter
 * are turned into strings; most entries are rejected on raw bytes.
 */
export class TreeWalker {
  private memo = new Map<string, Placement[]>();
  private prefixes = new Set<number>();
  readonly missing = new Set<string>();

  constructor(private readonly reader: ObjectReader, private readonly blobs: Set<string>) {
    for (const b of blobs) this.prefixes.add(Buffer.from(b, 'hex').readUInt32BE(0));
  }

  placements(treeOid: string): Placement[] {
    const memo = this.memo.get(treeOid);
    if (memo) return memo;
    const obj = this.reader.tryRead(treeOid);
    if (!obj || obj.type !== OBJ_TREE) {
      this.missing.add(treeOid);
      this.memo.set(treeOid, NONE);
      return NONE;
    }
    const data = obj.data;
    let out: Placement[] | null = null;
    let p = 0;
    while (p < data.length) {
      const sp = data.indexOf(0x20, p);
      const nul = data.indexOf(0, sp + 1);
      if (sp < 0 || nul < 0 || nul + 21 > data.length) break;
      const at = nul + 1;
      const isTree = data[p] === 0x34 && sp - p === 5; // mode "40000"
      const isGitlink = sp - p === 6 && data[p] === 0x31 && data[p + 1] === 0x36; // "160000"
      if (isTree) {
        const sub = this.placements(data.toString('hex', at, at + 20));
        if (sub.length) {
          const name = data.toString('utf8', sp + 1, nul);
          out ??= [];
          for (const [path, blob] of sub) out.push([`${name}/${path}`, blob]);
        }
      } else if (!isGitlink && this.prefixes.has(data.readUInt32BE(at))) {
        const oid = data.toString('hex', at, at + 20);
        if (this.blobs.has(oid)) (out ??= []).push([data.toString('utf8', sp + 1, nul), oid]);
      }
      p = at + 20;
    }
    const result = out ?? NONE;
    this.memo.set(treeOid, result);
    return result;
  }
}
