import { existsSync, readFileSync } from 'node:fs';
import { SpillkitError } from '../errors.js';
import { openRepository } from '../git/repo.js';
import type { Incident } from '../incident/incident.js';
import { openStore } from '../incident/store.js';
import type { RewriteState } from './apply.js';
import { firstLine, gitRun } from './git-cli.js';
import { absoluteUrl, redactUrl } from './prepare.js';
import { refKind } from './refs-plan.js';
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

  const remote = opts.remote ?? 'origin';
  const configured = gitRun(repo.gitdir, ['config', '--get', `remote.${remote}.url`]);
  let url: string;
  if (configured.status === 0 && configured.stdout.trim()) url = absoluteUrl(configured.stdout.trim(), repo.worktree ?? repo.gitdir);
  else if (repo.bare && opts.remote === undefined && !gitRun(repo.gitdir, ['remote']).stdout.trim()) url = repo.gitdir;
  else throw new SpillkitError('USAGE', `the repository has no remote named ${remote} (use --remote NAME)`);

  const listed = gitRun(state.mirror, ['ls-remote', url]);
  if (listed.status !== 0) throw new SpillkitError('IO', `cannot list the refs of ${redactUrl(url)}: ${firstLine(listed.stderr)}`);
  const byName = new Map(state.refs.map((r) => [r.name, r]));
  const commitMap = readCommitMap(state.mirror);
  const moves: RefMove[] = [];
  const hostRefs: string[] = [];
  const unknown: string[] = [];
  for (const line of listed.stdout.split('\n')) {
    const [oldId, ref] = line.split('\t');
    if (!oldId || !ref || ref === 'HEAD' || ref.endsWith('^{}')) continue;
    if (refKind(ref) === 'pull-request') {
      hostRefs.push(ref);
      continue;
    }
    const tracking = ref.startsWith('refs/heads/') ? byName.get(`refs/remotes/${remote}/${ref.slice(11)}`) : undefined;
    const same = [byName.get(ref), tracking].find((r) => r && r.oldId === oldId);
    const newId = same ? same.newId : commitMap.get(oldId) ?? null;
    if (newId === null && !same) {
      unknown.push(ref);
      continue;
    }
    if (newId === null) throw new SpillkitError('USAGE', `${ref} has no rewritten counterpart in the mirror; nothing pushed`);
    if (newId !== oldId) moves.push({ ref, oldId, newId });
  }
  if (unknown.length) {
    throw new SpillkitError('USAGE', `${redactUrl(url)} has ${unknown.length} ref(s) at commits the scanned repository does not have (first: ${unknown[0]}): someone pushed since; fetch, scan and apply again`, { refs: unknown });
  }
  return { incident, state, remote, url, shownUrl: redactUrl(url), moves, hostRefs };
}

/** One atomic push: every lease holds and every ref moves, or nothing changes on the remote. */
export function runPush(plan: PushPlan): void {
  const journal = plan.incident.journal();
  if (!plan.moves.length) {
    journal.append({ type: 'rewrite-push-skipped', step: 'rewrite', data: { remote: plan.shownUrl, reason: 'nothing to move' } });
    return;
  }
  const args = ['push', '--atomic', '--porcelain', plan.url, ...plan.moves.map((m) => `--force-with-lease=${m.ref}:${m.oldId}`), ...plan.moves.map((m) => `${m.newId}:${m.ref}`)];
  journal.append({ type: 'rewrite-push-started', step: 'rewrite', data: { remote: plan.shownUrl, moves: plan.moves } });
  const r = gitRun(plan.state.mirror, args);
  if (r.status !== 0) {
    const why = r.stdout.split('\n').find((l) => l.startsWith('!')) ?? firstLine(r.stderr);
    journal.append({ type: 'rewrite-push-failed', step: 'rewrite', data: { remote: plan.shownUrl, reason: why } });
    throw new SpillkitError('IO', `push to ${plan.shownUrl} refused, nothing changed there: ${why}`);
  }
  journal.append({ type: 'rewrite-pushed', step: 'rewrite', data: { remote: plan.shownUrl, moves: plan.moves, hostRefs: plan.hostRefs } });
}
