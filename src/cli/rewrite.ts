import { createInterface } from 'node:readline/promises';
import { SpillkitError } from '../errors.js';
import { terminalSafe } from '../report/safe-text.js';
import { shellQuote } from '../report/shell-text.js';
import { applyRewrite } from '../rewrite/apply.js';
import { planPush, pushRefusal, runPush, type PushPlan } from '../rewrite/push.js';
import { pullRequestList } from '../rewrite/pull-requests.js';
import { planCloneReset, resetClone, writeCollaboratorCommands, type CloneResetPlan } from '../rewrite/reset-clone.js';
import type { Verification } from '../rewrite/verify.js';
import { parseCommandArgs, positiveInt } from './args.js';
import { printJson, printText } from './output.js';
import { replacementStyle } from './plan-rewrite.js';
import { VERSION } from './version.js';
import { verifyRemoteCommand } from './verify-remote.js';

export const REWRITE_HELP = `Usage: spillkit rewrite [PATH] --apply [options]
       spillkit rewrite [PATH] --push [--remote NAME] [--yes]
       spillkit rewrite [PATH] --verify-remote [--remote NAME] [--acknowledge-host-refs]
       spillkit rewrite [PATH] --reset-clone [--yes]

--apply  runs the history-cleanup plan (see plan-rewrite) on a fresh mirror clone inside the incident
         store, never on your clone: a backup bundle first (kept), git-filter-repo, then verification:
         a re-scan finds none of the planned secrets, every other file is byte-identical at every
         rewritten commit, and commit count, authors, dates and messages are preserved.
--push   force-pushes the verified mirror to the remote (default origin), one lease per ref, after
         showing which refs move from which old id to which new id, which pull requests will show
         broken diffs and which signatures are lost. Needs --yes without a TTY.
--verify-remote
         clones the remote fresh (every ref it serves, pull-request refs included), scans the clone
         and names each planned secret still reachable there and the refs it is reachable through.
         The result goes to the incident (journal, report, SUPPORT-REQUEST.md); the clone is deleted.
--reset-clone  after the push, moves this clone's branches, tags and remote-tracking refs from the old
         commits to the rewritten ones (uncommitted changes stay; files the rewrite removed stay as
         untracked files), then expires the reflogs and prunes the old objects. Refuses, changing
         nothing, when that would lose work: commits made after the rewrite was planned, uncommitted
         changes to a file the rewrite changed. Writes COLLABORATORS.md: the commands for everyone else.

Options:
  --report FILE              plan from this JSON scan report instead of the latest saved scan
  --replacement rule|plain   ***REMOVED:<rule-id>*** (default) or ***REMOVED***
  --remote NAME              remote to push to or verify (default: origin)
  --acknowledge-host-refs    with --verify-remote: record the pull-request refs that still hold a
                             secret as waiting on the host's support, so the incident can close
  --threads N                threads for the verification re-scan
  --dry-run                  show what would happen; change nothing
  --json                     machine output
  --yes                      no prompt (needed for --push when not on a TTY)

Exit codes: 0 done and verified (--verify-remote: the remote is clean, or all that is left is
acknowledged as waiting on the host; --reset-clone: the clone holds no old history), 1 a planned secret
is still reachable on the remote (--verify-remote) or --reset-clone declined or left undone, 2 usage
error, stale scan, refusal, failed verification or failure.`;

