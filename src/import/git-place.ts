import { parseCommit, parseTag, type CommitInfo } from '../git/commit.js';
import { loadObjectDatabase } from '../git/object-database.js';
import { ObjectReader } from '../git/object-reader.js';
import { OBJ_BLOB, OBJ_COMMIT, OBJ_TAG, OBJ_TREE } from '../git/object-type.js';
import { readRefs } from '../git/refs.js';
import type { Repository } from '../git/repo.js';

/**
 * Random access to "the file at PATH in commit C" in the object database, for placing what another
 * scanner reported: commits by full or abbreviated id, tree walks along a path, and (for reports that
 * name no commit) every commit the refs reach, newest first. Reads objects only; never runs git.
 */
export class GitPlaces {
  private readonly reader: ObjectReader;
  private readonly commits = new Map<string, CommitInfo | null>();
  private walked: CommitInfo[] | null = null;
  readonly headOid: string | null;
  private readonly tips: string[];

  constructor(repo: Repository) {
    this.reader = new ObjectReader(loadObjectDatabase(repo), 64 << 20);
    const refs = readRefs(repo);
    this.headOid = refs.head.oid;
    this.tips = [...new Set([...(refs.head.oid ? [refs.head.oid] : []), ...refs.refs.map((r) => r.oid)])];
  }

  close(): void {
    this.reader.close();
  }

  /** A commit by id (tags peeled); null when the database holds no such commit. */
  commit(oid: string): CommitInfo | null {
    if (this.commits.has(oid)) return this.commits.get(oid)!;
    let found: CommitInfo | null = null;
    let id = oid;
    for (let depth = 0; depth < 8 && found === null; depth++) {
      const obj = /^[0-9a-f]{40}$/.test(id) ? this.tryRead(id) : null;
      if (!obj) break;
      if (obj.type === OBJ_COMMIT) found = parseCommit(id, obj.data);
      else if (obj.type === OBJ_TAG) id = parseTag(id, obj.data).object;
      else break;
    }
    this.commits.set(oid, found);
    return found;
  }

  /**
   * A full id, or an abbreviation that exactly one commit the refs reach starts with. `ambiguous` when
   * several do; null when none.
   */
  resolveCommit(id: string): CommitInfo | 'ambiguous' | null {
    if (id.length === 40) return this.commit(id);
    const hits = this.allCommits().filter((c) => c.oid.startsWith(id));
    return hits.length === 1 ? hits[0] : hits.length > 1 ? 'ambiguous' : null;
  }

  /** The blob at `path` in the commit's tree, or null (no such path, or not a file). */
  blobAt(commit: CommitInfo, path: string): string | null {
    let tree = commit.tree;
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i++) {
      const entry = this.treeEntry(tree, parts[i]);
      if (!entry) return null;
      const last = i === parts.length - 1;
      if (last) return entry.mode.startsWith('10') || entry.mode === '120000' ? entry.oid : null;
      if (entry.mode !== '40000') return null;
      tree = entry.oid;
    }
    return null;
  }

  /** A blob's bytes; null when missing (or not a blob). */
  blob(oid: string): Buffer | null {
    const obj = this.tryRead(oid);
    return obj && obj.type === OBJ_BLOB ? obj.data : null;
  }

  /** Every commit reachable from HEAD and the refs, newest (committer date) first. */
  allCommits(): CommitInfo[] {
    if (this.walked) return this.walked;
    const seen = new Set<string>();
    const out: CommitInfo[] = [];
    const stack = this.tips.map((t) => this.commit(t)).filter((c): c is CommitInfo => c !== null);
    while (stack.length) {
      const c = stack.pop()!;
      if (seen.has(c.oid)) continue;
      seen.add(c.oid);
      out.push(c);
      for (const p of c.parents) {
        const parent = seen.has(p) ? null : this.commit(p);
        if (parent) stack.push(parent);
      }
    }
    this.walked = out.sort((a, b) => b.committerTime - a.committerTime || (a.oid < b.oid ? -1 : 1));
    return this.walked;
  }

  private tryRead(oid: string): { type: number; data: Buffer } | null {
    try {
      return this.reader.tryRead(oid);
    } catch {
      // A corrupt or oversized object cannot place anything: treated as absent.
      return null;
    }
  }

  private treeEntry(tree: string, name: string): { mode: string; oid: string } | null {
    const obj = this.tryRead(tree);
    if (!obj || obj.type !== OBJ_TREE) return null;
    const data = obj.data;
    let at = 0;
    while (at < data.length) {
      const space = data.indexOf(0x20, at);
      const nul = data.indexOf(0, space + 1);
      if (space < 0 || nul < 0 || nul + 21 > data.length) return null;
      if (data.toString('utf8', space + 1, nul) === name) return { mode: data.toString('latin1', at, space), oid: data.toString('hex', nul + 1, nul + 21) };
      at = nul + 21;
    }
    return null;
  }
}
