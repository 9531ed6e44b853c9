/**
 * SUPPORT-REQUEST.md: what a push cannot do, written to send to the host. GitHub (and GitLab, and
 * Bitbucket) keep pull-request refs and cached views of the old commits; only their support can purge
 * them, and they ask for exactly these facts: the repository, the affected pull requests, the first
 * changed commits, orphaned LFS objects, and that every other ref is clean. Redacted text only; every
 * value from the repository is a code span or escaped.
 */
import { codeSpan } from '../report/markdown.js';
import { redactUrl } from './prepare.js';
import type { RewritePlan } from './types.js';

/** Pull-request numbers from the refs this clone knows (`refs/pull/12/head`, `refs/merge-requests/3/head`). */
function pullRequests(plan: RewritePlan): { numbers: number[]; refs: string[] } {
  const refs = plan.refs.filter((r) => r.kind === 'pull-request').map((r) => r.name);
  const numbers = [...new Set(refs.map((r) => /\/(\d+)(?:\/|$)/.exec(r)?.[1]).filter((n): n is string => n !== undefined).map(Number))].sort((a, b) => a - b);
  return { numbers, refs };
}

export function renderSupportRequest(plan: RewritePlan, remoteUrls: Record<string, string>): string {
  const { numbers, refs } = pullRequests(plan);
  // A remote URL may carry a token (https://user:token@host): never into a file meant to be sent.
  const remote = redactUrl(remoteUrls.origin ?? Object.values(remoteUrls)[0] ?? plan.repository);
  const prList = numbers.length ? numbers.map((n) => `#${n}`).join(', ') : 'none known to this clone';
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
    `- Pull requests whose refs still hold the old commits: ${numbers.length} (${prList}).`,
    ...(refs.length ? refs.slice(0, 100).map((r) => `  - ${codeSpan(r)}`) : [
      '  This clone has no pull-request refs: list them with `git ls-remote origin \'refs/pull/*\'` (a `git clone --mirror` has them all).',
    ]),
    `- First changed commits (their old ids; everything after them was rewritten): ${plan.earliestCommits.map(codeSpan).join(', ') || 'none'}.`,
    `- Commits rewritten in all: ${plan.rewrittenCommits.length}.`,
    '- Orphaned Git LFS objects: if the repository uses LFS and a removed file was stored there, list them with',
    '  `git lfs ls-files --all` in a clone made before the rewrite; the host must delete them too.',
    '- Cached views of the old commits (commit pages, diffs, compare views) and any cached archives.',
    '',
    'All other refs are clean: a fresh clone was scanned after the push (`spillkit rewrite --verify-remote`',
    'where available). Forks and collaborators have been told to delete or re-clone their copies.',
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
