/**
 * The responder's own clone after `rewrite --push`: its branches, tags and remote-tracking refs still
 * point at the old commits, git says it "is up to date with origin/main", and the next `git pull` merges
 * the secret back into the rewritten history. `planCloneReset` finds that (read-only); `resetClone`
 * moves every such ref to its rewritten commit, keeps uncommitted work where it is, and prunes the old
 * objects. It refuses, changing nothing, whenever that would lose anything: commits made after the
 * rewrite was planned, uncommitted changes to a file the rewrite changed.
 */
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SpillkitError } from '../errors.js';
import { openRepository, type Repository } from '../git/repo.js';
import type { Incident } from '../incident/incident.js';
import { openStore } from '../incident/store.js';
import type { RewriteState } from './apply.js';
import { firstLine, git, gitRun } from './git-cli.js';
import { absoluteUrl, redactUrl } from './prepare.js';
import type { RefMove } from './push.js';
import type { RewritePlan } from './types.js';
import { renderCollaboratorCommands } from './collaborators.js';
import { shellQuote } from '../report/shell-text.js';
import { readCommitMap } from './verify.js';

/** Where the rewritten objects are fetched to, for the moment of the reset. */
const TEMP_NAMESPACE = 'refs/spillkit-reset/';

export interface CloneResetPlan {
  repo: Repository;
  incident: Incident;
  state: RewriteState;
  /** Local refs still at an old commit, each with its rewritten id. */
  moves: RefMove[];
  /** HEAD's own move (its branch, or a detached HEAD); null when HEAD is not at old history. */
  head: { ref: string | null; oldId: string; newId: string } | null;
  /** Worktree files the rewrite removes at HEAD: kept where they are, as untracked files. */
  keep: string[];
  /** Why the reset would lose something; nothing is done while any is left. */
  refusals: string[];
  /** Stash entries below the top one: their reflog keeps old objects alive (never dropped for you). */
  olderStashEntries: number;
  /** The remote the rewrite was pushed to, credentials redacted, for the collaborators' commands. */
  remoteUrl: string | null;
  /** The earliest commits the rewrite changed (old ids): what no ref may reach afterwards. */
  earliest: string[];
}

export interface CloneResetResult {
  moved: RefMove[];
  kept: string[];
  /** The old commits are gone from this clone's object database. */
  pruned: boolean;
  olderStashEntries: number;
}

/** Reads what a reset would do; changes nothing. SpillkitError('USAGE') when there is no rewrite to reset to. */
export function planCloneReset(opts: { path: string }): CloneResetPlan {
  const repo = openRepository(opts.path);
  const { incident, state } = rewriteOf(repo);
  if (!existsSync(state.mirror)) {
    throw new SpillkitError('USAGE', `the rewritten mirror ${state.mirror} is gone: re-clone from the remote instead (git clone URL), then delete this clone`);
  }
  const commitMap = readCommitMap(state.mirror);
  const byName = new Map(state.refs.map((r) => [r.name, r]));
  const local = refsOf(repo.gitdir);
  const moves: RefMove[] = [];
  for (const [ref, id] of local) {
    const recorded = byName.get(ref);
    const newId = recorded && recorded.oldId === id ? recorded.newId : commitMap.get(id) ?? null;
    if (newId && newId !== id && !/^0+$/.test(newId)) moves.push({ ref, oldId: id, newId });
  }
  const earliest = earliestCommits(incident, commitMap);
  const refusals: string[] = [];
  const moving = new Set(moves.map((m) => m.ref));
  for (const ref of refsContaining(repo.gitdir, earliest)) {
    if (moving.has(ref) || ref === 'refs/stash') continue;
    const recorded = byName.get(ref);
    const rebase = recorded?.newId && ref.startsWith('refs/heads/') && isAncestor(repo.gitdir, recorded.oldId, local.get(ref)!)
      ? `git rebase --onto ${recorded.newId} ${recorded.oldId} ${ref.slice('refs/heads/'.length)}`
      : null;
    refusals.push(`${ref} has commits the rewrite does not cover (made after it was planned)${rebase ? `: replay them onto the rewritten history first (\`${rebase}\`)` : ': replay them onto the rewritten history by hand first (git rebase --onto)'}`);
  }
  const head = headMove(repo, moves, commitMap);
  const keep: string[] = [];
  if (head && repo.worktree) {
    const before = treeOf(repo.gitdir, head.oldId);
    const after = treeOf(state.mirror, head.newId);
    const dirty = new Set(changedPaths(repo.worktree));
    for (const [path, blob] of before) {
      const now = after.get(path);
      if (now === undefined) {
        if (existsSync(join(repo.worktree, path))) keep.push(path);
      } else if (now !== blob && dirty.has(path)) {
        refusals.push(`${path} has uncommitted changes and the rewrite changed it: save them elsewhere (git diff -- ${shellQuote(path)} > my.patch), run \`git checkout -- ${shellQuote(path)}\`, then reset`);
      }
    }
  }
  return {
    repo, incident, state, moves, head, keep, refusals,
    olderStashEntries: olderStashEntries(repo.gitdir),
    remoteUrl: remoteOf(repo),
    earliest,
  };
}

