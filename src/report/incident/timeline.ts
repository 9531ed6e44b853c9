import type { Operator } from '../../incident/types.js';
import { formatOperator, shortId } from './format.js';
import type { ReportInput } from './input.js';
import type { JournalFacts, Stamp } from './journal-facts.js';
import type { ReportSecret, TimelineEvent, TimelineKind } from './types.js';

const KIND_ORDER: TimelineKind[] = ['authored', 'committed', 'first-remote', 'detected', 'incident-opened', 'revoked', 'rotated', 'rewrite-planned', 'rewritten', 'verified', 'pushed', 'remote-verified', 'host-refs-acknowledged', 'incident-closed'];

/**
 * The incident in time order: how the secret got in and out (authored, committed, first reachable from
 * a remote-tracking ref), when it was found, and every response milestone. Secrets introduced by the
 * same commit share its events; ties keep the order above.
 */
export function buildTimeline(input: ReportInput, facts: JournalFacts, secrets: ReportSecret[]): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const add = (at: string | null, kind: TimelineKind, fingerprints: string[], text: string, by: Operator | null = null): void => {
    if (at !== null && !Number.isNaN(Date.parse(at))) events.push({ at, kind, fingerprints, text, by });
  };

  const byCommit = new Map<string, ReportSecret[]>();
  for (const s of secrets) {
    if (s.commit === null) continue;
    const group = byCommit.get(s.commit) ?? [];
    group.push(s);
    byCommit.set(s.commit, group);
  }
  for (const [commit, group] of byCommit) {
    const first = group[0];
    const fps = group.map((s) => s.fingerprint);
    const what = `${group.length === 1 ? first.redacted : `${group.length} secrets`} in commit ${shortId(commit)}`;
    const by = first.author ? ` by ${first.author}` : '';
    if (first.authoredAt && first.authoredAt === first.committedAt) add(first.authoredAt, 'committed', fps, `authored and committed ${what}${by}`);
    else {
      add(first.authoredAt, 'authored', fps, `authored ${what}${by}`);
      add(first.committedAt, 'committed', fps, `committed ${what}`);
    }
    if (first.firstRemote) {
      const r = first.firstRemote;
      const how = r.how === 'push' ? 'pushed from this clone' : r.how === 'fetch' ? 'fetched into this clone (pushed at or before this)' : r.how === 'clone' ? 'cloned (on the remote at or before this)' : r.message;
      add(r.at, 'first-remote', fps, `commit ${shortId(commit)} first reachable from ${r.ref}: ${how}`);
    }
  }

  const byDetection = new Map<string, string[]>();
  for (const s of secrets) if (s.detectedAt) byDetection.set(s.detectedAt, [...(byDetection.get(s.detectedAt) ?? []), s.fingerprint]);
  for (const [at, fps] of byDetection) add(at, 'detected', fps, `detected by spillkit scan: ${fps.length} secret(s)`);

  if (input.incident) add(input.incident.createdAt, 'incident-opened', [], `incident ${input.incident.id} opened`, input.incident.operator);
  for (const s of secrets) {
    if (s.revoked) add(s.revoked.at, 'revoked', [s.fingerprint], `revoked ${s.redacted}${s.revoked.action ? `: ${s.revoked.action}` : ''}`, s.revoked.by);
    if (s.rotated) add(s.rotated.at, 'rotated', [s.fingerprint], `rotated ${s.redacted}${s.rotated.newKeyId ? ` (new key ${s.rotated.newKeyId})` : ''}, old credential ${s.rotated.old ?? 'unknown'}`, s.rotated.by);
  }
  const rw = facts.rewrite;
  const inPlan = (s: ReportSecret) => s.rewrite !== null;
  const planned = secrets.filter(inPlan).map((s) => s.fingerprint);
  if (rw.planned) add(rw.planned.at, 'rewrite-planned', planned, `history rewrite planned (${rw.planned.fingerprints.size} finding(s))`, rw.planned.by);
  if (rw.applied) {
    const done = secrets.filter((s) => s.rewrite?.rewrittenAt).map((s) => s.fingerprint);
    add(rw.applied.at, 'rewritten', done, 'history rewritten on a fresh mirror', rw.applied.by);
    add(rw.applied.at, 'verified', done, rw.applied.verified ? 'rewrite verified: no planned secret remains, every other file byte-identical' : 'rewrite verification FAILED', rw.applied.by);
  }
  if (rw.pushed) add(rw.pushed.at, 'pushed', secrets.filter((s) => s.rewrite?.pushedAt).map((s) => s.fingerprint), `rewritten history force-pushed to ${rw.pushed.remote ?? 'the remote'} (${rw.pushed.moves.length} ref(s))`, rw.pushed.by);
  if (rw.remote) {
    const r = rw.remote;
    const refs = [...new Set(r.remaining.flatMap((x) => x.refs))];
    add(r.at, 'remote-verified', [...new Set(r.remaining.flatMap((x) => x.fingerprints))],
      r.clean
        ? `fresh clone of ${r.remote ?? 'the remote'} scanned: no planned secret is reachable there`
        : `fresh clone of ${r.remote ?? 'the remote'} scanned: ${r.remaining.length} planned secret(s) still reachable through ${refs.slice(0, 10).join(', ')}${refs.length > 10 ? ` and ${refs.length - 10} more` : ''}`,
      r.by);
  }
  const acks = new Map<string, { stamp: Stamp; refs: string[] }>();
  for (const [ref, stamp] of rw.acknowledged) {
    const key = `${stamp.at}\0${stamp.by.name ?? ''}\0${stamp.by.email ?? ''}`;
    const group = acks.get(key) ?? { stamp, refs: [] };
    group.refs.push(ref);
    acks.set(key, group);
  }
  for (const { stamp, refs } of acks.values()) add(stamp.at, 'host-refs-acknowledged', [], `${refs.length} pull-request ref(s) acknowledged as waiting on the host: ${refs.slice(0, 10).join(', ')}${refs.length > 10 ? ` and ${refs.length - 10} more` : ''}`, stamp.by);
  const closedAt = facts.closed?.at ?? input.incident?.closedAt ?? null;
  if (closedAt) add(closedAt, 'incident-closed', [], `incident closed${facts.closed ? ` by ${formatOperator(facts.closed.by)}` : ''}`, facts.closed?.by ?? null);

  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => Date.parse(a.e.at) - Date.parse(b.e.at) || KIND_ORDER.indexOf(a.e.kind) - KIND_ORDER.indexOf(b.e.kind) || a.i - b.i)
    .map(({ e }) => e);
}
