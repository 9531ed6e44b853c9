import { describe, expect, it } from 'vitest';
import { isSpillkitError } from '../../src/errors.js';
import { formatScanReport, isScanFormat, SCAN_FORMATS, type ScanFormat } from '../../src/report/scan/index.js';
import { canary, cleanReport, fixtureReport, withSecrets } from './scan-fixture.js';

const opts = { color: false, showSecrets: false, toolVersion: '0.1.0' };

describe('formatScanReport', () => {
  it('knows the four formats of `scan --format`', () => {
    expect(SCAN_FORMATS).toEqual(['text', 'json', 'sarif', 'csv']);
    expect(isScanFormat('sarif')).toBe(true);
    expect(isScanFormat('xml')).toBe(false);
  });

  it('refuses an unknown format with a USAGE error', () => {
    let error: unknown;
    try {
      formatScanReport(fixtureReport(), 'xml' as ScanFormat, opts);
    } catch (e) {
      error = e;
    }
    expect(isSpillkitError(error) && error.code).toBe('USAGE');
  });

  it('ends every format with a line break', () => {
    for (const format of SCAN_FORMATS) {
      expect(formatScanReport(fixtureReport(), format, opts).endsWith('\n')).toBe(true);
      expect(formatScanReport(cleanReport(), format, opts).endsWith('\n')).toBe(true);
    }
  });
});

describe('secrets stay out of every format unless --show-secrets', () => {
  const report = withSecrets(fixtureReport());
  const secrets = report.findings.map((f) => f.secret!);

  for (const format of SCAN_FORMATS) {
    it(`${format} without showSecrets`, () => {
      for (const color of [false, true]) {
        const out = formatScanReport(report, format, { ...opts, color });
        for (const secret of secrets) expect(out).not.toContain(secret);
        expect(out).not.toContain(canary(0).slice(0, 'spillkit-canary'.length));
      }
    });
  }

  it('json, csv and text show them on request', () => {
    for (const format of ['json', 'csv', 'text'] as const) {
      const out = formatScanReport(report, format, { ...opts, showSecrets: true });
      for (const secret of secrets) expect(out).toContain(secret);
    }
  });

  it('sarif never carries them, not even on request: it is made to be uploaded', () => {
    const out = formatScanReport(report, 'sarif', { ...opts, showSecrets: true });
    for (const secret of secrets) expect(out).not.toContain(secret);
    expect(out).not.toContain('secretHash');
    for (const finding of report.findings) expect(out).not.toContain(finding.secretHash);
  });
});
