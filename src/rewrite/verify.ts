import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpillkitError } from '../errors.js';
import { applyExpressions, type ExpressionEntry } from './expressions.js';
import { git } from './git-cli.js';
import { readObjects } from './read-objects.js';

/** One check of the rewritten mirror; `problems` says what is wrong, in words, without secrets. */
export interface CheckResult {
  ok: boolean;
  problems: string[];
}

export interface Verification {
  ok: boolean;
  content: CheckResult & { commitsCompared: number; blobsCompared: number };
  metadata: CheckResult & { commitsBefore: number; commitsAfter: number; messagesChanged: number };
  rescan: CheckResult & { remaining: Array<{ fingerprint: string; rule: string; path: string | null; redacted: string }> };
}

export interface RewriteSpec {
  removePaths: string[];
  /** Secrets and replacements, in memory only; empty when nothing is replaced. */
  textEntries: ExpressionEntry[];
  messageEntries: ExpressionEntry[];
}

const PROBLEM_LIMIT = 50;

/** filter-repo's `filter-repo/commit-map`: old id -> new id (all zeros when a commit was pruned). */
export function readCommitMap(mirror: string): Map<string, string> {
  const map = new Map<string, string>();
  let text: string;
  try {
    text = readFileSync(join(mirror, 'filter-repo', 'commit-map'), 'utf8');
  } catch {
    throw new SpillkitError('IO', `git-filter-repo left no commit-map in ${mirror}`);
  }
  for (const line of text.split('\n').slice(1)) {
    const [oldId, newId] = line.trim().split(/\s+/);
    if (oldId && newId) map.set(oldId, newId);
  }
  return map;
}

function isRemoved(path: string, removePaths: string[]): boolean {
  return removePaths.some((p) => path === p || path.startsWith(`${p}/`));
}

/**
 * Every rewritten commit against its original (both still in the mirror before gc): a path may only
 * disappear when the plan removes it, and a changed blob must be exactly the old blob with the planned
 * replacements applied. Anything else is a rewrite that did more, or other, than planned.
 */
export function verifyContent(mirror: string, commitMap: Map<string, string>, spec: RewriteSpec): Verification['content'] {
  const problems: string[] = [];
  const pairs = new Map<string, string>();
  let commitsCompared = 0;
  for (const [oldId, newId] of commitMap) {
    if (oldId === newId || /^0+$/.test(newId)) continue;
    commitsCompared++;
    const raw = git(mirror, ['diff-tree', '-r', '-z', '--no-renames', '--no-commit-id', oldId, newId]);
    const fields = raw.split('\0');
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const m = /^:(\d+) (\d+) ([0-9a-f]+) ([0-9a-f]+) (\w)/.exec(fields[i]);
      if (!m) break;
      const [, oldMode, newMode, oldBlob, newBlob, status] = m;
      const path = fields[i + 1];
      const where = `${path} in ${oldId.slice(0, 12)}`;
      if (status === 'D') {
        if (!isRemoved(path, spec.removePaths)) problems.push(`${where}: removed, but the plan does not remove it`);
      } else if (status === 'A') problems.push(`${where}: added by the rewrite`);
      else if (isRemoved(path, spec.removePaths)) problems.push(`${where}: should be removed but is still there`);
      else if (oldMode !== newMode) problems.push(`${where}: mode changed ${oldMode} -> ${newMode}`);
      else pairs.set(`${oldBlob} ${newBlob}`, where);
    }
  }
  const oids = new Set<string>();
  for (const key of pairs.keys()) key.split(' ').forEach((o) => oids.add(o));
  const blobs = readObjects(mirror, [...oids]);
  for (const [key, where] of pairs) {
    const [oldBlob, newBlob] = key.split(' ');
    const expected = applyExpressions(blobs.get(oldBlob)!, spec.textEntries);
    if (!expected.equals(blobs.get(newBlob)!)) problems.push(`${where}: content differs beyond the planned replacements`);
  }
  return { ok: problems.length === 0, problems: problems.slice(0, PROBLEM_LIMIT), commitsCompared, blobsCompared: pairs.size };
}

interface CommitMeta {
  author: string;
  committer: string;
  message: string;
}

