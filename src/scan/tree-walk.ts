import type { TreeEdges } from './tree-edges.js';

/** Where a blob of interest sits inside a tree: its path relative to that tree. */
type Placement = [path: string, blob: string];
const NONE: Placement[] = [];
const UNKNOWN = 0;
const VISITING = 1;
const NO = 2;
const YES = 3;

/**
 * Answers "at which paths does this tree hold blobs of interest?" from the workers' tree edges. A first
 * walk marks the trees that lead to an interesting blob at all (most do not); paths are then built
 * only down those trees and memoised per tree, so commits sharing subtrees share the work.
 */
export class TreeIndex {
  private chunkOf: Int32Array;
  private localOf: Int32Array;
  private state: Uint8Array;
  private hits = new Map<number, Placement[]>();
  private memo = new Map<number, Placement[]>();
  private decoder = new TextDecoder();

  constructor(private readonly chunks: TreeEdges[], total: number) {
    this.chunkOf = new Int32Array(total).fill(-1);
    this.localOf = new Int32Array(total);
    this.state = new Uint8Array(total);
    chunks.forEach((c, k) => {
      for (let i = 0; i < c.trees.length; i++) {
        if (c.trees[i] < 0) continue;
        this.chunkOf[c.trees[i]] = k;
        this.localOf[c.trees[i]] = i;
      }
      for (let h = 0; h < c.hitTree.length; h++) {
        const name = this.decoder.decode(c.names.subarray(c.hitNameStart[h], c.hitNameStart[h] + c.hitNameLength[h]));
        const list = this.hits.get(c.hitTree[h]);
        const entry: Placement = [name, c.hitBlob[h]];
        if (list) list.push(entry);
        else this.hits.set(c.hitTree[h], [entry]);
      }
    });
  }

  /** Does the tree (transitively) hold a blob of interest? Iterative, so deep trees cannot overflow. */
  private leadsToHit(root: number): boolean {
    if (root < 0 || root >= this.state.length) return false;
    if (this.state[root] >= NO) return this.state[root] === YES;
    const stack = [root];
    while (stack.length) {
      const t = stack[stack.length - 1];
      if (this.state[t] === UNKNOWN) {
        this.state[t] = VISITING;
        const k = this.chunkOf[t];
        if (k < 0) {
          // Absent from the database: the tree pass already reported it missing.
          this.state[t] = NO;
          stack.pop();
          continue;
        }
        const c = this.chunks[k];
        const i = this.localOf[t];
        for (let j = c.childStart[i]; j < c.childStart[i + 1]; j++) {
          const child = c.children[j];
          if (child >= 0 && this.state[child] === UNKNOWN) stack.push(child);
        }
      } else {
        stack.pop();
        if (this.state[t] !== VISITING) continue;
        let yes = this.hits.has(t);
        const k = this.chunkOf[t];
        const c = this.chunks[k];
        const i = this.localOf[t];
        for (let j = c.childStart[i]; !yes && j < c.childStart[i + 1]; j++) {
          const child = c.children[j];
          if (child >= 0 && this.state[child] === YES) yes = true;
        }
        this.state[t] = yes ? YES : NO;
      }
    }
    return this.state[root] === YES;
  }

  placements(tree: number): Placement[] {
    if (!this.leadsToHit(tree)) return NONE;
    const memo = this.memo.get(tree);
    if (memo) return memo;
    const out: Placement[] = [...(this.hits.get(tree) ?? NONE)];
    const c = this.chunks[this.chunkOf[tree]];
    const i = this.localOf[tree];
    for (let j = c.childStart[i]; j < c.childStart[i + 1]; j++) {
      const child = c.children[j];
      if (child < 0 || this.state[child] !== YES) continue;
      const name = this.decoder.decode(c.names.subarray(c.nameStart[j], c.nameStart[j] + c.nameLength[j]));
      for (const [path, blob] of this.placements(child)) out.push([`${name}/${path}`, blob]);
    }
    this.memo.set(tree, out);
    return out;
  }
}