/**
 * Moves every ref of the plan to its rewritten commit (HEAD's branch with `git reset --keep`, so
 * uncommitted changes stay), puts back the files the rewrite removed, then expires the reflogs (the
 * stash's excepted) and prunes the old objects. Refuses when the plan has refusals.
 */
export function resetClone(plan: CloneResetPlan): CloneResetResult {
  if (plan.refusals.length) throw new SpillkitError('USAGE', `your clone was not reset: ${plan.refusals[0]}${plan.refusals.length > 1 ? ` (and ${plan.refusals.length - 1} more)` : ''}`);
  const { repo } = plan;
  if (plan.moves.length === 0) return { moved: [], kept: [], pruned: oldHistoryGone(repo.gitdir, plan.earliest), olderStashEntries: plan.olderStashEntries };
  const dir = repo.gitdir;
  // The rewritten objects come from the mirror (no network): the refs are fetched aside, then dropped.
  const fetched = gitRun(dir, ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', plan.state.mirror, `+refs/*:${TEMP_NAMESPACE}*`]);
  if (fetched.status !== 0) throw new SpillkitError('IO', `could not fetch the rewritten history from ${plan.state.mirror}: ${firstLine(fetched.stderr)}`);
  const kept = plan.keep.map((path) => {
    const file = join(repo.worktree!, path);
    return { path, file, bytes: readFileSync(file), mode: statSync(file).mode & 0o777 };
  });
  try {
    if (plan.head && repo.worktree) {
      const r = gitRun(repo.worktree, ['reset', '--quiet', '--keep', plan.head.newId]);
      if (r.status !== 0) throw new SpillkitError('USAGE', `your clone was not reset: git reset --keep refused (${firstLine(r.stderr)}); nothing changed`);
    }
    const others = plan.moves.filter((m) => !(plan.head && repo.worktree && m.ref === plan.head.ref));
    if (others.length) {
      // One transaction: every ref moves, only from the id the plan saw, or none does.
      const input = ['start', ...others.map((m) => `update ${m.ref} ${m.newId} ${m.oldId}`), 'prepare', 'commit', ''].join('\n');
      const r = gitRun(dir, ['update-ref', '--stdin'], { input });
      if (r.status !== 0) throw new SpillkitError('IO', `could not move the refs (${firstLine(r.stderr)}); HEAD ${plan.head ? `is at ${plan.head.newId}` : 'did not move'}`);
    }
  } finally {
    for (const k of kept) {
      if (existsSync(k.file)) continue;
      mkdirSync(dirname(k.file), { recursive: true });
      writeFileSync(k.file, k.bytes, { mode: k.mode });
    }
    dropTempRefs(dir);
  }
  // Moving the stash pushed its old top down to stash@{1}: the same stash, old history. Drop that entry
  // (never an older stash of the user's: those stay, and are reported).
  const stash = plan.moves.find((m) => m.ref === 'refs/stash');
  if (stash && gitRun(dir, ['rev-parse', '-q', '--verify', 'refs/stash@{1}']).stdout.trim() === stash.oldId) {
    git(dir, ['reflog', 'delete', '--rewrite', 'refs/stash@{1}']);
  }
  // Every reflog but the stash's (older stashes are the user's work): they would keep the old commits alive.
  const reflogs = ['HEAD', ...refsOf(dir).keys()].filter((r) => r !== 'refs/stash' && gitRun(dir, ['reflog', 'exists', r]).status === 0);
  if (reflogs.length) git(dir, ['reflog', 'expire', '--expire=now', '--expire-unreachable=now', ...reflogs]);
  git(dir, ['gc', '--quiet', '--prune=now']);
  return { moved: plan.moves, kept: plan.keep, pruned: oldHistoryGone(dir, plan.earliest), olderStashEntries: plan.olderStashEntries };
}

/** Writes COLLABORATORS.md into the incident (the commands everyone else runs); returns its path. */
export function writeCollaboratorCommands(plan: CloneResetPlan): string {
  return plan.incident.writeArtifact('COLLABORATORS.md', renderCollaboratorCommands({ state: plan.state, remoteUrl: plan.remoteUrl, earliest: plan.earliest }));
}

/** The incident holding the last applied rewrite: the open one, else the most recent with a rewrite. */
function rewriteOf(repo: Repository): { incident: Incident; state: RewriteState } {
  if (!existsSync(join(repo.commondir, 'spillkit'))) throw noRewrite();
  const store = openStore(repo.commondir);
  const candidates = [store.openIncidentOf(), ...store.listIncidents().reverse().map((m) => store.openIncident(m.id))];
  for (const incident of candidates) {
    const path = incident?.artifactPath('rewrite-state.json');
    if (!incident || !path || !existsSync(path)) continue;
    const state = JSON.parse(readFileSync(path, 'utf8')) as RewriteState;
    if (!state.verified) throw new SpillkitError('USAGE', `the rewrite in ${state.mirror} failed verification: nothing to reset to (fix the plan and apply again)`);
    return { incident, state };
  }
  throw noRewrite();
}

function noRewrite(): SpillkitError {
  return new SpillkitError('USAGE', 'no rewritten history to reset to: run `spillkit rewrite --apply`, then `--push`, first');
}

function refsOf(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  // Symbolic refs (refs/remotes/origin/HEAD) move with the ref they name.
  const r = git(dir, ['for-each-ref', '--format=%(objectname) %(symref)%00%(refname)']);
  for (const line of r.split('\n')) {
    const [head, name] = line.split('\0');
    const [id, symref] = (head ?? '').split(' ');
    if (id && name && !symref && !name.startsWith(TEMP_NAMESPACE)) out.set(name, id);
  }
  return out;
}

function refsContaining(dir: string, commits: string[]): string[] {
  const present = commits.filter((c) => gitRun(dir, ['cat-file', '-e', `${c}^{commit}`]).status === 0);
  if (!present.length) return [];
  const r = gitRun(dir, ['for-each-ref', '--format=%(refname)', ...present.flatMap((c) => ['--contains', c])]);
  return r.stdout.split('\n').filter((l) => l && !l.startsWith(TEMP_NAMESPACE));
}

/** The earliest changed commits from the plan, else every changed commit of the commit-map. */
function earliestCommits(incident: Incident, commitMap: Map<string, string>): string[] {
  const planFile = incident.artifactPath('rewrite-plan.json');
  if (existsSync(planFile)) {
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as Partial<RewritePlan>;
    if (Array.isArray(plan.earliestCommits) && plan.earliestCommits.length) return plan.earliestCommits;
  }
  return [...commitMap].filter(([a, b]) => a !== b).map(([a]) => a);
}

function headMove(repo: Repository, moves: RefMove[], commitMap: Map<string, string>): CloneResetPlan['head'] {
  const symbolic = gitRun(repo.gitdir, ['symbolic-ref', '-q', 'HEAD']);
  const ref = symbolic.status === 0 ? symbolic.stdout.trim() : null;
  if (ref) {
    const move = moves.find((m) => m.ref === ref);
    return move ? { ref, oldId: move.oldId, newId: move.newId } : null;
  }
  const id = gitRun(repo.gitdir, ['rev-parse', '-q', '--verify', 'HEAD']).stdout.trim();
  const newId = commitMap.get(id);
  return id && newId && newId !== id ? { ref: null, oldId: id, newId } : null;
}

/** path -> blob id of every file of a commit's tree. */
function treeOf(dir: string, commit: string): Map<string, string> {
  const out = new Map<string, string>();
  const r = git(dir, ['ls-tree', '-r', '-z', '--full-tree', commit]);
  for (const entry of r.split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    out.set(entry.slice(tab + 1), entry.slice(0, tab).split(' ')[2]!);
  }
  return out;
}

/** Paths with staged or unstaged changes (untracked files excluded: a reset never touches them). */
function changedPaths(worktree: string): string[] {
  const r = git(worktree, ['status', '--porcelain=v1', '-z', '--untracked-files=no']);
  const out: string[] = [];
  const parts = r.split('\0');
  for (let i = 0; i < parts.length; i++) {
    const entry = parts[i]!;
    if (entry.length < 4) continue;
    out.push(entry.slice(3));
    if (entry[0] === 'R' || entry[0] === 'C') i++; // a rename's source path follows
  }
  return out;
}

function isAncestor(dir: string, a: string, b: string): boolean {
  return gitRun(dir, ['merge-base', '--is-ancestor', a, b]).status === 0;
}

function olderStashEntries(dir: string): number {
  const r = gitRun(dir, ['reflog', 'show', '--format=%H', 'refs/stash', '--']);
  if (r.status !== 0) return 0;
  return Math.max(r.stdout.split('\n').filter(Boolean).length - 1, 0);
}

function oldHistoryGone(dir: string, earliest: string[]): boolean {
  return earliest.every((c) => gitRun(dir, ['cat-file', '-e', `${c}^{commit}`]).status !== 0);
}

function dropTempRefs(dir: string): void {
  const names = gitRun(dir, ['for-each-ref', '--format=%(refname)', TEMP_NAMESPACE]).stdout.split('\n').filter(Boolean);
  if (names.length) gitRun(dir, ['update-ref', '--stdin'], { input: names.map((n) => `delete ${n}`).join('\n') + '\n' });
}

function remoteOf(repo: Repository): string | null {
  const r = gitRun(repo.gitdir, ['config', '--get', 'remote.origin.url']);
  return r.status === 0 && r.stdout.trim() ? redactUrl(absoluteUrl(r.stdout.trim(), repo.worktree ?? repo.gitdir)) : null;
}
