/**
 * The incident's SUPPORT-REQUEST.md, written again after each step that learns something the host
 * asks for: `rewrite --apply` (first changed commits, orphaned LFS objects), `rewrite --push` (the
 * remote's pull-request refs) and `rewrite --verify-remote` (the refs that still hold a secret).
 * Facts of another plan (an older attempt) are never mixed in: each artifact names its plan.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Repository } from '../git/repo.js';
import type { Incident } from '../incident/incident.js';
import type { RewriteState } from './apply.js';
import { gitRun } from './git-cli.js';
import { classifyPullRequests } from './pull-requests.js';
import { absoluteUrl } from './remote.js';
import { renderSupportRequest, supportFactsOfPlan, type SupportFacts } from './render-support-request.js';
import type { PullRequestFacts, RewritePlan } from './types.js';

/** What `rewrite --push` saw of the remote's pull-request refs. */
export interface RemotePullRequests {
  planCreatedAt: string;
  at: string;
  pullRequests: PullRequestFacts;
}

/** The part of a remote verification the support request uses. */
export interface VerifiedRefs {
  planCreatedAt: string;
  verifiedAt: string;
  pullRequests: PullRequestFacts;
  /** Every ref of the fresh clone through which a planned secret is still reachable. */
  remainingRefs: string[];
}

export const REMOTE_PULL_REQUESTS = 'remote-pull-requests.json';
export const REMOTE_VERIFICATION = 'remote-verification.json';

function artifact<T>(incident: Incident, name: string): T | null {
  const path = incident.artifactPath(name);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** Remote name -> URL from the repository's config (relative paths made absolute). */
export function remoteUrlsOf(repo: Repository): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of gitRun(repo.gitdir, ['config', '--get-regexp', '^remote\\..*\\.url$']).stdout.split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    out[line.slice(0, space).replace(/^remote\./, '').replace(/\.url$/, '')] = absoluteUrl(line.slice(space + 1), repo.worktree ?? repo.gitdir);
  }
  return out;
}

/** The plan's own pull-request facts; a plan saved before they existed counts its pull-request refs. */
export function planPullRequests(plan: RewritePlan): PullRequestFacts {
  if (plan.pullRequests) return plan.pullRequests;
  const refs = plan.refs.filter((r) => r.kind === 'pull-request').map((r) => ({ name: r.name, oid: r.oldId }));
  return refs.length ? classifyPullRequests(refs, () => true, { source: 'mirror', remote: null }) : { source: 'none', remote: null, total: 0, affected: [], unknown: [] };
}

/** Every fact known so far for the plan in the incident, best source first. */
export function supportFacts(incident: Incident): { plan: RewritePlan; facts: SupportFacts } | null {
  const plan = artifact<RewritePlan>(incident, 'rewrite-plan.json');
  if (!plan) return null;
  const facts: SupportFacts = { ...supportFactsOfPlan({ ...plan, lfs: plan.lfs ?? { inUse: false, orphanCandidates: [] } }), pullRequests: planPullRequests(plan) };
  const state = artifact<RewriteState>(incident, 'rewrite-state.json');
  if (state?.planCreatedAt === plan.createdAt && state.sensitiveData) {
    const sd = state.sensitiveData;
    Object.assign(facts, { firstChangedCommits: sd.firstChangedCommits, computedBy: sd.computedBy, lfsOrphans: sd.lfsOrphans, lfsExact: true, lfsInUse: facts.lfsInUse || sd.lfsOrphans.length > 0 });
  }
  const pushed = artifact<RemotePullRequests>(incident, REMOTE_PULL_REQUESTS);
  if (pushed?.planCreatedAt === plan.createdAt) facts.pullRequests = pushed.pullRequests;
  const verified = artifact<VerifiedRefs>(incident, REMOTE_VERIFICATION);
  if (verified?.planCreatedAt === plan.createdAt) {
    facts.pullRequests = verified.pullRequests;
    facts.verified = { at: verified.verifiedAt, refs: verified.remainingRefs };
  }
  return { plan, facts };
}

/** Writes the incident's SUPPORT-REQUEST.md from everything known now; returns its path (null: no plan). */
export function refreshSupportRequest(incident: Incident, repo: Repository): string | null {
  const known = supportFacts(incident);
  if (!known) return null;
  return incident.writeArtifact('SUPPORT-REQUEST.md', renderSupportRequest(known.plan, remoteUrlsOf(repo), known.facts));
}
