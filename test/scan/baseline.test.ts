import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import type { Finding, ScanReport } from '../../src/scan/finding.js';
import { gitleaksFingerprint, isBaselined, loadBaseline, parseBaseline, writeBaseline } from '../../src/scan/baseline.js';
import { spillkitErrorOf } from '../helpers/spillkit-error.js';

const dir = mkdtempSync(join(tmpdir(), 'spillkit-baseline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

function finding(over: Partial<Finding> = {}): Finding {
  const secret = fakeSecret('github-pat', over.fingerprint ?? 'base');
  return {
    fingerprint: `fp-${sha1(secret).slice(0, 16)}`,
    rule: 'github-pat',
    provider: 'github',
    severity: 'critical',
    confidence: 'high',
    source: 'blob',
    path: 'config/app.env',
    line: 3,
    column: 14,
    commit: sha1('c1'),
    author: 'Dev',
    authorEmail: 'dev@example.com',
    date: '2024-01-02T03:04:05Z',
    blob: sha1('blob'),
    refs: ['refs/heads/main'],
    reachable: true,
    presentAtHead: true,
    redacted: 'ghp_…xyz (40 chars)',
    secretHash: sha256(secret),
    occurrences: 1,
    ...over,
  };
}

function report(findings: Finding[]): ScanReport {
  return {
    version: 1,
    repository: '/repo',
    scannedAt: '2024-01-02T03:04:05Z',
    stats: {
      objects: 1, blobs: 1, commits: 1, trees: 1, tags: 0, packs: 0, looseObjects: 1, blobBytes: 10, scannedBytes: 10,
      durationMs: 1, threads: 1, deltaReuse: false, findings: findings.length, suppressed: 0, warnings: [],
    },
    findings,
  };
}

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}


describe('spillkit report baselines', () => {
  const known = finding();
  const file = write('baseline.json', writeBaseline(report([known])));

  it('matches by fingerprint', () => {
    const baseline = loadBaseline(file);
    expect(isBaselined(baseline, known)).toBe(true);
    expect(isBaselined(baseline, finding({ fingerprint: 'other' }))).toBe(false);
  });

  it('matches the same secret at the same path under the same rule when the fingerprint moved', () => {
    const baseline = loadBaseline(file);
    const rewritten = { ...known, fingerprint: 'fp-after-rewrite', commit: sha1('c2') };
    expect(isBaselined(baseline, rewritten)).toBe(true);
    expect(isBaselined(baseline, { ...rewritten, path: 'config/other.env' })).toBe(false);
    expect(isBaselined(baseline, { ...rewritten, rule: 'generic-api-key' })).toBe(false);
  });

  it('refuses what is not a report', () => {
    expect(spillkitErrorOf(() => parseBaseline('{"findings": {}}', 'b.json')).message).toBe('b.json: not a spillkit scan report (no findings array)');
    expect(spillkitErrorOf(() => parseBaseline('{"version": 2, "findings": []}', 'b.json')).message).toMatch(/unsupported scan report version 2/);
    expect(spillkitErrorOf(() => parseBaseline('{"findings": [{"rule": "a"}]}', 'b.json')).message).toBe('b.json: findings[0] has no fingerprint');
    const e = spillkitErrorOf(() => parseBaseline('{\n  "findings": [\n    {"fingerprint": "a",}\n  ]\n}', 'b.json'));
    expect(e.code).toBe('BAD_BASELINE');
    expect(e.message).toMatch(/^b\.json:3: invalid JSON: /);
  });
});

describe('text baselines', () => {
  it('reads one fingerprint per line with # comments', () => {
    const a = finding({ fingerprint: 'fp-a' });
    const b = finding({ fingerprint: 'fp-b' });
    const baseline = loadBaseline(write('baseline.txt', `# triaged 2024-01-02\nfp-a   # test key, revoked\n\n  \r\n`));
    expect([...baseline.fingerprints]).toEqual(['fp-a']);
    expect(isBaselined(baseline, a)).toBe(true);
    expect(isBaselined(baseline, b)).toBe(false);
  });

  it('accepts gitleaks fingerprints in text form', () => {
    const f = finding();
    const baseline = parseBaseline(`${gitleaksFingerprint(f)}\n`, 'b.txt');
    expect(isBaselined(baseline, f)).toBe(true);
  });

  it('refuses a line with more than one word', () => {
    const e = spillkitErrorOf(() => parseBaseline('fp-a\nfp-b fp-c\n', 'b.txt'));
    expect(e.code).toBe('BAD_BASELINE');
    expect(e.message).toBe('b.txt:2: expected one fingerprint per line');
  });

  it('is empty for an empty file', () => {
    expect(isBaselined(parseBaseline('', 'b.txt'), finding())).toBe(false);
  });
});

describe('gitleaks report baselines', () => {
  const f = finding({ rule: 'acme-internal-token' });
  const secret = fakeSecret('github-pat', 'gitleaks-report');

  it('keeps only fingerprints, never the secret', () => {
    const entries = [
      {
        Description: 'ACME token', StartLine: f.line, EndLine: f.line, Match: `token = ${secret}`, Secret: secret,
        File: f.path, Commit: f.commit, RuleID: f.rule, Fingerprint: `${f.commit}:${f.path}:${f.rule}:${f.line}`,
      },
      // No Fingerprint: built from Commit/File/RuleID/StartLine.
      { File: 'b.env', Commit: sha1('c9'), RuleID: 'x-rule', StartLine: 7, Secret: secret },
      // A directory scan: no commit.
      { File: 'c.env', RuleID: 'y-rule', StartLine: 2 },
    ];
    const baseline = loadBaseline(write('gitleaks-report.json', JSON.stringify(entries)));
    expect(JSON.stringify([...baseline.gitleaksFingerprints])).not.toContain(secret);
    expect(baseline.fingerprints.size + baseline.triples.size).toBe(0);
    expect(isBaselined(baseline, f)).toBe(true);
    expect(isBaselined(baseline, { ...f, line: f.line + 1 })).toBe(false);
    expect(isBaselined(baseline, finding({ fingerprint: 'q', rule: 'x-rule', path: 'b.env', line: 7, commit: sha1('c9') }))).toBe(true);
    expect(isBaselined(baseline, finding({ fingerprint: 'r', rule: 'y-rule', path: 'c.env', line: 2, commit: null }))).toBe(true);
    expect(isBaselined(baseline, finding({ fingerprint: 's', source: 'commit-message', path: null }))).toBe(false);
  });

  it('refuses entries it cannot use', () => {
    expect(spillkitErrorOf(() => parseBaseline('[1]', 'g.json')).message).toBe('g.json: entry 0 of the gitleaks report is not an object');
    expect(spillkitErrorOf(() => parseBaseline('[{"RuleID": "a"}]', 'g.json')).message).toBe('g.json: entry 0 of the gitleaks report has no Fingerprint');
  });
});

describe('loadBaseline errors', () => {
  it('one clear line for a missing file or a directory', () => {
    const missing = spillkitErrorOf(() => loadBaseline(join(dir, 'nope.json')));
    expect(missing.code).toBe('BAD_BASELINE');
    expect(missing.message).toBe(`${join(dir, 'nope.json')}: baseline file not found`);
    expect(spillkitErrorOf(() => loadBaseline(dir)).message).toMatch(/baseline file is a directory/);
  });
});

describe('writeBaseline', () => {
  it('writes the report without secrets, readable back as a baseline', () => {
    const secret = fakeSecret('slack-bot-token', 'write');
    const shown = finding({ fingerprint: 'fp-shown', secret });
    const text = writeBaseline(report([shown, finding({ fingerprint: 'fp-plain' })]));
    expect(text).not.toContain(secret);
    expect(text).not.toContain('"secret"');
    expect(text.endsWith('\n')).toBe(true);
    const parsed = JSON.parse(text) as ScanReport;
    expect(parsed.version).toBe(1);
    expect(parsed.findings.map((x) => x.fingerprint)).toEqual(['fp-shown', 'fp-plain']);
    expect(parsed.findings[0].secretHash).toBe(shown.secretHash);
    expect(shown.secret).toBe(secret); // the input report is not modified
    const baseline = parseBaseline(text, 'b.json');
    expect(isBaselined(baseline, shown)).toBe(true);
  });
});
