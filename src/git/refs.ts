import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { SpillkitError } from '../errors.js';
import { isValidRefName } from './ref-name.js';
import type { Repository } from './repo.js';
import { readRegularText } from './safe-fs.js';

export interface Ref {
  name: string;
  oid: string;
}

/** What HEAD resolves to: a commit id (null for an unborn branch), and the branch when symbolic. */
export interface Head {
  oid: string | null;
  ref: string | null;
}

/**
 * The refs as far as they could be read. `problems` are what may hide a ref (an unreadable file, a
 * line of packed-refs that does not parse, a name git refuses, a symbolic ref that loops, a garbage
 * HEAD): when there are any, whatever is computed from `refs` (reachability, presence at HEAD) is a
 * lower bound, not the truth. `notes` are oddities that hide nothing (a symbolic ref to a ref that does
 * not exist, a stale lock file).
 */
export interface RefStore {
  refs: Ref[];
  head: Head;
  problems: string[];
  notes: string[];
}

const OID = /^[0-9a-f]{40}$/;
/** git's SYMREF_MAXDEPTH. */
const SYMREF_DEPTH = 5;
const REF_FILE_BYTES = 64 << 10;
const PACKED_REFS_BYTES = 1 << 30;

/**
 * Every ref of the repository (loose refs win over packed-refs), plus the older stash entries, which
 * live only in the stash reflog, as `refs/stash@{N}`: a stash pushed under another is still a leak.
 * Symbolic refs are followed (to check them) but not listed: the ref they name already is.
 */
export function readRefs(repo: Repository): RefStore {
  const store: RefStore = { refs: [], head: { oid: null, ref: null }, problems: [], notes: [] };
  const direct = new Map<string, string>();
  const symbolic = new Map<string, string>();
  readPackedRefs(repo, direct, store);
  readLooseRefs(repo, direct, symbolic, store);
  for (const [name, target] of symbolic) {
    const r = follow(target, direct, symbolic);
    if (r.loops) store.problems.push(`symbolic ref ${name} loops or nests deeper than ${SYMREF_DEPTH} levels: not followed`);
    else if (r.oid === null) store.notes.push(`symbolic ref ${name} points to ${r.ref}, which does not exist`);
  }
  readStashLog(repo, direct, store);
  store.refs = [...direct].map(([name, oid]) => ({ name, oid })).sort((a, b) => (a.name < b.name ? -1 : 1));
  store.head = readHead(repo, direct, symbolic, store);
  return store;
}

/** The refs alone, for callers that do not judge completeness. */
export function listRefs(repo: Repository): Ref[] {
  return readRefs(repo).refs;
}

/** Reads a repository file as text; a problem (FIFO, unreadable, too large) is recorded, not thrown. */
function readText(path: string, what: string, limit: number, store: RefStore): string | null {
  try {
    return readRegularText(path, limit);
  } catch (e) {
    if (!(e instanceof SpillkitError)) throw e;
    store.problems.push(`${what} cannot be read: ${e.message}`);
    return null;
  }
}

function readPackedRefs(repo: Repository, direct: Map<string, string>, store: RefStore): void {
  const text = readText(join(repo.commondir, 'packed-refs'), 'packed-refs', PACKED_REFS_BYTES, store);
  if (text === null) return;
  const lines = text.split('\n');
  let bad = 0;
  let firstBad = 0;
  let afterRef = false;
  lines.forEach((line, i) => {
    const m = /^([0-9a-f]{40}) (.+)$/.exec(line);
    let ok = true;
    if (m && isValidRefName(m[2])) direct.set(m[2], m[1]);
    else if (/^\^[0-9a-f]{40}$/.test(line)) ok = afterRef; // the peeled id of the tag above
    else ok = line === '' ? i === lines.length - 1 : i === 0 && line.startsWith('# pack-refs with:');
    afterRef = m !== null;
    if (!ok) {
      if (bad++ === 0) firstBad = i + 1;
    }
  });
  if (bad) store.problems.push(`packed-refs has ${bad} line(s) that are not a valid ref (first: line ${firstBad}); the refs they held are unknown`);
}

/**
 * Walks refs/. A symbolic link is followed only when it stays inside the repository, and a directory
 * is visited once, so a link can neither lead the scan elsewhere on the disk nor loop it.
 */
