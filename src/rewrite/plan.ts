import type { ScanReport } from '../scan/finding.js';
import { filterRepoArgs, type FilterRepoSupport } from './filter-repo.js';
import { RewriteGraph } from './graph.js';
import { chooseOperation, gitignoreLine, replacementFor } from './operation.js';
import { classifyPullRequests, pullRequestList, pullRequestNumber } from './pull-requests.js';
import { refKind, refUpdates, remoteOwningRefs } from './refs-plan.js';
import type { PlannedFinding, PullRequestFacts, RepoFacts, RewritePlan } from './types.js';

export interface PlanInput {
  report: ScanReport;
  facts: RepoFacts;
  support: Pick<FilterRepoSupport, 'sensitiveDataRemoval' | 'noFetch' | 'version'>;
  now: Date;
  /** `rule` (default): `***REMOVED:<rule-id>***`; `plain`: `***REMOVED***`. */
  replacementStyle?: 'rule' | 'plain';
}

/**
 * The history-cleanup plan, as a pure function of the findings and the repository's facts: no file is
 * read or written here, so the plan can be printed (dry run), saved and applied from the same value.
 * The plan holds fingerprints, redacted hints and hashes, never a secret.
 */
export function planRewrite(input: PlanInput): RewritePlan {
  const { report, facts } = input;
  const style = input.replacementStyle ?? 'rule';
  const graph = new RewriteGraph(facts.commits);
  const warnings: string[] = [];

  const findings: PlannedFinding[] = report.findings.map((f) => {
    const { operation, reason } = chooseOperation(f);
    return {
      fingerprint: f.fingerprint, rule: f.rule, source: f.source, path: f.path, redacted: f.redacted,
      secretHash: f.secretHash, commit: f.commit, operation, replacement: replacementFor(f.rule, style), reason,
    };
  });

  const removePaths = [...new Set(findings.filter((f) => f.operation === 'remove-file').map((f) => f.path!))].sort();
  // Removed files' secrets are replaced too: a copy under another name (or on an allowlisted path) must go.
  const replaceText = findings.some((f) => f.operation === 'replace-text' || f.operation === 'remove-file');
  const replaceMessages = findings.some((f) => f.operation === 'replace-message');

  const roots = new Set<string>();
  for (const p of removePaths) for (const t of facts.pathTouches[p] ?? []) if (t.blob !== null) roots.add(t.commit);
  for (const f of report.findings) {
    const op = findings.find((x) => x.fingerprint === f.fingerprint)!.operation;
    if (op === 'out-of-reach' || f.commit === null) continue;
    if (op === 'replace-message' && f.source === 'tag-message') continue; // the tag object changes, not its commit
    roots.add(f.commit);
    // The same version of the file on a branch that does not descend from the introducing commit.
    if (op === 'replace-text' && f.path) for (const t of facts.pathTouches[f.path] ?? []) if (t.blob === f.blob) roots.add(t.commit);
  }
  const rewritten = graph.descendantsOf(roots);

  const taggedSecrets = new Set(report.findings.filter((f) => f.source === 'tag-message' && f.reachable).map((f) => f.blob));
  const changedRefs = facts.refs.filter((r) => {
    const tip = facts.peeled[r.name];
    return (tip !== undefined && rewritten.has(tip)) || taggedSecrets.has(r.oid);
  });
  const refs = refUpdates(changedRefs, facts);

  const signedCommits = facts.commits.filter((c) => c.signed && rewritten.has(c.id)).map((c) => c.id).sort();
  const signedTags = changedRefs.filter((r) => facts.annotatedTags[r.name]?.signed).map((r) => r.name);

  if (findings.some((f) => f.operation === 'out-of-reach')) {
    warnings.push('some findings are in objects no ref reaches: they are not in the mirror and no push carries them, but every clone that has them must run `git reflog expire --expire=now --all && git gc --prune=now`');
  }
  if (refs.some((r) => r.kind === 'stash-entry')) warnings.push('stash entries below refs/stash are dropped by the rewrite (see the refs table)');
  if (refs.some((r) => r.kind === 'notes')) warnings.push('git-filter-repo does not move notes to the new commit ids: re-add notes you need after the rewrite');
  if (signedCommits.length || signedTags.length) warnings.push('rewritten signed commits and tags lose their signatures; re-sign tags you publish');
  const pullRequests = pullRequestsOf(facts, rewritten, graph);
  if (refs.some((r) => refKind(r.name) === 'pull-request') || pullRequests.affected.length) warnings.push('pull-request refs cannot be pushed: the host must purge them');
  if (pullRequests.affected.length) {
    warnings.push(`${pullRequests.affected.length} pull request(s) (${pullRequestList(pullRequests.affected)}) will show broken diffs after the push and keep serving the old commits until the host purges them`);
  }
  if (pullRequests.unknown.length) {
    warnings.push(`${pullRequests.unknown.length} pull request(s) (${pullRequestList(pullRequests.unknown)}) have heads this clone never fetched: they may hold the old commits too`);
  }
  const lfsOrphans = [...new Set(removePaths.flatMap((p) => (facts.pathTouches[p] ?? []).map((t) => (t.blob === null ? undefined : facts.lfsPointers[t.blob]))).filter((x): x is string => x !== undefined))].sort();
  const lfsInUse = facts.lfsInUse || lfsOrphans.length > 0;
  if (lfsOrphans.length) warnings.push(`${lfsOrphans.length} Git LFS object(s) are pointed to by removed files: the host's LFS store keeps them until you ask it to delete them (SUPPORT-REQUEST.md)`);
  if (!input.support.sensitiveDataRemoval) {
    warnings.push(`git-filter-repo ${input.support.version ?? ''} has no --sensitive-data-removal (2.47+): spillkit lists the first changed commits, changed refs and orphaned LFS objects itself`.replace('  ', ' '));
  } else if (lfsInUse) {
    warnings.push('--sensitive-data-removal is left out: with --partial it fails on a repository that uses Git LFS; spillkit lists the first changed commits, changed refs and orphaned LFS objects itself');
  }
  const gitignore = removePaths.map(gitignoreLine).filter((line): line is string => line !== null);
  if (gitignore.length < removePaths.length) warnings.push('a removed file name holds a line break, which no .gitignore pattern can match: keep it out by hand');

  return {
    version: 1,
    repository: facts.repository,
    createdAt: input.now.toISOString(),
    scan: { scannedAt: report.scannedAt, findings: report.findings.length },
    findings,
    removePaths,
    gitignore,
    replaceText,
    replaceMessages,
    earliestCommits: graph.earliestIn(rewritten),
    rewrittenCommits: [...rewritten].sort(),
    refs,
    signedCommits,
    signedTags,
    pullRequests,
    lfs: { inUse: lfsInUse, orphanCandidates: lfsOrphans },
    filterRepoArgs: filterRepoArgs({ removePaths, replaceText, replaceMessages, support: input.support, lfsInUse }),
    hostSteps: hostSteps(facts),
    warnings,
  };
}

