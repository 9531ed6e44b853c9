import { existsSync, readFileSync } from 'node:fs';
import { SpillkitError } from '../errors.js';
import { openRepository, type Repository } from '../git/repo.js';
import type { Incident } from '../incident/incident.js';
import { openStore } from '../incident/store.js';
import type { RewriteState } from './apply.js';
import { firstLine, gitRun } from './git-cli.js';
import { classifyPullRequests, pullRequestNumber } from './pull-requests.js';
import { refKind } from './refs-plan.js';
import { lsRemote, redactUrls, resolveRemote } from './remote.js';
import { describeMoved, replanCommands, type MovedRef } from './replan.js';
import { REMOTE_PULL_REQUESTS, refreshSupportRequest, type RemotePullRequests } from './support-file.js';
import type { PullRequestFacts, RewritePlan } from './types.js';
import { readCommitMap } from './verify.js';

export interface RefMove {
  ref: string;
  oldId: string;
  newId: string;
}

export interface PushPlan {
  incident: Incident;
  state: RewriteState;
  remote: string;
  /** Where the push goes, credentials redacted (for display and the journal). */
  shownUrl: string;
  url: string;
  moves: RefMove[];
  /** Remote refs no push can change (pull-request refs): a host step. */
  hostRefs: string[];
  /** Remote refs already at their rewritten id (an earlier push got them there): nothing to do. */
  alreadyPushed: string[];
  /** The remote's pull requests the push leaves showing broken diffs (their refs hold old commits). */
  pullRequests: PullRequestFacts;
  /** Signed commits (old ids) and signed tags whose signatures the rewrite dropped, from the plan. */
  signaturesLost: { commits: string[]; tags: string[] };
  /** The commands that re-plan from a fresh fetch, should the remote move before the push lands. */
  replan: string[];
  repo: Repository;
  planCreatedAt: string | null;
}

/** What happened to one ref of a push. */
export interface RefPushResult {
  ref: string;
  status: 'pushed' | 'rejected';
  /** The remote's words (`stale info`, `pre-receive hook declined`...). */
  reason?: string;
  /** What to do about it. */
  hint?: string;
  /** A failed lease: where the ref was at the scan and where the remote has it now. */
  moved?: MovedRef;
}

/**
 * Which refs of the remote move from which old id to which new id, computed against what the remote
 * has right now (`git ls-remote`): a remote ref the mirror has (by name, or through the remote-tracking
 * ref of the same branch) takes its rewritten id; any other is mapped through the commit-map. A remote
 * ref at an id the scanned repository never had means someone pushed since: refuse, scan again.
 */
export function planPush(opts: { path: string; remote?: string }): PushPlan {
  const repo = openRepository(opts.path);
  const storeRoot = `${repo.commondir}/spillkit`;
  if (!existsSync(storeRoot)) throw new SpillkitError('USAGE', 'no rewrite to push: run `spillkit rewrite --apply` first');
  const store = openStore(repo.commondir);
  const incident = store.openIncidentOf();
  const statePath = incident?.artifactPath('rewrite-state.json');
  if (!incident || !statePath || !existsSync(statePath)) throw new SpillkitError('USAGE', 'no rewrite to push in the open incident: run `spillkit rewrite --apply` first');
  const state = JSON.parse(readFileSync(statePath, 'utf8')) as RewriteState;
  if (!state.verified) throw new SpillkitError('USAGE', `the rewrite in ${state.mirror} failed verification (see verification.json): fix the plan and apply again; nothing pushed`);
  if (!existsSync(state.mirror)) throw new SpillkitError('USAGE', `the rewritten mirror ${state.mirror} is gone: run \`spillkit rewrite --apply\` again`);

  const remote = resolveRemote(repo, opts.remote);
  const url = remote.url;
  const listed = lsRemote(state.mirror, remote);
  const byName = new Map(state.refs.map((r) => [r.name, r]));
  const commitMap = readCommitMap(state.mirror);
  const moves: RefMove[] = [];
  const hostRefs: string[] = [];
  const unknown: MovedRef[] = [];
  const alreadyPushed: string[] = [];
  // Ids the rewrite made: a remote ref at one of them was pushed by an earlier (partial) run.
  const rewritten = new Set([...state.refs.map((r) => r.newId), ...commitMap.values()]);
  const pullRefs: Array<{ name: string; oid: string }> = [];
  for (const { name: ref, oid: oldId } of listed) {
    if (ref === 'HEAD') continue;
    if (refKind(ref) === 'pull-request') {
      hostRefs.push(ref);
      if (pullRequestNumber(ref) !== null) pullRefs.push({ name: ref, oid: oldId });
      continue;
    }
    const tracking = ref.startsWith('refs/heads/') ? byName.get(`refs/remotes/${remote.name}/${ref.slice(11)}`) : undefined;
    const same = [byName.get(ref), tracking].find((r) => r && r.oldId === oldId);
    const newId = same ? same.newId : commitMap.get(oldId) ?? null;
    if (newId === null && !same) {
      if (rewritten.has(oldId)) alreadyPushed.push(ref);
      else unknown.push({ ref, expected: (byName.get(ref) ?? tracking)?.oldId ?? null, found: oldId });
      continue;
    }
    if (newId === null) throw new SpillkitError('USAGE', `${ref} has no rewritten counterpart in the mirror; nothing pushed`);
    if (newId !== oldId) moves.push({ ref, oldId, newId });
  }
  const replan = replanCommands(repo, remote.name);
  if (unknown.length) throw remoteMoved(remote.shownUrl, unknown, replan);
  // A pull request's head is affected when it is an old commit the rewrite changed; one the scanned
  // repository never had (a fork's commits) may descend from one: unknown.
  const pullRequests = classifyPullRequests(pullRefs, (oid) => {
    const mapped = commitMap.get(oid);
    return mapped === undefined ? null : mapped !== oid;
  }, { source: 'ls-remote', remote: remote.name });
  const plan = readPlan(incident);
  return {
    incident, state, remote: remote.name, url, shownUrl: remote.shownUrl, moves, hostRefs, alreadyPushed, pullRequests,
    signaturesLost: { commits: plan?.signedCommits ?? [], tags: plan?.signedTags ?? [] }, replan, repo, planCreatedAt: plan?.createdAt ?? null,
  };
}

