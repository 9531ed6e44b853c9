/**
 * `spillkit rewrite --verify-remote`: the fresh-clone check after the push, as text or JSON. Exit 0
 * when the remote is clean or all that is left is acknowledged as waiting on the host, 1 while a
 * planned secret is still reachable there (the incident has an open item), 2 on failure.
 */
import { terminalSafe } from '../report/safe-text.js';
import { shellQuote } from '../report/shell-text.js';
import { verifyRemote, verifyRemoteTarget, type RemoteVerification } from '../rewrite/verify-remote.js';
import { pullRequestNumber } from '../rewrite/pull-requests.js';
import { printJson, printText } from './output.js';

export interface VerifyRemoteArgs {
  path: string;
  remote?: string;
  acknowledgeHostRefs: boolean;
  threads?: number;
  json: boolean;
  dryRun: boolean;
}

export async function verifyRemoteCommand(args: VerifyRemoteArgs): Promise<number> {
  if (args.dryRun) {
    const target = verifyRemoteTarget(args.path, args.remote);
    const what = { dryRun: true, remote: target.remote.name, url: target.remote.shownUrl, plannedSecrets: target.plannedSecrets };
    if (args.json) printJson(what, 2);
    else printText(`dry run: nothing cloned, nothing recorded. --verify-remote would\n  clone ${terminalSafe(target.remote.shownUrl)} fresh (--mirror --no-local: every ref it serves)\n  scan the clone for the ${target.plannedSecrets} planned secret(s), record the result in the incident, delete the clone\n`);
    return 0;
  }
  const v = await verifyRemote({ path: args.path, remote: args.remote, acknowledgeHostRefs: args.acknowledgeHostRefs, threads: args.threads });
  if (args.json) printJson(v, 2);
  else printText(describe(v, args));
  return v.clean || v.waitingOnHost ? 0 : 1;
}

function describe(v: RemoteVerification, args: VerifyRemoteArgs): string {
  const lines = [`fresh clone of ${terminalSafe(v.url)}: ${v.refsServed} ref(s) served, ${v.pullRequestRefs} pull-request ref(s); scanned for ${v.plannedSecrets} planned secret(s)`];
  if (v.clean) {
    lines.push('clean: no planned secret is reachable on the remote');
    return lines.join('\n') + '\n';
  }
  const acknowledged = new Set(v.acknowledged);
  lines.push(`${v.waitingOnHost ? 'waiting on the host' : 'STILL REACHABLE'}: ${v.remaining.length} of ${v.plannedSecrets} planned secret(s) on the remote`);
  for (const r of v.remaining) {
    lines.push(`  ${terminalSafe(r.redacted)} (${terminalSafe(r.rule)}) at ${r.paths.map(terminalSafe).join(', ')}  [${r.fingerprints.join(', ')}]`);
    for (const ref of r.refs.slice(0, 50)) {
      const pr = pullRequestNumber(ref);
      const why = r.hostRefs.includes(ref)
        ? `${pr !== null ? `pull request #${pr}: ` : ''}only the host can purge it${acknowledged.has(ref) ? ' (acknowledged: waiting on the host)' : ''}`
        : 'push the rewrite (again): spillkit rewrite --push';
      lines.push(`    ${terminalSafe(ref)}  ${why}`);
    }
    if (r.refs.length > 50) lines.push(`    … and ${r.refs.length - 50} more ref(s) (all in remote-verification.json)`);
  }
  for (const w of v.warnings) lines.push(`warning: ${terminalSafe(w)}`);
  const path = shellQuote(args.path);
  const pushable = v.remaining.some((r) => r.pushableRefs.length);
  const unacknowledged = v.remaining.some((r) => r.hostRefs.some((h) => !acknowledged.has(h)));
  if (pushable) lines.push(`next: branches or tags still hold a secret: \`spillkit rewrite ${path} --push\` (or re-plan if someone pushed it back), then verify again`);
  if (unacknowledged) lines.push(`next: send SUPPORT-REQUEST.md (in the incident) to the host's support; once the refs are purged, \`spillkit rewrite ${path} --verify-remote\` again, or record them as waiting on the host with --acknowledge-host-refs`);
  return lines.join('\n') + '\n';
}