function readLooseRefs(repo: Repository, direct: Map<string, string>, symbolic: Map<string, string>, store: RefStore): void {
  let root: string;
  try {
    root = realpathSync(repo.commondir);
  } catch {
    return;
  }
  const seen = new Set<string>();
  const visit = (full: string, name: string): void => {
    let st: Stats | undefined = lstatSync(full, { throwIfNoEntry: false });
    if (st === undefined) return;
    let real = full;
    if (st.isSymbolicLink()) {
      try {
        real = realpathSync(full);
      } catch {
        store.problems.push(`${name} is a symbolic link that leads nowhere: not read`);
        return;
      }
      if (!inside(root, real)) {
        store.problems.push(`${name} is a symbolic link to outside the repository: not followed`);
        return;
      }
      st = statSync(real);
    }
    if (name === 'refs' && !st.isDirectory()) {
      store.problems.push('refs is not a directory: no loose ref was read');
      return;
    }
    if (st.isDirectory()) {
      const key = realpathSync(real);
      if (seen.has(key)) return;
      seen.add(key);
      let entries: string[];
      try {
        entries = readdirSync(real).sort();
      } catch (e) {
        store.problems.push(`${name}/ cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        return;
      }
      for (const entry of entries) visit(join(real, entry), `${name}/${entry}`);
      return;
    }
    if (name.endsWith('.lock')) {
      store.notes.push(`${name} is a lock file left by a git command, not a ref: ignored`);
      return;
    }
    if (!isValidRefName(name)) {
      store.problems.push(`ref ${JSON.stringify(name)} has a name git refuses: not read`);
      return;
    }
    if (!st.isFile()) {
      store.problems.push(`ref ${name} is not a regular file (a FIFO, socket or device): not read`);
      return;
    }
    const text = readText(real, `ref ${name}`, REF_FILE_BYTES, store);
    if (text === null) return;
    const v = text.trim();
    const sym = /^ref: (\S+)$/.exec(v);
    if (OID.test(v)) direct.set(name, v);
    else if (sym && isValidRefName(sym[1])) symbolic.set(name, sym[1]);
    else store.problems.push(`ref ${name} holds neither an object id nor a symbolic ref: not read`);
  };
  visit(join(repo.commondir, 'refs'), 'refs');
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Follows a symbolic ref's target through further symbolic refs, as git does, at most 5 levels. */
function follow(target: string, direct: Map<string, string>, symbolic: Map<string, string>): { ref: string; oid: string | null; loops: boolean } {
  let ref = target;
  for (let depth = 0; depth < SYMREF_DEPTH; depth++) {
    const oid = direct.get(ref);
    if (oid !== undefined) return { ref, oid, loops: false };
    const next = symbolic.get(ref);
    if (next === undefined) return { ref, oid: null, loops: false };
    ref = next;
  }
  return { ref, oid: null, loops: true };
}

/** Older stash entries: one reflog line each, `<old> <new> <ident>\t<message>`, newest last. */
function readStashLog(repo: Repository, direct: Map<string, string>, store: RefStore): void {
  const text = readText(join(repo.commondir, 'logs', 'refs', 'stash'), 'the stash reflog', PACKED_REFS_BYTES, store);
  if (text === null) return;
  const lines = text.split('\n').filter(Boolean);
  const bad = lines.filter((l) => !/^[0-9a-f]{40} [0-9a-f]{40} /.test(l)).length;
  if (bad) store.problems.push(`the stash reflog has ${bad} line(s) that do not parse; the stash entries they held are unknown`);
  // Newest entry is last and is refs/stash itself; older ones are stash@{1}, stash@{2}, ...
  for (let i = lines.length - 2, n = 1; i >= 0; i--, n++) {
    const oid = lines[i].split(' ')[1];
    if (oid && OID.test(oid)) direct.set(`refs/stash@{${n}}`, oid);
  }
}

/**
 * HEAD: an object id (detached) or `ref: <name>`, followed like any symbolic ref. A branch that does
 * not exist is an unborn branch (a fresh repository), noted only when other refs exist.
 */
function readHead(repo: Repository, direct: Map<string, string>, symbolic: Map<string, string>, store: RefStore): Head {
  const before = store.problems.length;
  const text = readText(join(repo.gitdir, 'HEAD'), 'HEAD', REF_FILE_BYTES, store);
  if (text === null) {
    if (store.problems.length === before) store.problems.push('HEAD is missing');
    return { oid: null, ref: null };
  }
  const v = text.trim();
  if (OID.test(v)) return { oid: v, ref: null };
  const m = /^ref: (\S+)$/.exec(v);
  if (!m || !isValidRefName(m[1])) {
    store.problems.push('HEAD holds neither an object id nor a symbolic ref to a valid ref name');
    return { oid: null, ref: null };
  }
  const r = follow(m[1], direct, symbolic);
  if (r.loops) store.problems.push(`HEAD points to ${m[1]}, a symbolic ref that loops or nests deeper than ${SYMREF_DEPTH} levels`);
  else if (r.oid === null && direct.size > 0) store.notes.push(`HEAD points to ${m[1]}, which does not exist (an unborn branch): no finding is at HEAD`);
  return { oid: r.oid, ref: m[1] };
}