function readPlan(incident: Incident): RewritePlan | null {
  const path = incident.artifactPath('rewrite-plan.json');
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RewritePlan;
  } catch {
    return null;
  }
}

/**
 * The remote moved since the scan: which refs, from what to what, and the commands that re-plan.
 * Nothing is pushed, nothing forced.
 */
export function remoteMoved(shownUrl: string, moved: MovedRef[], replan: string[]): SpillkitError {
  const shown = describeMoved(moved);
  return new SpillkitError(
    'USAGE',
    `${shownUrl} moved since the scan: ${shown.slice(0, 3).join('; ')}${moved.length > 3 ? `; and ${moved.length - 3} more` : ''}. Nothing pushed, nothing forced. Re-plan from a fresh fetch: ${replan.join(' && ')}`,
    { moved, replan },
  );
}

/** Why the remote refused a ref, and what the responder does next. */
function hintFor(ref: string, reason: string): string {
  if (/stale info|fetch first/i.test(reason)) {
    return 'the remote moved since the scan (its lease failed): fetch, scan and apply again; it is never forced';
  }
  if (/hook declined|protected|denied|not allowed|forbidden/i.test(reason)) {
    const what = ref.startsWith('refs/tags/') ? 'tag' : 'branch';
    return `the host protects this ${what}: allow force-pushes on ${ref.replace(/^refs\/(heads|tags)\//, '')} for the push only ` +
      `(GitHub: Settings → Rules or Branches, allow force pushes; GitLab: Settings → Repository → Protected ${what === 'tag' ? 'tags' : 'branches'}), ` +
      'run `spillkit rewrite --push` again (refs already pushed are kept), then restore the protection';
  }
  return 'see the remote\'s message; refs already pushed are kept, so `spillkit rewrite --push` resumes with the rest';
}

/** `git push --porcelain` lines: flag, from:to, summary. Refs it does not mention were not pushed. */
function parsePorcelain(stdout: string): Map<string, { ok: boolean; summary: string }> {
  const results = new Map<string, { ok: boolean; summary: string }>();
  for (const line of stdout.split('\n')) {
    const m = /^([ +\-*!=])\t([^\t]*)\t(.*)$/.exec(line);
    if (!m) continue;
    const to = m[2]!.slice(m[2]!.lastIndexOf(':') + 1);
    results.set(to, { ok: m[1] !== '!', summary: m[3]! });
  }
  return results;
}

/**
 * One leased push per ref, in one `git push`: a lease that fails or a protected branch rejects only its
 * own ref, the others move, and each ref's result is journaled. A later run resumes: refs already at
 * their rewritten id are skipped by planPush. Returns what happened to each ref.
 */
