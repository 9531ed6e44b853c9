import { createHash } from 'node:crypto';
import type { TagInfo } from '../git/commit.js';
import type { RuleSpec } from '../rules/types.js';
import type { CommitGraph, ResolvedRefs } from './commit-graph.js';
import type { Finding } from './finding.js';
import { compileAllowlistRegex } from '../rules/allowlist.js';
import { pairFindings } from './pairs.js';
import type { ObjectMatch } from './worker-protocol.js';
import type { BlobPlacements } from './place-blobs.js';

/** Where one match sits in history: the commits whose tree holds it at a path (none: nowhere). */
export interface Occurrence {
  commits: number[];
  path: string | null;
  match: ObjectMatch;
}

export interface AssembleInput {
  graph: CommitGraph;
  tags: Map<string, TagInfo>;
  refs: ResolvedRefs;
  reachable: Uint8Array;
  head: number | undefined;
  rules: RuleSpec[];
  /** Blob id -> the paths it sits at, each with the commits holding it there. */
  blobPlacements: BlobPlacements;
  matches: ObjectMatch[];
  /** False when refs could not all be read: a `false` reachability or presence at HEAD becomes null. */
  refsComplete?: boolean;
}

export interface AssembledFinding {
  finding: Finding;
  /** Every commit whose tree (or message) holds this secret here: for --since and the rewrite plan. */
  commits: number[];
  pendingAllow?: number[];
}

export function fingerprintOf(rule: string, source: string, path: string | null, secretHash: string): string {
  return createHash('sha256').update(`v1\0${rule}\0${source}\0${path ?? ''}\0${secretHash}`).digest('hex').slice(0, 16);
}

const iso = (seconds: number | null): string | null => (seconds === null ? null : new Date(seconds * 1000).toISOString());

/**
 * Groups matches into findings (one per rule, secret and path) and gives each its provenance: the
 * introducing commit (one holding it whose parents do not, earliest by author date), the refs that
 * reach that commit, reachability, presence at HEAD and the number of commits holding it.
 */
export function assembleFindings(input: AssembleInput): AssembledFinding[] {
  const { graph } = input;
  const groups = new Map<string, Occurrence[]>();
  const add = (key: string, occ: Occurrence): void => {
    const g = groups.get(key);
    if (g) g.push(occ);
    else groups.set(key, [occ]);
  };
  // Built-in paths are trusted V8 regexes; a config's run on the linear engine (its inline flags kept).
  const pathRules = input.rules.map((r) => (!r.path ? null : r.origin === 'builtin' || r.origin === undefined ? new RegExp(r.path, 'i') : compileAllowlistRegex(r.path)));
  for (const m of input.matches) {
    const base = `${m.rule}\0${m.secretHash}\0${m.source}`;
    const pathRule = pathRules[m.rule];
    if (pathRule !== null) {
      // A path-bound rule counts only at the paths it names: never in a message or a dangling blob.
      if (m.source !== 'blob') continue;
      for (const p of input.blobPlacements.get(m.oid) ?? []) if (pathRule.test(p.path)) add(`${base}\0${p.path}`, { commits: p.commits, path: p.path, match: m });
    } else if (m.source === 'blob') {
      const places = input.blobPlacements.get(m.oid);
      if (!places || places.length === 0) add(`${base}\0`, { commits: [], path: null, match: m });
      else for (const p of places) add(`${base}\0${p.path}`, { commits: p.commits, path: p.path, match: m });
    } else if (m.source === 'commit-message') {
      const c = graph.index.get(m.oid);
      add(base, { commits: c === undefined ? [] : [c], path: null, match: m });
    } else {
      add(`${base}\0${m.oid}`, { commits: [], path: null, match: m });
    }
  }

  // Where a path-bound rule holds, it is the more specific account of that secret at that path.
  const bound = new Set<string>();
  for (const [key, occs] of groups) if (pathRules[occs[0].match.rule] !== null) bound.add(`${occs[0].match.secretHash}\0${key.slice(key.lastIndexOf('\0') + 1)}`);
  if (bound.size) {
    for (const [key, occs] of groups) {
      const m = occs[0].match;
      if (input.rules[m.rule].provider === 'generic' && m.source === 'blob' && bound.has(`${m.secretHash}\0${key.slice(key.lastIndexOf('\0') + 1)}`)) groups.delete(key);
    }
  }

  const built: Array<{ intro: Introduction; occs: Occurrence[]; holding: Set<number> }> = [];
  for (const occs of groups.values()) {
    const holding = new Set<number>();
    for (const o of occs) for (const c of o.commits) holding.add(c);
    built.push({ intro: pickIntroduction(occs, holding, input), occs, holding });
  }

  const targets = [...new Set(built.map((b) => b.intro.commit).filter((c) => c >= 0))];
  const tips = input.refs.commitTips.map((t) => t.commit);
  const headTip = input.head !== undefined ? tips.length : -1;
  if (input.head !== undefined) tips.push(input.head);
  const reaching = graph.tipsReaching(targets, tips);

  // With refs that could not all be read, "no known ref reaches it" means unknown, not false.
  const unknownUnlessTrue = (v: boolean): boolean | null => (v || input.refsComplete !== false ? v : null);
  const out: AssembledFinding[] = built.map(({ intro, occs, holding }) => {
    const m = intro.match;
    const spec = input.rules[m.rule];
    const commitNos = [...holding];
    const commit = intro.commit >= 0 ? graph.commits[intro.commit] : null;
    let refs: string[] = [];
    let reachable = commitNos.some((c) => input.reachable[c] === 1);
    let presentAtHead = false;
    let author = commit?.authorName ?? null;
    let authorEmail = commit?.authorEmail ?? null;
    let date = iso(commit ? commit.authorTime : null);
    let commitOid = commit?.oid ?? null;
    let tag: string | undefined;
    if (intro.commit >= 0) {
      const tipSet = reaching.get(intro.commit)!;
      refs = [...tipSet].filter((t) => t !== headTip).map((t) => input.refs.commitTips[t].name);
      if (m.source === 'blob') presentAtHead = input.head !== undefined && holding.has(input.head);
      else presentAtHead = tipSet.has(headTip);
    }
    if (m.source === 'tag-message') {
      const t = input.tags.get(m.oid)!;
      const peeled = graph.peel(t.object, input.tags);
      tag = t.name;
      commitOid = peeled !== undefined ? graph.commits[peeled].oid : t.object;
      author = t.taggerName;
      authorEmail = t.taggerEmail;
      date = iso(t.taggerTime);
      refs = input.refs.refsByTagObject.get(m.oid) ?? [];
      reachable = refs.length > 0;
    }
    const path = intro.path;
    const finding: Finding = {
      fingerprint: fingerprintOf(spec.id, m.source, path, m.secretHash),
      rule: spec.id,
      provider: spec.provider,
      severity: spec.severity,
      confidence: m.confidence ?? spec.confidence,
      source: m.source,
      path,
      line: m.line,
      column: m.column,
      commit: commitOid,
      author,
      authorEmail,
      date,
      ...(tag !== undefined ? { tag } : {}),
      blob: m.oid,
      refs: [...new Set(refs)].sort(),
      reachable: unknownUnlessTrue(reachable),
      presentAtHead: m.source === 'tag-message' ? false : unknownUnlessTrue(presentAtHead),
      redacted: m.redacted,
      secretHash: m.secretHash,
      occurrences: m.source === 'tag-message' ? occs.length : Math.max(1, commitNos.length),
      why: spec.path && path !== null ? [...m.why, `file kind: ${path.slice(path.lastIndexOf('/') + 1)}`] : m.why,
    };
    if (m.secret !== undefined) finding.secret = m.secret;
    return { finding, commits: commitNos, ...(m.pendingAllow ? { pendingAllow: m.pendingAllow } : {}) };
  });
  pairFindings(out.map((o) => o.finding), input.matches, input.rules);
  return out.sort((a, b) => compareFindings(a.finding, b.finding));
}

