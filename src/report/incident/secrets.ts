import type { Finding } from '../../scan/finding.js';
import { describeLocation } from '../scan/display.js';
import { isAfter, msBetween } from './format.js';
import type { ReportInput } from './input.js';
import { isDismissal, type JournalFacts, type SecretJournal } from './journal-facts.js';
import type { DismissedFinding, ExposureWindow, ReportSecret } from './types.js';

const EMPTY: SecretJournal = { revoked: null, revokeProblem: null, rotated: null, rotateProblem: null, identity: null, evidence: null, analysis: null, triage: null, redacted: null, path: null };

/**
 * One entry per secret of the incident: every finding of its scan, plus any fingerprint the journal
 * names that the scan does not hold, minus what triage dismissed (listed apart, with the reason).
 */
export function buildSecrets(input: ReportInput, facts: JournalFacts): { secrets: ReportSecret[]; dismissed: DismissedFinding[] } {
  const findings = input.scan?.findings ?? [];
  const byFp = new Map(findings.map((f) => [f.fingerprint, f]));
  const fingerprints = [...byFp.keys(), ...[...facts.secrets.keys()].filter((fp) => !byFp.has(fp))];
  const secrets: ReportSecret[] = [];
  const dismissed: DismissedFinding[] = [];
  for (const fp of fingerprints) {
    const finding = byFp.get(fp) ?? null;
    const journal = withPair(fp, finding, byFp, facts);
    if (journal.triage && isDismissal(journal.triage.decision)) {
      dismissed.push({
        fingerprint: fp,
        redacted: finding?.redacted ?? journal.redacted,
        location: finding ? describeLocation(finding) : journal.path,
        decision: journal.triage.decision,
        reason: journal.triage.reason,
        at: journal.triage.at,
        by: journal.triage.by,
      });
      continue;
    }
    if (!finding && !touchesSecret(journal)) continue;
    secrets.push(buildSecret(fp, finding, journal, input, facts));
  }
  return { secrets, dismissed };
}

/** A journal entry only about triage, or a plan listing, is not enough to call something a secret of this incident. */
function touchesSecret(j: SecretJournal): boolean {
  return Boolean(j.revoked || j.revokeProblem || j.rotated || j.rotateProblem || j.identity || j.evidence || j.analysis || j.redacted);
}

/**
 * An AWS key id and its secret key are one credential: what was done to one half (revoked, rotated,
 * identified) holds for the other half when its own journal is silent.
 */
function withPair(fp: string, finding: Finding | null, byFp: Map<string, Finding>, facts: JournalFacts): SecretJournal {
  const own = facts.secrets.get(fp) ?? EMPTY;
  const pairFp = finding?.pairedWith;
  const pair = pairFp && byFp.has(pairFp) ? facts.secrets.get(pairFp) : undefined;
  if (!pair) return own;
  return {
    ...own,
    revoked: own.revoked ?? pair.revoked,
    revokeProblem: own.revoked ?? pair.revoked ? null : own.revokeProblem ?? pair.revokeProblem,
    rotated: own.rotated ?? pair.rotated,
    rotateProblem: own.rotated ?? pair.rotated ? null : own.rotateProblem ?? pair.rotateProblem,
    identity: own.identity ?? pair.identity,
    evidence: own.evidence ?? pair.evidence,
    analysis: own.analysis ?? pair.analysis,
  };
}

