import { gitignoreLine, isSecretFilePath } from '../../rewrite/operation.js';
import { refKind } from '../../rewrite/refs-plan.js';
import { formatTime } from './format.js';
import { coveredBy } from './host-topics.js';
import type { ReportInput } from './input.js';
import type { JournalFacts } from './journal-facts.js';
import { oneHalfPerPair } from './secrets.js';
import type { OpenItem, ReportSecret } from './types.js';

/** Codes with which a provider says a person must act in its console (no API for it). */
const MANUAL_CODES = new Set(['manual', 'no-api']);

/**
 * What still needs a person, most urgent first: contain (revoke, rotate), then clean (rewrite, verify,
 * push, the host-side steps no push can do), then keep it out (.gitignore), then the playbook's loose
 * ends. Each item names the command that does it where spillkit has one.
 */
export function buildOpenItems(input: ReportInput, facts: JournalFacts, secrets: ReportSecret[]): OpenItem[] {
  const items: OpenItem[] = [];
  const item = (kind: OpenItem['kind'], fingerprint: string | null, text: string, command: string | null = null): void => {
    items.push({ kind, fingerprint, text, command });
  };

  // An AWS key id and its secret key are one credential: one item for the pair.
  const primary = oneHalfPerPair(secrets);
  for (const s of primary) {
    if (s.revoked) continue;
    if (s.revokeProblem && MANUAL_CODES.has(s.revokeProblem.code)) {
      item('revoke', s.fingerprint, `Revoke ${s.redacted} (${s.provider}) in the provider's console: it has no revocation API, and nobody recorded doing it`);
    } else if (s.revokeProblem) {
      item('revoke', s.fingerprint, `Revoke ${s.redacted} (${s.provider}): the last attempt (${formatTime(s.revokeProblem.at)}) did not complete (${s.revokeProblem.code})`, `spillkit revoke --finding ${s.fingerprint}`);
    } else {
      item('revoke', s.fingerprint, `Revoke ${s.redacted} (${s.provider}, ${s.location}): it is still live as far as this incident knows`, `spillkit revoke --finding ${s.fingerprint}`);
    }
  }
  for (const s of primary) {
    if (s.rotated) continue;
    const manual = s.rotateProblem && MANUAL_CODES.has(s.rotateProblem.code);
    item('rotate', s.fingerprint,
      manual
        ? `Rotate ${s.redacted} (${s.provider}) in the provider's console and deliver the new value where the service reads it`
        : `Rotate ${s.redacted} (${s.provider}): put a replacement in place where the service reads it${s.rotateProblem ? ` (last attempt: ${s.rotateProblem.code})` : ''}`,
      manual ? null : `spillkit rotate --finding ${s.fingerprint} --to-env-file FILE`);
  }

  const inHistory = secrets.filter((s) => s.reachable !== false && s.source !== null);
  const unplanned = inHistory.filter((s) => s.rewrite === null || s.rewrite.operation === 'out-of-reach');
  const rw = facts.rewrite;
  if (unplanned.length) item('rewrite', null, `Remove ${unplanned.length} secret(s) from history: no rewrite plan covers them`, 'spillkit plan-rewrite --out DIR, then spillkit rewrite --apply');
  const planned = inHistory.filter((s) => s.rewrite !== null && s.rewrite.operation !== 'out-of-reach');
  if (planned.length) {
    if (rw.applyFailed || !rw.applied) {
      item('rewrite', null, `Apply the planned rewrite (${planned.length} secret(s))${rw.applyFailed ? `: the last run failed (${rw.applyFailed.reason})` : ''}`, 'spillkit rewrite --apply');
    } else if (planned.some((s) => s.rewrite!.verified === false)) {
      item('verify', null, 'The rewrite failed verification: see verification.json, fix the plan and apply again (nothing may be pushed until it verifies)', 'spillkit rewrite --apply');
    } else if (!rw.pushed) {
      item('push', null, `Force-push the verified rewrite${rw.pushFailed ? ` (the last push was refused: ${rw.pushFailed.reason})` : ''}: until then the remote still serves the secret`, 'spillkit rewrite --push');
    } else if (!rw.remote) {
      item('verify', null, 'Verify the remote: clone it fresh and scan every ref it serves, pull-request refs included', 'spillkit rewrite --verify-remote');
    } else if (!rw.remote.clean) {
      for (const r of rw.remote.remaining) {
        const pending = r.refs.filter((ref) => !(refKind(ref) === 'pull-request' && rw.acknowledged.has(ref)));
        if (!pending.length) continue;
        const hostOnly = pending.every((ref) => refKind(ref) === 'pull-request');
        item(hostOnly ? 'host' : 'push', r.fingerprints[0] ?? null,
          `${r.redacted ?? 'A planned secret'} is still reachable on the remote through ${pending.slice(0, 10).join(', ')}${pending.length > 10 ? ` and ${pending.length - 10} more` : ''} (fresh clone, ${formatTime(rw.remote.at)})` +
            (hostOnly ? ': send SUPPORT-REQUEST.md to the host, then verify again (or acknowledge the refs as waiting on the host)' : ': push the rewrite to those refs (again), then verify again'),
          hostOnly ? 'spillkit rewrite --verify-remote [--acknowledge-host-refs]' : 'spillkit rewrite --push, then spillkit rewrite --verify-remote');
      }
    }
  }
  if (secrets.some((s) => s.reachable === false)) {
    item('rewrite', null, 'Objects no ref reaches still hold a secret: on every clone, `git reflog expire --expire=now --all && git gc --prune=now`');
  }

  const reachedRemote = secrets.some((s) => s.firstRemote !== null || s.refs.some((r) => r.startsWith('refs/remotes/')));
  // A step ticked on the respond screen (host purge, forks, collaborators) is done here too.
  const ticked = (text: string): boolean => coveredBy(text, facts.checkedItems);
  const hostSteps = input.rewritePlan?.hostSteps.filter((h) => !/^Revoke the credential first/.test(h)) ?? [];
  if (hostSteps.length) hostSteps.filter((h) => !ticked(h)).forEach((h) => item('host', null, h));
  else if (reachedRemote) {
    const text = 'The secret reached a remote: forks, pull-request refs, host caches and collaborators\' clones keep the old history; `spillkit plan-rewrite` lists the steps for your host';
    if (!ticked(text)) item('host', null, text);
  }
  const hostRefs = [...new Set([...(input.rewritePlan?.refs.filter((r) => r.action === 'host').map((r) => r.name) ?? []), ...(rw.pushed?.hostRefs ?? [])])];
  // Once a fresh clone was checked, its findings (above) say which host refs still matter.
  if (hostRefs.length && !rw.remote) item('host', null, `Refs only the host can clean (ask its support): ${hostRefs.join(', ')}`);

  const ignoreLines = new Set(input.rewritePlan?.gitignore ?? []);
  for (const s of secrets) {
    const line = s.path && isSecretFilePath(s.path) && input.git.ignoredNow[s.path] === false ? gitignoreLine(s.path) : null;
    if (line !== null) ignoreLines.add(line);
  }
  for (const line of [...ignoreLines].sort()) {
    const path = line.replace(/^\//, '').replace(/\\(.)/g, '$1');
    if (input.git.ignoredNow[path] === true) continue;
    item('gitignore', null, `Add \`${line}\` to .gitignore so the credential file cannot be committed again`);
  }

  for (const c of facts.uncheckedItems) item('step', c.fingerprint, `${c.step ? `[${c.step}] ` : ''}${c.text}`);
  for (const step of facts.unfinishedSteps) item('step', null, `Playbook step "${step.step}" started ${formatTime(step.at)} and was never finished`, 'spillkit respond');
  const closed = facts.closed !== null || input.incident?.status === 'closed';
  if (input.incident && !closed) item('close', null, `Close incident ${input.incident.id} once every item above is done`, 'spillkit respond');
  return items;
}