/**
 * The pull requests the rewrite breaks, from the best source there is: the remote's own list when the
 * user asked for it (`--query-remote`), else the clone's pull-request refs (a mirror has them all).
 */
function pullRequestsOf(facts: RepoFacts, rewritten: Set<string>, graph: RewriteGraph): PullRequestFacts {
  if (facts.remotePullRefs) {
    return classifyPullRequests(facts.remotePullRefs.refs, (oid) => (rewritten.has(oid) ? true : graph.has(oid) ? false : null), { source: 'ls-remote', remote: facts.remotePullRefs.remote });
  }
  const local = facts.refs.filter((r) => pullRequestNumber(r.name) !== null);
  if (!local.length) return { source: 'none', remote: null, total: 0, affected: [], unknown: [] };
  const owner = remoteOwningRefs(facts);
  return classifyPullRequests(local, (oid) => rewritten.has(oid), { source: 'mirror', remote: owner?.name ?? null });
}

function hostSteps(facts: RepoFacts): string[] {
  const urls = facts.remotes.map((r) => r.url).join(' ');
  const steps = [
    'Revoke the credential first (spillkit revoke): the rewrite does not un-leak it, anyone who cloned or fetched may still have it.',
    'Ask the host to purge cached views and pull-request refs that still show the old commits: GitHub: contact GitHub Support with the repository and the old commit ids (the earliest rewritten commits are in the summary) and ask to remove cached views and dereference pull requests; GitLab: after the push run Settings > Repository > Repository cleanup with filter-repo\'s commit-map, then housekeeping (prune unreachable objects); Bitbucket/others: open a support request.',
    'Forks keep the old history: ask owners of forks to delete or re-sync them (GitHub: forks of a public repository are not rewritten by your push).',
    'Every collaborator must re-clone (safest) or rebase their unpushed work onto the rewritten branches; a stale clone that pushes merges the secret back in.',
    'On every clone that keeps the old objects: `git reflog expire --expire=now --all && git gc --prune=now --aggressive`.',
    'CI caches, artifacts, container images and mirrors built from old commits hold the secret too: purge them.',
  ];
  if (/github/i.test(urls)) steps.splice(2, 0, 'GitHub pull requests that contained the secret keep their refs/pull/* views until GitHub Support removes them; close or recreate those pull requests.');
  return steps;
}
