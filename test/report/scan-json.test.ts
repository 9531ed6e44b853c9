import { describe, expect, it } from 'vitest';
import { formatScanReport } from '../../src/report/scan/index.js';
import type { ScanReport } from '../../src/scan/finding.js';
import { fixtureFindings, fixtureReport, withSecrets } from './scan-fixture.js';

const opts = { color: false, showSecrets: false, toolVersion: '0.1.0' };

const FINDING_KEYS = [
  'fingerprint', 'rule', 'provider', 'severity', 'confidence', 'source', 'path', 'line', 'column', 'commit',
  'author', 'authorEmail', 'date', 'blob', 'refs', 'reachable', 'presentAtHead', 'redacted', 'secretHash',
  'occurrences',
];

function parse(text: string): ScanReport {
  return JSON.parse(text) as ScanReport;
}

describe('JSON output', () => {
  it('follows the SPEC envelope', () => {
    const doc = parse(formatScanReport(fixtureReport(), 'json', opts));
    expect(Object.keys(doc)).toEqual(['version', 'repository', 'scannedAt', 'stats', 'findings']);
    expect(doc.version).toBe(1);
    expect(doc.stats).toEqual(fixtureReport().stats);
  });

  it('writes finding fields in a fixed order whatever order they were built in', () => {
    const shuffled = fixtureFindings().map((f) => Object.fromEntries(Object.entries(f).reverse()) as typeof f);
    const doc = parse(formatScanReport({ ...fixtureReport(), findings: shuffled }, 'json', opts));
    expect(Object.keys(doc.findings[0])).toEqual([...FINDING_KEYS, 'pairedWith']);
    expect(Object.keys(doc.findings[2])).toEqual(FINDING_KEYS);
    // `tag` sits after `date`, only on tag-message findings.
    expect(Object.keys(doc.findings[3])).toEqual([...FINDING_KEYS.slice(0, 13), 'tag', ...FINDING_KEYS.slice(13)]);
    expect(formatScanReport({ ...fixtureReport(), findings: shuffled }, 'json', opts)).toBe(
      formatScanReport(fixtureReport(), 'json', opts),
    );
  });

  it('round-trips every finding value', () => {
    const doc = parse(formatScanReport(fixtureReport(), 'json', opts));
    expect(doc.findings).toEqual(fixtureFindings());
  });

  it('keeps null fields, which the contract defines, rather than dropping them', () => {
    const dangling = parse(formatScanReport(fixtureReport(), 'json', opts)).findings[5];
    expect(dangling).toMatchObject({ path: null, commit: null, author: null, authorEmail: null, date: null });
  });

  it('includes secret only with showSecrets, and only when the finding has one', () => {
    const report = withSecrets(fixtureReport());
    expect(parse(formatScanReport(report, 'json', opts)).findings.every((f) => !('secret' in f))).toBe(true);
    const shown = parse(formatScanReport(report, 'json', { ...opts, showSecrets: true })).findings;
    expect(shown.map((f) => f.secret)).toEqual(report.findings.map((f) => f.secret));
    expect(Object.keys(shown[2]).at(-1)).toBe('secret');
    const without = parse(formatScanReport(fixtureReport(), 'json', { ...opts, showSecrets: true })).findings;
    expect(without.every((f) => !('secret' in f))).toBe(true);
  });

  it('never copies fields outside the contract', () => {
    const findings = fixtureFindings().map((f) => ({ ...f, matchContext: 'line around the secret' }));
    const text = formatScanReport({ ...fixtureReport(), findings }, 'json', opts);
    expect(text).not.toContain('matchContext');
  });

  it('keeps stats counters a newer pipeline adds, after the known ones', () => {
    const stats = { ...fixtureReport().stats, zeta: 1, alpha: 2 };
    const doc = parse(formatScanReport({ ...fixtureReport(), stats }, 'json', opts));
    expect(Object.keys(doc.stats).slice(-3)).toEqual(['warnings', 'alpha', 'zeta']);
  });
});
