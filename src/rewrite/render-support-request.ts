/**
 * SUPPORT-REQUEST.md: what a push cannot do, written to send to the host. GitHub (and GitLab, and
 * Bitbucket) keep pull-request refs and cached views of the old commits; only their support can purge
 * them, and they ask for exactly these facts: the repository, the affected pull requests, the first
 * changed commits, orphaned LFS objects, and that every other ref is clean. Redacted text only; every
 * value from the repository is a code span or escaped.
 */
import { codeSpan } from '../report/markdown.js';
import { pullRequestList } from './pull-requests.js';
import { redactUrl } from './remote.js';
import type { PullRequestFacts, RewritePlan } from './types.js';

/**
 * The facts the host asks for, from the best source each has by now: the plan (before anything ran),
 * `rewrite --apply` (git-filter-repo's `--sensitive-data-removal` output, or spillkit's own count of
 * the same), `rewrite --push` (the remote's pull-request refs) and `rewrite --verify-remote` (a fresh
 * clone: which refs still hold a planned secret).
 */
export interface SupportFacts {
  pullRequests: PullRequestFacts;
  firstChangedCommits: string[];
  /** Where the first changed commits and LFS orphans come from. */
  computedBy: 'plan' | 'git-filter-repo --sensitive-data-removal' | 'spillkit';
  lfsInUse: boolean;
  lfsOrphans: string[];
  /** False while the LFS list is the plan's candidates (another kept file may point to one). */
  lfsExact: boolean;
  /** A fresh clone of the remote after the push: when, and the refs that still hold a planned secret. */
  verified: { at: string; refs: string[] } | null;
}

export function supportFactsOfPlan(plan: RewritePlan): SupportFacts {
  return {
    pullRequests: plan.pullRequests,
    firstChangedCommits: plan.earliestCommits,
    computedBy: 'plan',
    lfsInUse: plan.lfs.inUse,
    lfsOrphans: plan.lfs.orphanCandidates,
    lfsExact: false,
    verified: null,
  };
}

const LIST_LIMIT = 100;

function pullRequestLines(pr: PullRequestFacts): string[] {
  if (pr.source === 'none') {
    return [
      '- Pull requests whose refs still hold the old commits: unknown to this clone.',
      '  List them with `git ls-remote origin \'refs/pull/*\'` (or run `spillkit plan-rewrite --query-remote`; a `git clone --mirror` has them all).',
    ];
  }
  const from = pr.source === 'clone' ? 'a fresh clone of the repository after the push' : pr.source === 'ls-remote' ? 'the refs the repository serves (git ls-remote)' : 'the mirror clone\'s pull-request refs';
  const out = [`- Pull requests whose refs still hold the old commits: ${pr.affected.length}${pr.affected.length ? ` (${pullRequestList(pr.affected, LIST_LIMIT)})` : ''}, of ${pr.total} seen in ${from}.`];
  for (const e of pr.affected.slice(0, LIST_LIMIT)) out.push(`  - #${e.number}: ${e.refs.map(codeSpan).join(', ')}`);
  if (pr.unknown.length) out.push(`- Pull requests whose head we could not check (it may hold the old commits): ${pullRequestList(pr.unknown, LIST_LIMIT)}.`);
  return out;
}

function lfsLines(facts: SupportFacts): string[] {
  if (!facts.lfsInUse && !facts.lfsOrphans.length) return ['- Git LFS: not used by this repository, nothing orphaned.'];
  if (!facts.lfsOrphans.length) return [`- Orphaned Git LFS objects: none${facts.lfsExact ? '' : ' expected (the exact list is computed when the rewrite runs)'}.`];
  const head = facts.lfsExact
    ? `- Orphaned Git LFS objects (${facts.lfsOrphans.length}; no pointer in the rewritten history names them): please delete them from LFS storage:`
    : `- Git LFS objects only removed files point to (${facts.lfsOrphans.length}; the exact list is computed when the rewrite runs): please delete them from LFS storage:`;
  return [head, ...facts.lfsOrphans.slice(0, LIST_LIMIT).map((o) => `  - ${codeSpan(o)}`), ...(facts.lfsOrphans.length > LIST_LIMIT ? [`  - … and ${facts.lfsOrphans.length - LIST_LIMIT} more`] : [])];
}

export function renderSupportRequest(plan: RewritePlan, remoteUrls: Record<string, string>, facts: SupportFacts = supportFactsOfPlan(plan)): string {
  // A remote URL may carry a token (https://user:token@host): never into a file meant to be sent.
  const remote = redactUrl(remoteUrls.origin ?? Object.values(remoteUrls)[0] ?? plan.repository);
  const out = [
    '# Request to purge sensitive data',
    '',
    'Send this after the force-push (`spillkit rewrite --push`) and after every leaked credential is revoked.',
    '',
    `Repository: ${codeSpan(remote)}`,
    '',
    'We removed leaked credentials from this repository\'s history with git-filter-repo and force-pushed every',
    'branch and tag that held them. The credentials are revoked. Please purge what a push cannot reach:',
    '',
    ...pullRequestLines(facts.pullRequests),
    `- First changed commits (their old ids; everything after them was rewritten${facts.computedBy === 'plan' ? '' : `; from ${facts.computedBy}`}): ${facts.firstChangedCommits.map(codeSpan).join(', ') || 'none'}.`,
    `- Commits rewritten in all: ${plan.rewrittenCommits.length}.`,
    ...lfsLines(facts),
    '- Cached views of the old commits (commit pages, diffs, compare views) and any cached archives.',
    '',
    ...(facts.verified
      ? [`All other refs are clean: a fresh clone of the repository, made ${facts.verified.at} after the push, was scanned and no other ref holds the removed credentials${facts.verified.refs.length ? ` (only ${facts.verified.refs.slice(0, LIST_LIMIT).map(codeSpan).join(', ')} still do)` : ''}.`]
      : ['All other refs are clean once the push is done: check with `spillkit rewrite --verify-remote`, which clones the repository', 'fresh and scans every ref it serves.']),
    'Forks and collaborators have been told to delete or re-clone their copies.',
    '',
    '## Where to send it',
    '',
    '- **GitHub**: GitHub Support (https://support.github.com/contact), "Remove sensitive data" for the repository',
    '  above, with the pull-request numbers and the first changed commits. GitHub dereferences the affected',
    '  pull requests and runs garbage collection on its side.',
    '- **GitLab**: Settings → Repository → Repository cleanup: upload `filter-repo/commit-map` from the rewritten',
    '  mirror, then Settings → General → Advanced → Housekeeping ("Run housekeeping", then "Prune unreachable',
    '  objects"). Merge request refs and cached diffs need GitLab Support on GitLab.com.',
    '- **Bitbucket**: Bitbucket Support (Cloud: support.atlassian.com) to run garbage collection and purge pull',
    '  request views; Data Center: an administrator runs `git gc --prune=now` on the repository.',
    '',
  ];
  if (plan.signedCommits.length || plan.signedTags.length) {
    out.push(`Note: ${plan.signedCommits.length} signed commit(s) and ${plan.signedTags.length} signed tag(s) lost their signatures in the rewrite.`, '');
  }
  return out.join('\n');
}