function readCommitMeta(mirror: string, ids: string[]): Map<string, CommitMeta> {
  const out = new Map<string, CommitMeta>();
  if (!ids.length) return out;
  const text = git(mirror, ['log', '--no-walk=unsorted', '--stdin', '--date=raw', '--format=%H%x00%an <%ae> %ad%x00%cn <%ce> %cd%x00%B%x00%x01'], { input: ids.join('\n') + '\n' });
  for (const rec of text.split('\0\x01')) {
    const [id, author, committer, message] = rec.replace(/^\n/, '').split('\0');
    if (id && /^[0-9a-f]{40,64}$/.test(id)) out.set(id, { author, committer, message });
  }
  return out;
}

/**
 * Same number of commits (less old ones rewritten into a clean commit already present), same authors,
 * committers and dates, and the same messages except where a
 * planned secret was replaced. git-filter-repo also rewrites abbreviated commit ids it finds in
 * messages to the new ids; that is accepted.
 */
export function verifyMetadata(mirror: string, commitMap: Map<string, string>, spec: RewriteSpec, commitsBefore: number): Verification['metadata'] {
  const problems: string[] = [];
  const commitsAfter = Number(git(mirror, ['rev-list', '--all', '--count']).trim());
  const changed = [...commitMap].filter(([o, n]) => o !== n);
  // After a partly pushed rewrite was fetched back, an old commit is rewritten into exactly the clean
  // commit the repository already holds (same tree, parents and metadata): one commit fewer, nothing lost.
  const merged = changed.filter(([, n]) => commitMap.get(n) === n).length;
  if (commitsAfter !== commitsBefore - merged) {
    problems.push(`commit count changed: ${commitsBefore} before, ${commitsAfter} after${merged ? ` (${merged} rewritten into commits already there)` : ''}`);
  }
  for (const [o, n] of changed) if (/^0+$/.test(n)) problems.push(`commit ${o.slice(0, 12)} was dropped`);
  const live = changed.filter(([, n]) => !/^0+$/.test(n));
  const meta = readCommitMeta(mirror, live.flatMap(([o, n]) => [o, n]));
  const sortedOld = [...commitMap.keys()].sort();
  let messagesChanged = 0;
  for (const [o, n] of live) {
    const before = meta.get(o);
    const after = meta.get(n);
    if (!before || !after) {
      problems.push(`commit ${o.slice(0, 12)} or its rewrite ${n.slice(0, 12)} cannot be read`);
      continue;
    }
    if (before.author !== after.author) problems.push(`commit ${o.slice(0, 12)}: author or author date changed`);
    if (before.committer !== after.committer) problems.push(`commit ${o.slice(0, 12)}: committer or commit date changed`);
    const replaced = applyExpressions(Buffer.from(before.message, 'utf8'), spec.messageEntries).toString('utf8');
    if (after.message !== before.message) {
      if (after.message === replaced || after.message === translateIds(replaced, sortedOld, commitMap)) messagesChanged++;
      else problems.push(`commit ${o.slice(0, 12)}: message changed beyond the planned replacements`);
    }
  }
  return { ok: problems.length === 0, problems: problems.slice(0, PROBLEM_LIMIT), commitsBefore, commitsAfter, messagesChanged };
}

/** filter-repo's rewrite of (abbreviated) old commit ids in messages to the new ids, same length. */
function translateIds(message: string, sortedOld: string[], commitMap: Map<string, string>): string {
  return message.replace(/\b[0-9a-f]{7,40}\b/g, (hex) => {
    let lo = 0;
    let hi = sortedOld.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sortedOld[mid] < hex) lo = mid + 1;
      else hi = mid;
    }
    const hit = sortedOld[lo];
    if (!hit?.startsWith(hex) || sortedOld[lo + 1]?.startsWith(hex)) return hex;
    return commitMap.get(hit)!.slice(0, hex.length);
  });
}

/** The re-scan: none of the planned secrets may remain in any object of the mirror. */
export function verifyRescan(
  findings: Array<{ fingerprint: string; rule: string; path: string | null; redacted: string; secretHash: string }>,
  plannedHashes: Set<string>,
): Verification['rescan'] {
  const remaining = findings.filter((f) => plannedHashes.has(f.secretHash)).map(({ fingerprint, rule, path, redacted }) => ({ fingerprint, rule, path, redacted }));
  return {
    ok: remaining.length === 0,
    problems: remaining.map((r) => `planned secret ${r.redacted} (${r.rule}) is still in the mirror${r.path ? ` at ${r.path}` : ''}`),
    remaining,
  };
}

export function combine(content: Verification['content'], metadata: Verification['metadata'], rescan: Verification['rescan']): Verification {
  return { ok: content.ok && metadata.ok && rescan.ok, content, metadata, rescan };
}
