import type { CommitInfo, TagInfo } from '../git/commit.js';
import type { Ref } from '../git/refs.js';

/**
 * The commit graph as the scan saw it: every commit object in the database, reachable or not, indexed
 * densely so that reachability questions are answered with arrays and bitsets instead of object maps.
 */
export class CommitGraph {
  readonly commits: CommitInfo[];
  readonly index = new Map<string, number>();
  /** Parent indices per commit (missing parents, e.g. past a shallow boundary, are left out). */
  readonly parents: number[][];
  readonly missingParents: string[] = [];

  constructor(commits: CommitInfo[]) {
    this.commits = commits;
    commits.forEach((c, i) => this.index.set(c.oid, i));
    this.parents = commits.map((c) => {
      const out: number[] = [];
      for (const p of c.parents) {
        const i = this.index.get(p);
        if (i === undefined) this.missingParents.push(p);
        else out.push(i);
      }
      return out;
    });
  }

  /** Follows annotated tags (possibly nested) to the commit they name, if any. */
  peel(oid: string, tags: Map<string, TagInfo>): number | undefined {
    let cur = oid;
    for (let depth = 0; depth < 20; depth++) {
      const t = tags.get(cur);
      if (!t) break;
      cur = t.object;
    }
    return this.index.get(cur);
  }

  /** Marks every commit reachable from the given tips. */
  reachableFrom(tips: number[]): Uint8Array {
    const seen = new Uint8Array(this.commits.length);
    const stack = [...tips];
    while (stack.length) {
      const c = stack.pop()!;
      if (seen[c]) continue;
      seen[c] = 1;
      for (const p of this.parents[c]) if (!seen[p]) stack.push(p);
    }
    return seen;
  }

  /** Commits ordered so that every parent comes before its children. */
  topoOrder(): Uint32Array {
    const n = this.commits.length;
    const order = new Uint32Array(n);
    const state = new Uint8Array(n);
    let k = 0;
    const stack: number[] = [];
    for (let root = 0; root < n; root++) {
      if (state[root]) continue;
      stack.push(root);
      while (stack.length) {
        const c = stack[stack.length - 1];
        if (state[c] === 0) {
          state[c] = 1;
          for (const p of this.parents[c]) if (state[p] === 0) stack.push(p);
        } else {
          stack.pop();
          if (state[c] === 1) {
            state[c] = 2;
            order[k++] = c;
          }
        }
      }
    }
    return order;
  }

  /**
   * For each target commit, which tips reach it. One pass in topological order propagates a bitset of
   * targets from parents to children, so the cost is commits x targets/32 rather than refs x commits.
   */
  tipsReaching(targets: number[], tips: number[]): Map<number, Set<number>> {
    const words = Math.ceil(targets.length / 32) || 1;
    const n = this.commits.length;
    const bits = new Uint32Array(n * words);
    targets.forEach((t, j) => {
      bits[t * words + (j >>> 5)] |= 1 << (j & 31);
    });
    for (const c of this.topoOrder()) {
      for (const p of this.parents[c]) {
        for (let w = 0; w < words; w++) bits[c * words + w] |= bits[p * words + w];
      }
    }
    const out = new Map<number, Set<number>>();
    targets.forEach((t) => out.set(t, new Set()));
    tips.forEach((tip, tipNo) => {
      for (let j = 0; j < targets.length; j++) {
        if (bits[tip * words + (j >>> 5)] & (1 << (j & 31))) out.get(targets[j])!.add(tipNo);
      }
    });
    return out;
  }
}

export interface ResolvedRefs {
  /** Ref names with the commit they lead to (tags peeled). */
  commitTips: Array<{ name: string; commit: number }>;
  /** Ref names per annotated tag object they lead through. */
  refsByTagObject: Map<string, string[]>;
}

export function resolveRefs(refs: Ref[], graph: CommitGraph, tags: Map<string, TagInfo>): ResolvedRefs {
  const commitTips: ResolvedRefs['commitTips'] = [];
  const refsByTagObject = new Map<string, string[]>();
  for (const r of refs) {
    let cur = r.oid;
    for (let depth = 0; depth < 20 && tags.has(cur); depth++) {
      if (!refsByTagObject.has(cur)) refsByTagObject.set(cur, []);
      refsByTagObject.get(cur)!.push(r.name);
      cur = tags.get(cur)!.object;
    }
    const c = graph.index.get(cur);
    if (c !== undefined) commitTips.push({ name: r.name, commit: c });
  }
  return { commitTips, refsByTagObject };
}
