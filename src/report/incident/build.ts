import type { Severity } from '../../rules/types.js';
import { describeEntry } from './describe-action.js';
import { formatDuration } from './format.js';
import type { ReportInput } from './input.js';
import { foldJournal, type JournalFacts } from './journal-facts.js';
import { buildLessons } from './lessons.js';
import { buildOpenItems } from './open-items.js';
import { buildSecrets, oneHalfPerPair } from './secrets.js';
import { buildTimeline } from './timeline.js';
import type { AffectedCommit, AffectedRef, IncidentReport, ReportAction, ReportSecret, ReportSummary, RewriteSummary } from './types.js';

const SEVERITY_RANK: Severity[] = ['low', 'medium', 'high', 'critical'];

/** The report as data: a pure function of what gather.ts read (no clock, no IO: `generatedAt` is input). */
export function buildIncidentReport(input: ReportInput): IncidentReport {
  const facts = foldJournal(input.journal);
  const { secrets, dismissed } = buildSecrets(input, facts);
  const meta = input.incident;
  return {
    version: 1,
    generatedAt: input.generatedAt,
    tool: { name: 'spillkit', version: input.toolVersion },
    repository: input.repository,
    incident: meta
      ? { id: meta.id, title: meta.title, playbook: meta.playbook, status: facts.closed ? 'closed' : meta.status, openedAt: meta.createdAt, openedBy: meta.operator, closedAt: meta.closedAt ?? facts.closed?.at ?? null }
      : null,
    scan: input.scan ? { scannedAt: input.scan.scannedAt, findings: input.scan.findings.length, file: input.scanFile } : null,
    summary: summarize(secrets, input, facts),
    secrets,
    dismissed,
    timeline: buildTimeline(input, facts, secrets),
    commits: affectedCommits(secrets),
    refs: affectedRefs(secrets, input),
    rewrite: rewriteSummary(input, facts),
    actions: input.journal.map(
      (e): ReportAction => ({
        seq: e.seq,
        at: e.ts,
        by: e.operator ?? { name: null, email: null },
        type: e.type,
        step: e.step ?? null,
        text: describeEntry(e),
        fingerprint: typeof e.data?.fingerprint === 'string' ? e.data.fingerprint : null,
      }),
    ),
    openItems: buildOpenItems(input, facts, secrets),
    lessons: buildLessons(input, secrets),
    warnings: [
      ...input.journalWarnings,
      ...input.git.warnings,
      ...secrets.filter((s) => !s.inScan).map((s) => `${s.fingerprint} is named in the journal but not in the saved scan: its details are partial`),
    ],
  };
}

function summarize(secrets: ReportSecret[], input: ReportInput, facts: JournalFacts): ReportSummary {
  const usedAfter = oneHalfPerPair(secrets).filter((s) => s.evidence?.usedAfterLeak === true);
  let severity: Severity = 'low';
  for (const s of secrets) if (SEVERITY_RANK.indexOf(s.severity) > SEVERITY_RANK.indexOf(severity)) severity = s.severity;
  let severityReason = secrets.length ? `highest rule severity among ${secrets.length} secret(s)` : 'no secret in the saved scan';
  if (usedAfter.length) {
    severity = 'critical';
    severityReason = `the provider reports use of ${usedAfter.length} secret(s) after the leak`;
  }
  const starts = secrets.map((s) => s.exposure.start).filter((x): x is string => x !== null).sort((a, b) => Date.parse(a) - Date.parse(b));
  const open = secrets.some((s) => s.exposure.open);
  const ends = secrets.map((s) => s.exposure.end).filter((x): x is string => x !== null).sort((a, b) => Date.parse(a) - Date.parse(b));
  const start = starts[0] ?? null;
  const end = open ? null : ends[ends.length - 1] ?? null;
  const durationMs = start === null ? null : Date.parse(end ?? input.generatedAt) - Date.parse(start);
  const revoked = secrets.filter((s) => s.revoked).length;
  const rotated = secrets.filter((s) => s.rotated).length;
  // A fresh clone of the remote that still finds a secret outranks the push: it is still in history there.
  const stillOnRemote = new Set(facts.rewrite.remote?.remaining.flatMap((r) => r.fingerprints) ?? []);
  const inHistory = secrets.filter((s) => s.reachable !== false && (stillOnRemote.has(s.fingerprint) || !(s.rewrite?.verified && s.rewrite.pushedAt))).length;
  const reached = secrets.filter((s) => s.firstRemote !== null).length;
  const headline = secrets.length === 0
    ? 'No leaked secret is recorded for this incident.'
    : `${secrets.length} secret(s) leaked into git${reached ? ` (${reached} reached a remote)` : ''}; ${revoked} revoked, ${rotated} rotated, ${inHistory} still in history; ` +
      (open ? `exposure still open (${formatDuration(durationMs)} so far).` : `exposure closed after ${formatDuration(durationMs)}.`);
  return { severity, severityReason, headline, secrets: secrets.length, revoked, rotated, inHistory, exposure: { start, end, open, durationMs } };
}

