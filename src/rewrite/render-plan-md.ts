import { codeSpan, md as mdText } from '../report/markdown.js';
import { bfgCommands, gitignoreCommands, pushCommands, remoteVar, shq } from './render-commands.js';
import { pullRequestList } from './pull-requests.js';
import { EXPRESSIONS_PLACEHOLDER, type RewritePlan } from './types.js';

const LIST_LIMIT = 200;

const OPERATION_TEXT: Record<string, string> = {
  'remove-file': 'remove file from all history',
  'replace-text': 'replace secret text',
  'replace-message': 'replace in message',
  'out-of-reach': 'none (unreachable)',
};

/**
 * PLAN.md: the plan for people. Redacted hints only: no secret, ever. Every value from the repository
 * (path, ref, remote, reason, note) is a code span or escaped text, and every command line quotes it
 * as one shell word, so a crafted name can neither reshape the page nor a command copied from it.
 */
export function renderPlanMarkdown(plan: RewritePlan): string {
  const pushes = plan.refs.filter((r) => r.action === 'force-push');
  const md: string[] = [
    `# History cleanup plan`,
    '',
    `Repository: ${codeSpan(plan.repository)}  `,
    `Plan made: ${plan.createdAt} from the scan of ${plan.scan.scannedAt} (${plan.scan.findings} finding(s)).`,
    '',
    '**Revoke first.** Rewriting history does not un-leak a credential: anyone who cloned, fetched, forked or',
    'viewed it may have it. Revoke or rotate every credential below before (or right after) this cleanup.',
    '',
    '## Summary',
    '',
    `- ${plan.findings.length} finding(s): ${count(plan, 'remove-file')} file removal(s), ${count(plan, 'replace-text')} text replacement(s), ${count(plan, 'replace-message')} message replacement(s), ${count(plan, 'out-of-reach')} out of reach`,
    `- ${plan.rewrittenCommits.length} commit(s) will be rewritten (get new ids), starting at ${plan.earliestCommits.map((c) => `\`${c.slice(0, 12)}\``).join(', ') || '-'}`,
    `- ${plan.refs.length} ref(s) change; ${pushes.length} force-push(es)`,
    `- ${plan.signedCommits.length} signed commit(s) and ${plan.signedTags.length} signed tag(s) lose their signatures`,
    `- ${pullRequestSummary(plan)}`,
    '',
    ...beforeYouPush(plan),
    '## Findings',
    '',
    '| fingerprint | rule | where | secret (redacted) | operation | becomes |',
    '|---|---|---|---|---|---|',
    ...plan.findings.map((f) => `| \`${f.fingerprint}\` | ${f.rule} | ${codeSpan(f.path ?? f.source)}${f.commit ? ` @ \`${f.commit.slice(0, 12)}\`` : ''} | ${codeSpan(f.redacted)} | ${OPERATION_TEXT[f.operation]} | ${codeSpan(f.replacement)} |`),
    '',
    ...plan.findings.map((f) => `- \`${f.fingerprint}\`: ${mdText(f.reason)}`),
    '',
  ];
  if (plan.removePaths.length) {
    md.push('## Files removed from every commit', '', ...plan.removePaths.map((p) => `- ${codeSpan(p)}`), '');
    if (plan.gitignore.length) md.push('Afterwards, keep them out: in a fresh clone, add them to `.gitignore` and commit:', '', '```sh', ...gitignoreCommands(plan), '```', '');
  }
  md.push('## Commits rewritten', '', `Every descendant of the earliest changed commit gets a new id (${plan.rewrittenCommits.length}):`, '',
    ...plan.rewrittenCommits.slice(0, LIST_LIMIT).map((c) => `- \`${c}\``));
  if (plan.rewrittenCommits.length > LIST_LIMIT) md.push(`- … and ${plan.rewrittenCommits.length - LIST_LIMIT} more (all in rewrite-plan.json)`);
  md.push('', '## Refs to update', '', '| ref | kind | old id | action | pushed to | note |', '|---|---|---|---|---|---|',
    ...plan.refs.map((r) => `| ${codeSpan(r.name)} | ${r.kind} | \`${r.oldId.slice(0, 12)}\` | ${r.action} | ${r.action === 'force-push' ? `${r.remote === undefined || r.remote === null ? '(this repository)' : mdText(r.remote)} ${codeSpan(r.remoteRef ?? r.name)}` : ''} | ${mdText(r.note ?? '')} |`), '');
  if (plan.signedCommits.length || plan.signedTags.length) {
    md.push('## Signatures lost', '', ...plan.signedCommits.map((c) => `- commit \`${c}\``), ...plan.signedTags.map((t) => `- tag ${codeSpan(t)} (re-sign it)`), '');
  }
  md.push('## Commands', '', '`rewrite.sh` runs these on a fresh mirror (`spillkit rewrite --apply` does the same and verifies):', '', '```sh',
    'git -C "$SOURCE" bundle create "$BACKUP" --all      # backup first, kept',
    'git clone --mirror --no-local "$SOURCE" "$MIRROR"',
    `git -C "$MIRROR" filter-repo ${plan.filterRepoArgs.map((a) => (a === EXPRESSIONS_PLACEHOLDER ? '"$EXPRESSIONS"' : shq(a))).join(' ')}`,
    'git -C "$MIRROR" reflog expire --expire=now --all && git -C "$MIRROR" gc --prune=now --aggressive',
    '```', '', '`$EXPRESSIONS` is the replacement list: it holds the secrets, so spillkit writes it mode 0600 only while git-filter-repo runs.', '',
    'BFG Repo-Cleaner equivalent:', '', '```sh', ...bfgCommands(plan), '```', '',
    'Then, after checking the mirror, one leased force-push per ref (`spillkit rewrite --push` shows and runs them):', '', '```sh',
    ...pushCommands(plan, (remote) => (remote === null ? '"$SOURCE"' : `"$${remoteVar(remote)}"`)), '```', '',
    'where `$REMOTE_<NAME>` is the URL of that remote (rewrite.sh sets it; the mirror has no remotes of its own).', '');
  md.push('## What no push can do', '', ...plan.hostSteps.map((s) => `1. ${mdText(s)}`), '');
  if (plan.warnings.length) md.push('## Warnings', '', ...plan.warnings.map((w) => `- ${mdText(w)}`), '');
  return md.join('\n');
}

