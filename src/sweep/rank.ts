import { severityRank } from '../report/scan/rule-catalog.js';
import type { Finding } from '../scan/finding.js';
import { RISK_ORDER, type RiskTier, type SweepRepository, type SweepStatus } from './types.js';

/**
 * Ranking by risk, the order a responder works through an organisation in. Every key is derived from
 * the content of the result (never from the order repositories happened to finish in), so a sweep, a
 * resumed sweep and a merge of shards rank identically.
 */

export function riskOf(status: SweepStatus, findings: readonly Finding[]): RiskTier {
  if (status !== 'scanned') return 'unknown';
  // Only with --verify: a credential confirmed live outranks everything, wherever it sits.
  if (findings.some((f) => f.validation?.state === 'live')) return 'live';
  if (findings.some((f) => f.presentAtHead && f.severity === 'critical')) return 'critical-at-head';
  if (findings.some((f) => f.presentAtHead)) return 'at-head';
  return findings.length > 0 ? 'history-only' : 'none';
}

/** Within a repository: live first (with --verify), still at HEAD, then by severity, then a stable textual order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    Number(b.validation?.state === 'live') - Number(a.validation?.state === 'live') ||
    Number(b.presentAtHead) - Number(a.presentAtHead) ||
    severityRank(a.severity) - severityRank(b.severity) ||
    compareText(a.rule, b.rule) ||
    compareText(a.path ?? '', b.path ?? '') ||
    a.line - b.line ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

/** Repositories: by risk tier, then more critical/at-HEAD/total findings first, then by name. */
export function compareRepositories(a: SweepRepository, b: SweepRepository): number {
  return (
    RISK_ORDER.indexOf(a.risk) - RISK_ORDER.indexOf(b.risk) ||
    count(b, (f) => f.validation?.state === 'live') - count(a, (f) => f.validation?.state === 'live') ||
    count(b, (f) => f.severity === 'critical') - count(a, (f) => f.severity === 'critical') ||
    count(b, (f) => f.presentAtHead === true) - count(a, (f) => f.presentAtHead === true) ||
    b.findings.length - a.findings.length ||
    compareText(a.name, b.name)
  );
}

function count(repo: SweepRepository, predicate: (f: Finding) => boolean): number {
  return repo.findings.filter(predicate).length;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
