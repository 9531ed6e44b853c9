import { SpillkitError } from '../errors.js';
import type { CommitGraph } from '../scan/commit-graph.js';
import type { TagInfo } from './commit.js';
import type { Ref } from './refs.js';

/**
 * Resolves what CI passes to `--since`: a full or abbreviated commit id, HEAD, or a ref name in the
 * forms git accepts (`main`, `origin/main`, `v1.0`, `refs/heads/main`). Tags are peeled by the graph.
 */
export function resolveRevision(rev: string, refs: Ref[], graph: CommitGraph, tags: Map<string, TagInfo>, headOid: string | null): number {
  const fail = (): SpillkitError => new SpillkitError('BAD_REV', `unknown revision '${rev}': not a commit id or ref of this repository`);
  if (rev === 'HEAD' && headOid) {
    const i = graph.index.get(headOid);
    if (i !== undefined) return i;
  }
  for (const name of [rev, `refs/${rev}`, `refs/tags/${rev}`, `refs/heads/${rev}`, `refs/remotes/${rev}`, `refs/remotes/${rev}/HEAD`]) {
    const r = refs.find((x) => x.name === name);
    if (r) {
      const i = graph.peel(r.oid, tags);
      if (i !== undefined) return i;
    }
  }
  if (/^[0-9a-f]{4,40}$/i.test(rev)) {
    const lower = rev.toLowerCase();
    const hits = graph.commits.filter((c) => c.oid.startsWith(lower));
    if (hits.length === 1) return graph.index.get(hits[0].oid)!;
    if (hits.length > 1) throw new SpillkitError('BAD_REV', `revision '${rev}' is ambiguous (${hits.length} commits start with it)`);
  }
  throw fail();
}