function buildSecret(fp: string, f: Finding | null, j: SecretJournal, input: ReportInput, facts: JournalFacts): ReportSecret {
  const dates = f?.commit ? input.git.commitDates[f.commit] : undefined;
  const firstRemote = f?.commit ? input.git.firstRemote[f.commit] ?? null : null;
  const authoredAt = dates?.authoredAt ?? f?.date ?? null;
  const committedAt = dates?.committedAt ?? null;
  const exposure = exposureOf(firstRemote, committedAt ?? authoredAt, j.revoked?.at ?? null, input.generatedAt);
  const planned = plannedOperation(fp, input, facts);
  const remaining = new Set(input.verification?.rescan.remaining.map((r) => r.fingerprint) ?? []);
  const rw = facts.rewrite;
  const rewritten = planned !== null && planned !== 'out-of-reach' && rw.applied !== null;
  return {
    fingerprint: fp,
    rule: f?.rule ?? 'unknown',
    provider: f?.provider ?? 'unknown',
    severity: f?.severity ?? 'high',
    confidence: f?.confidence ?? null,
    redacted: f?.redacted ?? j.redacted ?? 'unknown',
    source: f?.source ?? null,
    path: f?.path ?? j.path,
    line: f?.line ?? null,
    location: f ? describeLocation(f) : `${j.path ?? 'unknown location'} (not in the saved scan)`,
    commit: f?.commit ?? null,
    tag: f?.tag ?? null,
    author: f?.author ?? null,
    authorEmail: f?.authorEmail ?? null,
    authoredAt,
    committedAt,
    refs: f?.refs ?? [],
    reachable: f?.reachable ?? null,
    presentAtHead: f?.presentAtHead ?? null,
    occurrences: f?.occurrences ?? null,
    pairedWith: f?.pairedWith ?? null,
    owner: j.identity?.owner ?? null,
    account: j.identity?.account ?? null,
    scopes: j.identity?.scopes ?? [],
    keyId: j.identity?.keyId ?? null,
    firstRemote,
    detectedAt: input.detections[fp] ?? (f ? input.scan?.scannedAt ?? null : null),
    revoked: j.revoked ? { at: j.revoked.at, by: j.revoked.by, action: j.revoked.action } : null,
    revokeProblem: j.revokeProblem,
    rotated: j.rotated ? { at: j.rotated.at, by: j.rotated.by, newKeyId: j.rotated.newKeyId, old: j.rotated.old, delivered: j.rotated.delivered } : null,
    rotateProblem: j.rotateProblem,
    rewrite: planned === null ? null : {
      operation: planned,
      rewrittenAt: rewritten ? rw.applied!.at : null,
      verified: rewritten ? rw.applied!.verified && !remaining.has(fp) : null,
      pushedAt: rewritten && rw.pushed ? rw.pushed.at : null,
    },
    evidence: j.evidence ? {
      lastUsed: j.evidence.lastUsed,
      service: j.evidence.service,
      region: j.evidence.region,
      notes: j.evidence.notes,
      usedAfterLeak: isAfter(j.evidence.lastUsed, exposure.start),
      usedAfterRevocation: j.revoked ? isAfter(j.evidence.lastUsed, j.revoked.at) : null,
      recordedAt: j.evidence.at,
    } : null,
    exposure,
    inScan: f !== null,
    ...(j.analysis ? { blastRadius: { risk: j.analysis.risk, kind: j.analysis.kind, principal: j.analysis.principal, summary: j.analysis.summary, gaps: j.analysis.gaps, analyzedAt: j.analysis.at } } : {}),
  };
}

/**
 * Exposure runs from the push when this clone's reflog shows it pushed the commit (an exact time), else
 * from the commit: a fetch or clone entry only says the remote had it by then, and starting at the
 * commit errs on the side of a longer window. It ends at revocation, or stays open.
 */
export function exposureOf(firstRemote: ReportSecret['firstRemote'], committedAt: string | null, revokedAt: string | null, now: string): ExposureWindow {
  const start = firstRemote?.how === 'push' ? firstRemote.at : committedAt;
  const startBasis: ExposureWindow['startBasis'] = firstRemote?.how === 'push' ? 'push' : committedAt ? 'commit' : 'unknown';
  return { start, startBasis, end: revokedAt, open: revokedAt === null, durationMs: msBetween(start, revokedAt ?? now) };
}

function plannedOperation(fp: string, input: ReportInput, facts: JournalFacts): string | null {
  const fromPlan = input.rewritePlan?.findings.find((p) => p.fingerprint === fp)?.operation;
  return fromPlan ?? facts.rewrite.planned?.fingerprints.get(fp) ?? null;
}

/**
 * One entry per credential: an AWS key id and its secret key are two findings but one credential, so
 * counts, open items and lessons take the half listed first and skip its partner.
 */
export function oneHalfPerPair(secrets: ReportSecret[]): ReportSecret[] {
  const present = new Set(secrets.map((s) => s.fingerprint));
  const skip = new Set<string>();
  for (const s of secrets) if (s.pairedWith && present.has(s.pairedWith) && !skip.has(s.fingerprint)) skip.add(s.pairedWith);
  return secrets.filter((s) => !skip.has(s.fingerprint));
}