/** The introducing place of a finding: a commit (-1: none, for a dangling blob) and the match there. */
interface Introduction {
  commit: number;
  path: string | null;
  match: ObjectMatch;
}

/** Among the commits holding a secret, the one that introduced it: no parent holds it, earliest first. */
function pickIntroduction(occs: Occurrence[], holding: Set<number>, input: AssembleInput): Introduction {
  const { graph } = input;
  let best: Introduction | null = null;
  let bestIsRoot = false;
  const consider = (candidate: Introduction, isRoot: boolean): void => {
    if (best && bestIsRoot && !isRoot) return;
    if (!best || (isRoot && !bestIsRoot) || earlier(candidate, best, input)) {
      best = candidate;
      bestIsRoot = isRoot;
    }
  };
  for (const o of occs) {
    if (o.commits.length === 0) consider({ commit: -1, path: o.path, match: o.match }, true);
    for (const c of o.commits) consider({ commit: c, path: o.path, match: o.match }, !graph.parents[c].some((p) => holding.has(p)));
  }
  return best!;
}

function earlier(a: Introduction, b: Introduction, input: AssembleInput): boolean {
  if (a.commit < 0 || b.commit < 0) {
    if (a.commit !== b.commit) return a.commit >= 0;
    return a.match.oid < b.match.oid || (a.match.oid === b.match.oid && a.match.offset < b.match.offset);
  }
  const ca = input.graph.commits[a.commit];
  const cb = input.graph.commits[b.commit];
  if (ca.authorTime !== cb.authorTime) return ca.authorTime < cb.authorTime;
  if (ca.committerTime !== cb.committerTime) return ca.committerTime < cb.committerTime;
  if (ca.oid !== cb.oid) return ca.oid < cb.oid;
  return a.match.offset < b.match.offset;
}

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.provider.localeCompare(b.provider) ||
    a.rule.localeCompare(b.rule) ||
    (a.path ?? '').localeCompare(b.path ?? '') ||
    a.line - b.line ||
    a.fingerprint.localeCompare(b.fingerprint)
  );
}