export async function rewriteCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    apply: { type: 'boolean' },
    push: { type: 'boolean' },
    'reset-clone': { type: 'boolean' },
    report: { type: 'string' },
    replacement: { type: 'string' },
    remote: { type: 'string' },
    threads: { type: 'string' },
    'verify-remote': { type: 'boolean' },
    'acknowledge-host-refs': { type: 'boolean' },
  }, 'rewrite');
  if (values.help) {
    process.stdout.write(`${REWRITE_HELP}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new SpillkitError('USAGE', 'rewrite takes one PATH (see `spillkit rewrite --help`)');
  const modes = [values.apply, values.push, values['verify-remote'], values['reset-clone']].filter((x) => x === true).length;
  if (modes !== 1) throw new SpillkitError('USAGE', 'rewrite needs exactly one of --apply, --push, --verify-remote or --reset-clone (see `spillkit rewrite --help`)');
  if (values['acknowledge-host-refs'] && !values['verify-remote']) throw new SpillkitError('USAGE', '--acknowledge-host-refs goes with --verify-remote');
  const path = positionals[0] ?? '.';
  if (values.push) return push(path, values.remote, values);
  if (values['reset-clone']) return resetCloneCommand(path, values);
  if (values['verify-remote']) {
    return verifyRemoteCommand({ path, remote: values.remote, acknowledgeHostRefs: values['acknowledge-host-refs'] === true, threads: positiveInt(values.threads, '--threads'), json: values.json === true, dryRun: values['dry-run'] === true });
  }

  const result = await applyRewrite({
    path, reportFile: values.report, replacementStyle: replacementStyle(values.replacement), dryRun: values['dry-run'] === true,
    toolVersion: VERSION, threads: positiveInt(values.threads, '--threads'),
  });
  const plan = result.prepared.plan;
  if (values.json) {
    printJson({ dryRun: result.dryRun, incident: result.incident ?? null, mirror: result.mirror ?? null, backup: result.backup ?? null, plan, verification: result.verification ?? null }, 2);
  } else if (result.dryRun) {
    printText(`dry run: nothing changed. --apply would\n  bundle every ref of ${terminalSafe(plan.repository)} as a backup\n  mirror-clone it into the incident store\n  run git filter-repo ${plan.filterRepoArgs.map(shellQuote).join(' ')}\n  rewrite ${plan.rewrittenCommits.length} commit(s) and ${plan.refs.length} ref(s), then verify the mirror\n`);
  } else {
    printText(`mirror: ${terminalSafe(result.mirror ?? '')}\nbackup: ${terminalSafe(result.backup ?? '')}\n${describeVerification(result.verification!)}`);
    if (result.verification!.ok) printText('next: review the mirror, then `spillkit rewrite --push` (see rewrite-plan.md for the steps no push can do)\n');
  }
  return result.verification && !result.verification.ok ? 2 : 0;
}

function describeVerification(v: Verification): string {
  const lines = [
    `verification: ${v.ok ? 'passed' : 'FAILED'}`,
    `  re-scan: ${v.rescan.ok ? 'none of the planned secrets remain' : `${v.rescan.remaining.length} planned secret(s) remain`}`,
    `  content: ${v.content.ok ? 'identical apart from the planned changes' : 'unexpected changes'} (${v.content.commitsCompared} commit(s), ${v.content.blobsCompared} changed blob(s) checked)`,
    `  metadata: ${v.metadata.ok ? 'preserved' : 'changed'} (${v.metadata.commitsBefore} -> ${v.metadata.commitsAfter} commits, ${v.metadata.messagesChanged} message(s) changed as planned: secrets replaced or commit ids updated)`,
    ...[...v.rescan.problems, ...v.content.problems, ...v.metadata.problems].map((p) => `  - ${terminalSafe(p)}`),
  ];
  return lines.join('\n') + '\n';
}

async function push(path: string, remote: string | undefined, values: { json?: boolean; yes?: boolean; 'dry-run'?: boolean }): Promise<number> {
  const plan = planPush({ path, remote });
  const shown = showMoves(plan);
  const facts = { remote: plan.shownUrl, moves: plan.moves, hostRefs: plan.hostRefs, alreadyPushed: plan.alreadyPushed, pullRequests: plan.pullRequests, signaturesLost: plan.signaturesLost };
  if (values.json && (values['dry-run'] || !values.yes)) printJson({ ...facts, pushed: false }, 2);
  else if (!values.json) printText(shown);
  if (values['dry-run'] || !plan.moves.length) return 0;
  if (!values.yes) {
    if (!process.stdin.isTTY || !process.stdout.isTTY) throw new SpillkitError('USAGE', 'pushing rewritten history replaces refs on the remote: pass --yes to confirm (no TTY to ask)');
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question(`force-push ${plan.moves.length} ref(s) to ${terminalSafe(plan.shownUrl)}? [y/N] `);
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      printText('not pushed\n');
      return 1;
    }
  }
  const results = runPush(plan);
  const rejected = results.filter((x) => x.status === 'rejected');
  if (values.json) printJson({ ...facts, pushed: rejected.length === 0, results }, 2);
  else {
    for (const x of results) printText(`  ${x.status === 'pushed' ? 'pushed  ' : 'REJECTED'}  ${terminalSafe(x.ref)}${x.reason ? `: ${terminalSafe(x.reason)}` : ''}\n${x.hint ? `            ${terminalSafe(x.hint)}\n` : ''}`);
    for (const ref of plan.hostRefs) printText(`  skipped   ${terminalSafe(ref)}: read-only on the host (a support request purges it)\n`);
    if (!rejected.length) printText(`pushed ${plan.moves.length} ref(s). Now: every clone re-clones or rebases, and the host purges cached views (rewrite-plan.md)\n`);
  }
  const refusal = pushRefusal(plan, results);
  if (refusal) throw refusal;
  return 0;
}

function showMoves(plan: PushPlan): string {
  const lines = [`${plan.moves.length} ref(s) of ${terminalSafe(plan.shownUrl)} would move:`, ...plan.moves.map((m) => `  ${terminalSafe(m.ref)}  ${m.oldId} -> ${m.newId}`)];
  if (plan.alreadyPushed.length) lines.push(`${plan.alreadyPushed.length} ref(s) already rewritten there (an earlier push): ${plan.alreadyPushed.map(terminalSafe).join(', ')}`);
  if (plan.hostRefs.length) lines.push(`${plan.hostRefs.length} pull-request ref(s) only the host can purge:`, ...plan.hostRefs.slice(0, 50).map((r) => `  ${terminalSafe(r)}`), ...(plan.hostRefs.length > 50 ? [`  … and ${plan.hostRefs.length - 50} more`] : []));
  // What the push makes permanent, said before the question.
  const pr = plan.pullRequests;
  if (plan.moves.length && (pr.affected.length || pr.unknown.length || plan.signaturesLost.commits.length || plan.signaturesLost.tags.length)) lines.push('no way back after this push:');
  if (plan.moves.length && pr.affected.length) lines.push(`  ${pr.affected.length} of ${pr.total} pull request(s) will show broken diffs until the host purges them: ${pullRequestList(pr.affected)}`);
  if (plan.moves.length && pr.unknown.length) lines.push(`  ${pr.unknown.length} pull request(s) have heads the scanned clone never had and may break too: ${pullRequestList(pr.unknown)}`);
  if (plan.moves.length && plan.signaturesLost.commits.length) lines.push(`  ${plan.signaturesLost.commits.length} signed commit(s) lose their signatures: ${plan.signaturesLost.commits.slice(0, 20).map((c) => c.slice(0, 12)).join(', ')}`);
  if (plan.moves.length && plan.signaturesLost.tags.length) lines.push(`  ${plan.signaturesLost.tags.length} signed tag(s) lose their signatures (re-sign them): ${plan.signaturesLost.tags.map(terminalSafe).join(', ')}`);
  return lines.join('\n') + '\n';
}

async function resetCloneCommand(path: string, values: { json?: boolean; yes?: boolean; 'dry-run'?: boolean }): Promise<number> {
  const plan = planCloneReset({ path });
  const commands = values['dry-run'] ? 'COLLABORATORS.md (dry run: not written)' : writeCollaboratorCommands(plan);
  const json = (extra: Record<string, unknown>): void => printJson({
    repository: plan.repo.worktree ?? plan.repo.gitdir, moves: plan.moves, keep: plan.keep, refusals: plan.refusals,
    olderStashEntries: plan.olderStashEntries, collaborators: commands, ...extra,
  }, 2);
  if (!values.json) printText(describeReset(plan, commands));
  if (plan.refusals.length) {
    if (values.json) json({ reset: false });
    throw new SpillkitError('USAGE', `your clone was not reset: ${plan.refusals[0]}${plan.refusals.length > 1 ? ` (and ${plan.refusals.length - 1} more)` : ''}`);
  }
  if (values['dry-run'] || plan.moves.length === 0) {
    if (values.json) json({ reset: false, dryRun: values['dry-run'] === true });
    return 0;
  }
  if (!values.yes) {
    if (!process.stdin.isTTY || !process.stdout.isTTY) throw new SpillkitError('USAGE', 'resetting your clone moves its refs and prunes the old objects: pass --yes to confirm (no TTY to ask)');
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question(`reset ${plan.moves.length} ref(s) of this clone to the rewritten history and prune the old objects? [y/N] `);
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      printText('not reset\n');
      return 1;
    }
  }
  const result = resetClone(plan);
  plan.incident.journal().append({ type: 'clone-reset', step: 'rewrite', data: { moved: result.moved, kept: result.kept, pruned: result.pruned, olderStashEntries: result.olderStashEntries, collaborators: commands } });
  if (values.json) json({ reset: true, pruned: result.pruned });
  else printText(`reset ${result.moved.length} ref(s); ${result.pruned ? 'the old commits are gone from this clone' : 'older stash entries still hold the old commits: apply or drop them, then git gc --prune=now'}\n`);
  return result.pruned ? 0 : 1;
}

function describeReset(plan: CloneResetPlan, commands: string): string {
  const lines: string[] = [];
  if (plan.moves.length === 0 && plan.refusals.length === 0) lines.push('this clone already has the rewritten history: nothing to reset');
  else if (plan.moves.length) {
    lines.push(`${plan.moves.length} ref(s) of this clone still point at the old history:`);
    for (const m of plan.moves) lines.push(`  ${terminalSafe(m.ref)}  ${m.oldId.slice(0, 12)} -> ${m.newId.slice(0, 12)}${plan.head?.ref === m.ref ? '  (checked out: git reset --keep)' : ''}`);
  }
  if (plan.keep.length) lines.push(`kept as untracked files (the rewrite removed them): ${plan.keep.map(terminalSafe).join(', ')}`);
  for (const r of plan.refusals) lines.push(`refused: ${terminalSafe(r)}`);
  if (plan.olderStashEntries) lines.push(`${plan.olderStashEntries} older stash entr(ies) are kept: if they hold the old history, apply or drop them, then git gc --prune=now`);
  lines.push(`collaborators: ${terminalSafe(commands)}`);
  return lines.join('\n') + '\n';
}