function affectedCommits(secrets: ReportSecret[]): AffectedCommit[] {
  const byId = new Map<string, AffectedCommit>();
  for (const s of secrets) {
    if (s.commit === null) continue;
    const c = byId.get(s.commit) ?? { id: s.commit, author: s.author, authoredAt: s.authoredAt, committedAt: s.committedAt, fingerprints: [], firstRemote: s.firstRemote };
    c.fingerprints.push(s.fingerprint);
    byId.set(s.commit, c);
  }
  return [...byId.values()].sort((a, b) => (a.authoredAt ?? '').localeCompare(b.authoredAt ?? '') || a.id.localeCompare(b.id));
}

function affectedRefs(secrets: ReportSecret[], input: ReportInput): AffectedRef[] {
  const byName = new Map<string, AffectedRef>();
  const planned = new Map(input.rewritePlan?.refs.map((r) => [r.name, r.action]) ?? []);
  for (const s of secrets) {
    for (const name of s.refs) {
      const r = byName.get(name) ?? { name, fingerprints: [], planned: planned.get(name) ?? null };
      r.fingerprints.push(s.fingerprint);
      byName.set(name, r);
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function rewriteSummary(input: ReportInput, facts: JournalFacts): RewriteSummary | null {
  const rw = facts.rewrite;
  const plan = input.rewritePlan;
  if (!plan && !rw.planned && !rw.applied) return null;
  const v = input.verification;
  return {
    plannedAt: rw.planned?.at ?? plan?.createdAt ?? null,
    appliedAt: rw.applied?.at ?? input.rewriteState?.appliedAt ?? null,
    verified: rw.applied?.verified ?? v?.ok ?? null,
    verification: v
      ? { content: v.content.ok, metadata: v.metadata.ok, rescan: v.rescan.ok, remaining: v.rescan.remaining.length, problems: [...v.content.problems, ...v.metadata.problems, ...v.rescan.problems].slice(0, 20) }
      : null,
    pushedAt: rw.pushed?.at ?? null,
    pushedTo: rw.pushed?.remote ?? null,
    movedRefs: rw.pushed?.moves ?? [],
    removePaths: plan?.removePaths ?? rw.planned?.removePaths ?? [],
    rewrittenCommits: plan ? plan.rewrittenCommits.length : rw.planned?.rewrittenCommits ?? null,
    ...(rw.remote
      ? {
          remote: {
            verifiedAt: rw.remote.at, remote: rw.remote.remote, clean: rw.remote.clean, waitingOnHost: rw.remote.waitingOnHost,
            remaining: rw.remote.remaining.map((r) => ({ fingerprints: r.fingerprints, redacted: r.redacted, refs: r.refs })),
            acknowledgedRefs: [...rw.acknowledged.keys()].sort(),
          },
        }
      : {}),
  };
}