export function runPush(plan: PushPlan): RefPushResult[] {
  const journal = plan.incident.journal();
  if (!plan.moves.length) {
    journal.append({ type: 'rewrite-push-skipped', step: 'rewrite', data: { remote: plan.shownUrl, reason: 'nothing to move' } });
    return [];
  }
  journal.append({ type: 'rewrite-push-started', step: 'rewrite', data: { remote: plan.shownUrl, moves: plan.moves } });
  let results = pushMoves(plan, plan.moves);
  // A pre-receive hook refuses a whole push for one protected ref: push the refused refs one by one,
  // so each is refused (or moves) on its own account.
  const refused = results.filter((x) => x.status === 'rejected' && /pre-receive/i.test(x.reason ?? ''));
  if (refused.length > 1) {
    const again = new Map(refused.map((x) => [x.ref, pushMoves(plan, plan.moves.filter((m) => m.ref === x.ref))[0]!]));
    results = results.map((x) => again.get(x.ref) ?? x);
  }
  results = explainFailedLeases(plan, results);
  for (const result of results) journal.append({ type: 'rewrite-push-ref', step: 'rewrite', data: { remote: plan.shownUrl, ...result } });
  const rejected = results.filter((x) => x.status === 'rejected');
  if (rejected.length) {
    journal.append({ type: 'rewrite-push-failed', step: 'rewrite', data: { remote: plan.shownUrl, pushed: results.length - rejected.length, rejected: rejected.map((x) => x.ref) } });
  } else {
    journal.append({ type: 'rewrite-pushed', step: 'rewrite', data: { remote: plan.shownUrl, moves: plan.moves, hostRefs: plan.hostRefs, pullRequests: plan.pullRequests.affected.map((e) => e.number) } });
  }
  recordPullRequests(plan);
  return results;
}

/** The remote's pull requests as this push saw them, for SUPPORT-REQUEST.md (rewritten in the incident). */
function recordPullRequests(plan: PushPlan): void {
  if (plan.planCreatedAt === null) return;
  const record: RemotePullRequests = { planCreatedAt: plan.planCreatedAt, at: new Date().toISOString(), pullRequests: plan.pullRequests };
  plan.incident.writeArtifact(REMOTE_PULL_REQUESTS, JSON.stringify(record, null, 2) + '\n');
  refreshSupportRequest(plan.incident, plan.repo);
}

/**
 * A lease that failed means the ref moved between our listing and the push. Ask the remote once more
 * where each such ref is now, so the refusal names the move and the re-plan commands, never a force.
 */
function explainFailedLeases(plan: PushPlan, results: RefPushResult[]): RefPushResult[] {
  const stale = results.filter((x) => x.status === 'rejected' && /stale info|fetch first/i.test(x.reason ?? ''));
  if (!stale.length) return results;
  let now: Map<string, string>;
  try {
    now = new Map(lsRemote(plan.state.mirror, { name: plan.remote, url: plan.url, shownUrl: plan.shownUrl }).map((r) => [r.name, r.oid]));
  } catch {
    return results;
  }
  const moved = new Map(stale.map((x) => {
    const move = plan.moves.find((m) => m.ref === x.ref)!;
    return [x.ref, { ref: x.ref, expected: move.oldId, found: now.get(x.ref) ?? null }];
  }));
  return results.map((x) => {
    const m = moved.get(x.ref);
    if (!m) return x;
    return { ...x, moved: m, reason: `${x.reason}: the remote moved since the scan, ${describeMoved([m])[0]}`, hint: `nothing was forced; re-plan from a fresh fetch: ${plan.replan.join(' && ')}` };
  });
}

/** One `git push --porcelain` of `moves`, each with its lease; the result of each ref. */
function pushMoves(plan: PushPlan, moves: RefMove[]): RefPushResult[] {
  const args = ['push', '--porcelain', plan.url, ...moves.map((m) => `--force-with-lease=${m.ref}:${m.oldId}`), ...moves.map((m) => `${m.newId}:${m.ref}`)];
  const r = gitRun(plan.state.mirror, args);
  const lines = parsePorcelain(r.stdout);
  return moves.map((m) => {
    const line = lines.get(m.ref);
    if (line?.ok) return { ref: m.ref, status: 'pushed' };
    const reason = line?.summary.replace(/^\[[^\]]*\]\s*/, '').replace(/^\((.*)\)$/, '$1') || redactUrls(firstLine(r.stderr)) || 'not pushed';
    // The host's own words (GitHub's GH006 "Protected branch update failed") say more than the hook's.
    const said = r.stderr.split('\n').map((l) => l.replace(/^remote:\s*/, '').trim()).find((l) => /protected|GH006|denied|not allowed/i.test(l));
    const full = said && !reason.includes(said) ? `${reason}: ${said}` : reason;
    return { ref: m.ref, status: 'rejected', reason: full, hint: hintFor(m.ref, full) };
  });
}

/** The error a caller raises when some refs were rejected: how many moved, the first refusal and its fix. */
export function pushRefusal(plan: PushPlan, results: RefPushResult[]): SpillkitError | null {
  const rejected = results.filter((x) => x.status === 'rejected');
  if (!rejected.length) return null;
  const first = rejected[0]!;
  return new SpillkitError('IO', `${results.length - rejected.length} of ${results.length} ref(s) pushed to ${plan.shownUrl}; ${rejected.length} rejected, first ${first.ref}: ${first.reason}: ${first.hint}`);
}
