import type { RefKind, RefUpdate, RepoFacts } from './types.js';

/** What a ref is, from its name. Pull-request refs come from hosts (GitHub refs/pull, GitLab merge-requests). */
export function refKind(name: string): RefKind {
  if (/^refs\/stash@\{\d+\}$/.test(name)) return 'stash-entry';
  if (name === 'refs/stash') return 'stash';
  if (/^refs\/(pull|merge-requests|pull-requests)\//.test(name) || /^refs\/remotes\/[^/]+\/(pr|pull|mr)\//.test(name)) return 'pull-request';
  if (name.startsWith('refs/heads/')) return 'branch';
  if (name.startsWith('refs/tags/')) return 'tag';
  if (name.startsWith('refs/remotes/')) return 'remote-tracking';
  if (name.startsWith('refs/notes/')) return 'notes';
  if (name.startsWith('refs/replace/')) return 'replace';
  return 'other';
}

/**
 * The update each changed ref needs. Remote branches are pushed through their remote-tracking refs
 * (what this clone knows the remote has); tags go to every remote; local branches, the stash and odd
 * refs only change in clones; stash entries below refs/stash cannot survive a rewrite at all.
 * In a mirror clone (`remote.<name>.mirror`, as `git clone --mirror` makes) every branch, tag, note
 * and other ref *is* the remote's: each is force-pushed to it under its own name, as `git push
 * --mirror` would, except the read-only pull-request refs the host must purge. A bare clone
 * (`git clone --bare`: a remote with no fetch refspec, no remote-tracking refs) holds the remote's
 * branches and tags under their own names too, and is planned the same way.
 */
export function remoteOwningRefs(facts: Pick<RepoFacts, 'remotes' | 'bare'>): { name: string; how: 'mirror' | 'bare clone' } | null {
  const mirror = facts.remotes.find((r) => r.mirror === true);
  if (mirror) return { name: mirror.name, how: 'mirror' };
  if (!facts.bare) return null;
  const bare = facts.remotes.find((r) => r.name === 'origin' && r.noFetchRefspec) ?? (facts.remotes.length === 1 && facts.remotes[0]!.noFetchRefspec ? facts.remotes[0] : undefined);
  return bare ? { name: bare.name, how: 'bare clone' } : null;
}

export function refUpdates(changed: Array<{ name: string; oid: string }>, facts: RepoFacts): RefUpdate[] {
  const remotes = facts.remotes.map((r) => r.name);
  const tracked = new Set(
    facts.refs.filter((r) => refKind(r.name) === 'remote-tracking').map((r) => r.name.replace(/^refs\/remotes\/[^/]+\//, 'refs/heads/')),
  );
  const mirror = remoteOwningRefs(facts);
  const out: RefUpdate[] = [];
  for (const { name, oid } of changed) {
    const kind = refKind(name);
    const base = { name, kind, oldId: oid };
    if (mirror && (kind === 'branch' || kind === 'tag' || kind === 'notes' || kind === 'replace' || kind === 'other')) {
      out.push({ ...base, action: 'force-push', remote: mirror.name, remoteRef: name, note: `${mirror.how} of ${mirror.name}: this ref is the remote's` });
      continue;
    }
    switch (kind) {
      case 'remote-tracking': {
        const m = /^refs\/remotes\/([^/]+)\/(.+)$/.exec(name);
        if (m && remotes.includes(m[1])) out.push({ ...base, action: 'force-push', remote: m[1], remoteRef: `refs/heads/${m[2]}` });
        else out.push({ ...base, action: 'rewrite-local', note: 'remote-tracking ref of a remote this clone no longer has' });
        break;
      }
      case 'tag':
        if (remotes.length) for (const remote of remotes) out.push({ ...base, action: 'force-push', remote, remoteRef: name, note: 'if the remote has this tag' });
        else out.push({ ...base, action: 'rewrite-local', note: 'no remote configured' });
        break;
      case 'notes':
        if (remotes.length) for (const remote of remotes) out.push({ ...base, action: 'force-push', remote, remoteRef: name, note: 'notes stay keyed by the old commit ids' });
        else out.push({ ...base, action: 'rewrite-local' });
        break;
      case 'branch':
        if (tracked.has(name)) out.push({ ...base, action: 'rewrite-local', note: 'pushed through its remote-tracking ref; re-clone afterwards' });
        else if (!remotes.length) out.push({ ...base, action: facts.bare ? 'force-push' : 'rewrite-local', note: facts.bare ? 'this bare repository is the remote: the rewritten ref replaces it here' : 'no remote configured' });
        else out.push({ ...base, action: 'rewrite-local', note: 'no remote-tracking ref: local only as far as this clone knows; if it was pushed, push it too' });
        break;
      case 'stash':
        out.push({ ...base, action: 'rewrite-local', note: 'never pushed; the rewritten stash lives in the mirror only' });
        break;
      case 'stash-entry':
        out.push({ ...base, action: 'drop', note: 'older stash entries live only in the stash reflog, which a rewrite cannot keep: pop and re-stash them in the fresh clone, or they are dropped' });
        break;
      case 'pull-request':
        out.push({ ...base, action: 'host', note: 'pull-request refs are read-only: the host must purge them' });
        break;
      default:
        out.push({ ...base, action: 'rewrite-local' });
    }
  }
  return out;
}
