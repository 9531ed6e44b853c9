import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Repository } from './repo.js';

export interface Ref {
  name: string;
  oid: string;
}

/**
 * Every ref of the repository (loose refs win over packed-refs), plus the older stash entries, which
 * live only in the stash reflog, as `refs/stash@{N}`: a stash pushed under another is still a leak.
 */
export function listRefs(repo: Repository): Ref[] {
  const refs = new Map<string, string>();
  const packed = join(repo.commondir, 'packed-refs');
  if (existsSync(packed)) {
    for (const line of readFileSync(packed, 'utf8').split('\n')) {
      const m = /^([0-9a-f]{40}) (refs\/\S+)$/.exec(line);
      if (m) refs.set(m[2], m[1]);
    }
  }
  const walk = (dir: string, prefix: string): void => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      const refName = `${prefix}/${name}`;
      if (statSync(full).isDirectory()) walk(full, refName);
      else {
        const v = readFileSync(full, 'utf8').trim();
        if (/^[0-9a-f]{40}$/.test(v)) refs.set(refName, v);
      }
    }
  };
  walk(join(repo.commondir, 'refs'), 'refs');
  const stashLog = join(repo.commondir, 'logs', 'refs', 'stash');
  if (existsSync(stashLog)) {
    const lines = readFileSync(stashLog, 'utf8').split('\n').filter(Boolean);
    // Newest entry is last and is refs/stash itself; older ones are stash@{1}, stash@{2}, ...
    for (let i = lines.length - 2, n = 1; i >= 0; i--, n++) {
      const oid = lines[i].split(' ')[1];
      if (oid && /^[0-9a-f]{40}$/.test(oid)) refs.set(`refs/stash@{${n}}`, oid);
    }
  }
  return [...refs].map(([name, oid]) => ({ name, oid })).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** What HEAD resolves to: a commit id, or null for an unborn branch. */
export function resolveHead(repo: Repository, refs: Ref[]): { oid: string | null; ref: string | null } {
  const headFile = join(repo.gitdir, 'HEAD');
  if (!existsSync(headFile)) return { oid: null, ref: null };
  const head = readFileSync(headFile, 'utf8').trim();
  if (/^[0-9a-f]{40}$/.test(head)) return { oid: head, ref: null };
  const m = /^ref: (\S+)$/.exec(head);
  if (!m) return { oid: null, ref: null };
  const r = refs.find((x) => x.name === m[1]);
  return { oid: r ? r.oid : null, ref: m[1] };
}
