import type { Repository } from '../git/repo.js';
import { listRefs } from '../git/refs.js';
import type { ScanReport } from '../scan/finding.js';
import { gitRun, git } from './git-cli.js';
import { lfsPointersOf } from './lfs.js';
import { chooseOperation } from './operation.js';
import { readObjects } from './read-objects.js';
import type { RepoFacts } from './types.js';

/**
 * Reads what the planner needs from the repository with the git CLI: refs, the commit graph, signatures,
 * the commits touching each finding's path, and whether each finding's object is still there.
 * Read-only: nothing here changes the repository.
 */
export function gatherFacts(repo: Repository, report: ScanReport): RepoFacts {
  const dir = repo.gitdir;
  const refs = listRefs(repo);
  const stashEntries = refs.filter((r) => r.name.startsWith('refs/stash@{'));
  const { peeled, annotatedTags } = readRefObjects(dir);
  for (const s of stashEntries) peeled[s.name] = s.oid;
  const revs = ['--all', ...stashEntries.map((s) => s.oid)];
  const commits = refs.length ? readCommits(dir, revs) : [];

  const paths = [...new Set(report.findings.filter((f) => f.source === 'blob' && f.path !== null && chooseOperation(f).operation !== 'out-of-reach').map((f) => f.path!))];
  const pathTouches: RepoFacts['pathTouches'] = {};
  for (const path of paths) {
    const touching = git(dir, ['rev-list', '--full-history', ...revs, '--', path]).split('\n').filter(Boolean);
    const blobs = batchCheck(dir, touching.map((c) => `${c}:${path}`));
    pathTouches[path] = touching.map((commit, i) => ({ commit, blob: blobs[i] }));
  }

  const blobs = [...new Set(report.findings.map((f) => f.blob))];
  const present = batchCheck(dir, blobs);
  const touched = Object.values(pathTouches).flatMap((ts) => ts.map((t) => t.blob)).filter((b): b is string => b !== null);
  return {
    repository: repo.worktree ?? repo.gitdir,
    bare: repo.bare,
    refs,
    peeled,
    commits,
    annotatedTags,
    pathTouches,
    presentObjects: blobs.filter((_, i) => present[i] !== null),
    commitObjects: countCommitObjects(dir),
    remotes: readRemotes(dir),
    headRef: readHeadRef(dir),
    lfsPointers: Object.fromEntries(lfsPointersOf(dir, touched)),
    lfsInUse: lfsInUse(dir, Object.values(peeled)),
  };
}

/** Tips looked at for `.gitattributes`: enough for any real repository's branches, bounded for mirrors of thousands of pull requests. */
const ATTRIBUTE_TIPS = 500;

/** Whether a root `.gitattributes` at HEAD or a ref's tip sends files through Git LFS. */
function lfsInUse(dir: string, tips: string[]): boolean {
  const names = ['HEAD', ...new Set(tips)].slice(0, ATTRIBUTE_TIPS).map((t) => `${t}:.gitattributes`);
  const ids = batchCheck(dir, names).filter((id): id is string => id !== null);
  for (const data of readObjects(dir, [...new Set(ids)]).values()) if (/\bfilter=lfs\b/.test(data.toString('utf8'))) return true;
  return false;
}

function readRefObjects(dir: string): { peeled: Record<string, string>; annotatedTags: RepoFacts['annotatedTags'] } {
  const format = '%(refname)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)%00%(if)%(contents:signature)%(then)signed%(end)';
  const peeled: Record<string, string> = {};
  const annotatedTags: RepoFacts['annotatedTags'] = {};
  for (const line of git(dir, ['for-each-ref', `--format=${format}`]).split('\n')) {
    const [name, type, oid, derefType, derefOid, signed] = line.split('\0');
    if (!name) continue;
    if (type === 'commit') peeled[name] = oid;
    else if (type === 'tag') {
      annotatedTags[name] = { signed: signed === 'signed' };
      if (derefType === 'commit') peeled[name] = derefOid;
    }
  }
  return { peeled, annotatedTags };
}

/** `git log --format=raw`: parents from the header, signed when a gpgsig header is present. */
function readCommits(dir: string, revs: string[]): RepoFacts['commits'] {
  const out: RepoFacts['commits'] = [];
  let current: RepoFacts['commits'][number] | null = null;
  const text = git(dir, ['log', '--format=raw', '--no-color', '--no-decorate', ...revs, '--']);
  for (const line of text.split('\n')) {
    if (line.startsWith('commit ')) {
      current = { id: line.slice(7, 47), parents: [], signed: false };
      out.push(current);
    } else if (current && line.startsWith('parent ')) current.parents.push(line.slice(7, 47));
    else if (current && (line.startsWith('gpgsig ') || line.startsWith('gpgsig-sha256 '))) current.signed = true;
  }
  return out;
}

/** Object id for each `<object name>` line, or null when git says it is missing. */
export function batchCheck(dir: string, names: string[]): Array<string | null> {
  if (!names.length) return [];
  const text = git(dir, ['cat-file', '--batch-check=%(objectname)'], { input: names.join('\n') + '\n' });
  return text.split('\n').slice(0, names.length).map((l) => (/^[0-9a-f]{40,64}$/.test(l) ? l : null));
}

function countCommitObjects(dir: string): number {
  const text = git(dir, ['cat-file', '--batch-all-objects', '--batch-check=%(objecttype)']);
  let n = 0;
  for (const t of text.split('\n')) if (t === 'commit') n++;
  return n;
}

function readRemotes(dir: string): RepoFacts['remotes'] {
  const r = gitRun(dir, ['config', '--get-regexp', '^remote\\..*\\.url$']);
  const mirrors = new Set(
    gitRun(dir, ['config', '--bool', '--get-regexp', '^remote\\..*\\.mirror$']).stdout.split('\n')
      .filter((line) => line.endsWith(' true'))
      .map((line) => line.slice(0, line.lastIndexOf(' ')).replace(/^remote\./, '').replace(/\.mirror$/, '')),
  );
  // `git clone --bare` leaves a remote with a URL and no fetch refspec: its branches are copies of the remote's.
  const fetching = new Set(
    gitRun(dir, ['config', '--get-regexp', '^remote\\..*\\.fetch$']).stdout.split('\n').filter(Boolean)
      .map((line) => line.slice(0, line.indexOf(' ')).replace(/^remote\./, '').replace(/\.fetch$/, '')),
  );
  return r.stdout.split('\n').filter(Boolean).map((line) => {
    const [key, ...url] = line.split(' ');
    const name = key.replace(/^remote\./, '').replace(/\.url$/, '');
    return { name, url: url.join(' '), ...(mirrors.has(name) ? { mirror: true } : {}), ...(fetching.has(name) ? {} : { noFetchRefspec: true }) };
  });
}

function readHeadRef(dir: string): string | null {
  const r = gitRun(dir, ['symbolic-ref', '-q', 'HEAD']);
  return r.status === 0 ? r.stdout.trim() : null;
}
