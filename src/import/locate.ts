import { isAbsolute, relative, sep } from 'node:path';
import { realpathSync } from 'node:fs';
import type { CommitInfo } from '../git/commit.js';
import type { Repository } from '../git/repo.js';
import type { RuleSpec } from '../rules/types.js';
import { compileRules, matchText, type Matcher, type TextMatch } from '../scan/matcher.js';
import { GitPlaces } from './git-place.js';
import { placeInBlob } from './place-in-blob.js';
import type { ImportEntry, Unlocated } from './types.js';

/** An entry placed in the object database. `secret` lives in memory only, for the provenance pass. */
export interface Located {
  entry: ImportEntry;
  commit: string;
  blob: string;
  path: string;
  /** Our rule matching there, or null when none does (the entry keeps the other tool's rule). */
  rule: RuleSpec | null;
  secret: Buffer;
}

export interface LocateResult {
  located: Located[];
  unlocated: Unlocated[];
}

/** How many distinct versions of a file are tried for an entry that names no commit. */
const MAX_VERSIONS = 200;

/**
 * Places each entry: the blob at commit:path (for an entry without a commit, HEAD's version of the
 * path, else the newest version any commit holds where the entry can be placed), then the place in
 * that blob (place-in-blob.ts). Our rules run once per (blob, path), like the scan's matcher would.
 */
export function locateEntries(repo: Repository, entries: ImportEntry[], rules: RuleSpec[]): LocateResult {
  const places = new GitPlaces(repo);
  const matcher = compileRules(rules);
  const matchCache = new Map<string, TextMatch[]>();
  const ours = (blob: string, path: string, text: Buffer): TextMatch[] => {
    const key = `${blob}\0${path}`;
    let found = matchCache.get(key);
    if (!found) matchCache.set(key, (found = safeMatch(matcher, text, path)));
    return found;
  };
  const out: LocateResult = { located: [], unlocated: [] };
  try {
    for (const entry of entries) {
      const result = locateOne(entry, repo, places, ours, matcher);
      if ('reason' in result) out.unlocated.push({ entry: entry.index, tool: entry.tool, rule: entry.rule, path: entry.path, commit: entry.commit, reason: result.reason });
      else out.located.push(result);
    }
  } finally {
    places.close();
  }
  return out;
}

type Ours = (blob: string, path: string, text: Buffer) => TextMatch[];

function locateOne(entry: ImportEntry, repo: Repository, places: GitPlaces, ours: Ours, matcher: Matcher): Located | { reason: string } {
  if (entry.unlocatable) return { reason: entry.unlocatable };
  if (entry.path === null) return { reason: 'the entry names no file' };
  const path = repoPath(entry.path, repo, entry.tool === 'github');
  if (typeof path !== 'string') return path;
  const ruleOf = (m: TextMatch | null): RuleSpec | null => (m ? matcher.rules.find((r) => r.spec.id === m.ruleId)!.spec : null);

  if (entry.commit !== null) {
    const commit = places.resolveCommit(entry.commit);
    if (commit === 'ambiguous') return { reason: `commit ${entry.commit} is ambiguous in this repository` };
    if (commit === null) return { reason: `commit ${entry.commit} is not in this repository` };
    const blob = places.blobAt(commit, path);
    if (blob === null) return { reason: `${path} is not in commit ${commit.oid}` };
    const text = places.blob(blob);
    if (text === null) return { reason: `blob ${blob} of ${path} is missing from the object database` };
    const placed = placeInBlob(entry, text, ours(blob, path, text));
    if (!placed.ok) return { reason: `${placed.reason} (${path} in commit ${commit.oid.slice(0, 12)})` };
    return { entry, commit: commit.oid, blob, path, rule: ruleOf(placed.ours), secret: placed.secret };
  }

  // No commit: the version at HEAD first, then the others, newest first.
  const head = places.headOid ? places.commit(places.headOid) : null;
  const candidates: CommitInfo[] = head ? [head] : [];
  const tried = new Set<string>();
  let firstFailure: string | null = null;
  let holding = 0;
  const consider = (commit: CommitInfo): Located | null => {
    const blob = places.blobAt(commit, path);
    if (blob === null || tried.has(blob)) return null;
    tried.add(blob);
    holding++;
    const text = places.blob(blob);
    if (text === null) return null;
    const placed = placeInBlob(entry, text, ours(blob, path, text));
    if (placed.ok) return { entry, commit: commit.oid, blob, path, rule: ruleOf(placed.ours), secret: placed.secret };
    firstFailure ??= `${placed.reason} (${path} in commit ${commit.oid.slice(0, 12)})`;
    return null;
  };
  for (const c of candidates) {
    const hit = consider(c);
    if (hit) return hit;
  }
  for (const c of places.allCommits()) {
    if (tried.size >= MAX_VERSIONS) break;
    const hit = consider(c);
    if (hit) return hit;
  }
  if (holding === 0) return { reason: `${path} is in no commit of this repository` };
  return { reason: holding === 1 ? firstFailure! : `${firstFailure!}; nor in the ${holding - 1} other version(s) of ${path}` };
}

function safeMatch(matcher: Matcher, text: Buffer, path: string): TextMatch[] {
  try {
    return matchText(matcher, text, path);
  } catch {
    return [];
  }
}

/**
 * A report's path as a path in the tree: `/`-separated, relative to the repository. An absolute path
 * must lie inside the worktree; GitHub's alerts may lead with `/` for the repository root.
 */
function repoPath(raw: string, repo: Repository, rootSlash: boolean): string | { reason: string } {
  let p = raw.replace(/\\/g, '/');
  if (isAbsolute(p) || /^[A-Za-z]:\//.test(p)) {
    const root = repo.worktree;
    const rel = root ? relativeInside(root, p) : null;
    if (rel !== null) p = rel;
    else if (rootSlash) p = p.replace(/^\/+/, '');
    else return { reason: `${raw} is outside this repository's worktree` };
  }
  p = p.replace(/^(?:\.\/)+/, '').replace(/\/{2,}/g, '/');
  if (p === '' || p.split('/').some((s) => s === '' || s === '.' || s === '..')) return { reason: `'${raw}' is not a file path inside the repository` };
  return p;
}

function relativeInside(root: string, p: string): string | null {
  for (const base of [root, realOrNull(root)]) {
    if (!base) continue;
    const rel = relative(base, p).split(sep).join('/');
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return rel;
  }
  return null;
}

function realOrNull(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}
