import type { TreeEdges } from './tree-edges.js';

const EMPTY = new Int32Array(0);
const UNKNOWN = 0;
const VISITING = 1;
const NO = 2;
const YES = 3;

/**
 * Answers "at which paths does this tree hold blobs of interest?" from the workers' tree edges. A first
 * walk marks the trees that lead to an interesting blob at all (most do not); placements are then built
 * only down those trees and memoised per tree as flat (pathId, blobId) pairs. Paths are interned: a
 * parent composes its child's path ids through a numeric map, so thousands of root trees sharing the
 * same files share the same path strings and no string is built twice.
 */
export class TreeIndex {
  private chunkOf: Int32Array;
  private localOf: Int32Array;
  private state: Uint8Array;
  /** Per tree: direct hits as flat (nameId, blobId) pairs. */
  private hits = new Map<number, number[]>();
  private memo = new Map<number, Int32Array>();
  private decoder = new TextDecoder();
  readonly paths: string[] = [];
  private pathIds = new Map<string, number>();
  /** (nameId, childPathId) -> pathId of `name/childPath`. */
  private joined = new Map<number, number>();
  readonly blobs: string[] = [];
  private blobIds = new Map<string, number>();

  /** `keepHit`: which recorded blobs count (all of them when absent). */
  constructor(private readonly chunks: TreeEdges[], total: number, keepHit?: (blob: string) => boolean) {
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
        if (keepHit && !keepHit(c.hitBlob[h])) continue;
        const name = this.decoder.decode(c.names.subarray(c.hitNameStart[h], c.hitNameStart[h] + c.hitNameLength[h]));
        const list = this.hits.get(c.hitTree[h]) ?? [];
        list.push(this.pathId(name), this.blobId(c.hitBlob[h]));
        this.hits.set(c.hitTree[h], list);
      }
    });
  }

  private pathId(path: string): number {
    let id = this.pathIds.get(path);
    if (id === undefined) {
      id = this.paths.length;
      this.paths.push(path);
      this.pathIds.set(path, id);
    }
    return id;
  }

  private blobId(oid: string): number {
    let id = this.blobIds.get(oid);
    if (id === undefined) {
      id = this.blobs.length;
      this.blobs.push(oid);
      this.blobIds.set(oid, id);
    }
    return id;
  }

  /** Does the tree (transitively) hold a blob of interest? Iterative, so deep trees cannot overflow. */
  private leadsToHit(root: number): boolean {
    if (root < 0 || root >= this.state.length) return false;
    if (this.state[root] >= NO) return this.state[root] === YES;
    const stack = [root];
    while (stack.length) {
      const t = stack[stack.length - 1];
      const k = this.chunkOf[t];
      if (this.state[t] === UNKNOWN) {
        this.state[t] = VISITING;
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

  /** Flat (pathId, blobId) pairs of every interesting blob below `tree`, paths relative to it. */
  placements(tree: number): Int32Array {
    if (!this.leadsToHit(tree)) return EMPTY;
    const memo = this.memo.get(tree);
    if (memo) return memo;
    const out: number[] = [...(this.hits.get(tree) ?? [])];
    const c = this.chunks[this.chunkOf[tree]];
    const i = this.localOf[tree];
    for (let j = c.childStart[i]; j < c.childStart[i + 1]; j++) {
      const child = c.children[j];
      if (child < 0 || this.state[child] !== YES) continue;
      const nameId = this.pathId(this.decoder.decode(c.names.subarray(c.nameStart[j], c.nameStart[j] + c.nameLength[j])));
      const below = this.placements(child);
      for (let p = 0; p < below.length; p += 2) out.push(this.join(nameId, below[p]), below[p + 1]);
    }
    const result = Int32Array.from(out);
    this.memo.set(tree, result);
    return result;
  }

  private join(nameId: number, childPath: number): number {
    const key = nameId * 2 ** 26 + childPath;
    let id = this.joined.get(key);
    if (id === undefined) {
      id = this.pathId(`${this.paths[nameId]}/${this.paths[childPath]}`);
      this.joined.set(key, id);
    }
    return id;
  }
}

/**
 * Every distinct (path, blob) below the given root trees, each tree visited once per path it sits
 * at: what path-only rules are tested against. Iterative, so deep trees cannot overflow.
 */
export function distinctBlobPaths(chunks: TreeEdges[], total: number, roots: number[], visit: (path: string, blob: string) => void): void {
  const chunkOf = new Int32Array(total).fill(-1);
  const localOf = new Int32Array(total);
  const hitsOf = new Map<number, number[]>();
  chunks.forEach((c, k) => {
    for (let i = 0; i < c.trees.length; i++) {
      if (c.trees[i] < 0) continue;
      chunkOf[c.trees[i]] = k;
      localOf[c.trees[i]] = i;
    }
    for (let h = 0; h < c.hitTree.length; h++) {
      const list = hitsOf.get(c.hitTree[h]) ?? [];
      list.push(k, h);
      hitsOf.set(c.hitTree[h], list);
    }
  });
  const decoder = new TextDecoder();
  const seen = new Set<string>();
  const stack: Array<[number, string]> = roots.filter((r) => r >= 0).map((r) => [r, '']);
  while (stack.length) {
    const [tree, prefix] = stack.pop()!;
    const key = `${tree}\0${prefix}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const hits = hitsOf.get(tree) ?? [];
    for (let n = 0; n < hits.length; n += 2) {
      const c = chunks[hits[n]];
      const h = hits[n + 1];
      visit(`${prefix}${decoder.decode(c.names.subarray(c.hitNameStart[h], c.hitNameStart[h] + c.hitNameLength[h]))}`, c.hitBlob[h]);
    }
    const k = chunkOf[tree];
    if (k < 0) continue;
    const c = chunks[k];
    const i = localOf[tree];
    for (let j = c.childStart[i]; j < c.childStart[i + 1]; j++) {
      const child = c.children[j];
      if (child >= 0) stack.push([child, `${prefix}${decoder.decode(c.names.subarray(c.nameStart[j], c.nameStart[j] + c.nameLength[j]))}/`]);
    }
  }
}
