import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildIncidentReport, renderIncidentReport, type ReportFormat } from '../../../src/report/incident/index.js';
import { goldenInput } from './golden-input.js';

/**
 * Golden files pin the Markdown, JSON and HTML reports byte for byte. After an intended change,
 * regenerate them with `UPDATE_GOLDEN=1 npx vitest run test/report/incident` and review the diff.
 */
const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

describe('incident report formats match their golden files', () => {
  for (const format of ['md', 'json', 'html'] as ReportFormat[]) {
    it(`report.${format}`, () => {
      const actual = renderIncidentReport(buildIncidentReport(goldenInput()), format);
      const path = join(GOLDEN_DIR, `report.${format}`);
      if (UPDATE) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(path, actual);
      }
      expect(actual).toBe(readFileSync(path, 'utf8'));
    });
  }

  it('is a pure function of its input', () => {
    expect(buildIncidentReport(goldenInput())).toEqual(buildIncidentReport(goldenInput()));
  });
});

describe('what the golden incident says', () => {
  const report = buildIncidentReport(goldenInput());
  const secret = (fp: string) => report.secrets.find((s) => s.fingerprint === fp)!;

  it('lists a triage dismissal apart, with its reason', () => {
    expect(report.secrets.map((s) => s.fingerprint)).not.toContain('fp-generic-0005');
    expect(report.dismissed).toEqual([expect.objectContaining({ fingerprint: 'fp-generic-0005', decision: 'false-positive', reason: 'sample password in the docs' })]);
  });

  it('reads identity and evidence from nested provider outcomes', () => {
    expect(secret('fp-aws-key-id-0001')).toMatchObject({ owner: 'arn:aws:iam::111122223333:user/deploy', scopes: ['AmazonS3FullAccess'] });
    // last used 2024-04-20, pushed 2024-03-01: after the leak, before the revocation
    expect(secret('fp-aws-key-id-0001').evidence).toMatchObject({ usedAfterLeak: true, usedAfterRevocation: false });
  });

  it('starts exposure at the commit when the reflog shows only a fetch, and keeps the first detection', () => {
    const gh = secret('fp-github-0003');
    expect(gh.firstRemote?.how).toBe('fetch');
    expect(gh.exposure).toMatchObject({ start: '2023-11-20T17:02:44Z', startBasis: 'commit', end: '2024-05-02T10:25:00.000Z', open: false });
    expect(gh.detectedAt).toBe('2024-04-30T08:00:00.000Z');
  });

  it('marks rewritten, verified and pushed secrets, and what the push cannot reach', () => {
    expect(secret('fp-aws-pair-0002').rewrite).toEqual({ operation: 'remove-file', rewrittenAt: '2024-05-02T11:30:00.000Z', verified: true, pushedAt: '2024-05-02T11:45:00.000Z' });
    expect(secret('fp-stripe-0006').rewrite).toBeNull();
    const kinds = report.openItems.map((i) => `${i.kind}:${i.fingerprint ?? ''}`);
    expect(kinds).toContain('revoke:fp-slack-0004');
    expect(kinds).toContain('revoke:fp-stripe-0006');
    expect(kinds).not.toContain('revoke:fp-aws-key-id-0001');
    expect(kinds).not.toContain('revoke:fp-aws-pair-0002');
    expect(report.openItems.some((i) => i.kind === 'push')).toBe(false);
    expect(report.openItems.some((i) => i.text.includes('gc --prune=now'))).toBe(true); // the dangling blob
    expect(report.summary.exposure.open).toBe(true);
  });

  it('keeps the checklist items nobody ticked as open items', () => {
    const steps = report.openItems.filter((i) => i.kind === 'step').map((i) => i.text);
    expect(steps).toEqual(['[revoke] Slack: revoke the bot token under Settings > Install App']);
  });
});