function pullRequestSummary(plan: RewritePlan): string {
  const pr = plan.pullRequests;
  if (pr.source === 'none') return 'pull requests: not known to this clone (`spillkit plan-rewrite --query-remote` asks the remote; a mirror clone has them)';
  const from = pr.source === 'ls-remote' ? `the remote ${pr.remote ?? ''} (git ls-remote)`.replace('  ', ' ') : 'this clone\'s pull-request refs';
  return `${pr.affected.length} of ${pr.total} pull request(s) will show broken diffs${pr.unknown.length ? `, ${pr.unknown.length} more may (heads this clone never had)` : ''}, from ${mdText(from)}`;
}

/**
 * What cannot be undone once the rewritten refs replace the old ones on the remote, said before it
 * happens: the pull requests that will show broken diffs and the signatures that will be gone.
 */
function beforeYouPush(plan: RewritePlan): string[] {
  const pr = plan.pullRequests;
  const lost = plan.signedCommits.length + plan.signedTags.length;
  if (!pr.affected.length && !pr.unknown.length && !lost) return [];
  const md = ['## Before you push', '', 'After the force-push there is no way back for these (the backup bundle restores your refs, not theirs):', ''];
  if (pr.affected.length) {
    md.push(`- **${pr.affected.length} pull request(s) will show broken diffs** and keep serving the old commits until the host purges them: ${pullRequestList(pr.affected)}`);
    for (const e of pr.affected.slice(0, LIST_LIMIT)) md.push(`  - #${e.number}: ${e.refs.map(codeSpan).join(', ')}`);
  }
  if (pr.unknown.length) md.push(`- ${pr.unknown.length} pull request(s) have heads this clone never fetched and may be affected too: ${pullRequestList(pr.unknown)}`);
  if (plan.signedCommits.length) md.push(`- **${plan.signedCommits.length} signed commit(s) lose their signatures**: ${plan.signedCommits.slice(0, LIST_LIMIT).map((c) => `\`${c.slice(0, 12)}\``).join(', ')}`);
  if (plan.signedTags.length) md.push(`- **${plan.signedTags.length} signed tag(s) lose their signatures** (re-sign them): ${plan.signedTags.map(codeSpan).join(', ')}`);
  md.push('');
  return md;
}

function count(plan: RewritePlan, op: string): number {
  return plan.findings.filter((f) => f.operation === op).length;
}
