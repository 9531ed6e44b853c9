/** Commit-graph questions the planner asks, over the plain `{id, parents}` list facts.ts gathers. */
export interface GraphCommit {
  id: string;
  parents: string[];
}

export class RewriteGraph {
  private readonly parents = new Map<string, string[]>();
  private readonly children = new Map<string, string[]>();

  constructor(commits: GraphCommit[]) {
    for (const c of commits) {
      this.parents.set(c.id, c.parents);
      for (const p of c.parents) {
        const list = this.children.get(p);
        if (list) list.push(c.id);
        else this.children.set(p, [c.id]);
      }
    }
  }

  has(id: string): boolean {
    return this.parents.has(id);
  }

  /** `roots` and every commit that has one of them as an ancestor. */
  descendantsOf(roots: Iterable<string>): Set<string> {
    const seen = new Set<string>();
    const stack = [...roots].filter((r) => this.has(r));
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const c of this.children.get(id) ?? []) if (!seen.has(c)) stack.push(c);
    }
    return seen;
  }

  /** Whether `target` is `tip` or one of its ancestors. */
  reaches(tip: string, target: string): boolean {
    const seen = new Set<string>();
    const stack = [tip];
    while (stack.length) {
      const id = stack.pop()!;
      if (id === target) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const p of this.parents.get(id) ?? []) if (!seen.has(p)) stack.push(p);
    }
    return false;
  }

  /** Members of `set` with no parent in `set`: where the rewrite starts. */
  earliestIn(set: Set<string>): string[] {
    return [...set].filter((id) => !(this.parents.get(id) ?? []).some((p) => set.has(p))).sort();
  }
}
