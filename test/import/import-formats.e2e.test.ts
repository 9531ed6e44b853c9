import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../../src/git/repo.js';
import { openStore } from '../../src/incident/store.js';
import type { Finding, ScanReport } from '../../src/scan/finding.js';
import { readFindingSecret } from '../../src/scan/secret-lookup.js';
import { runCli, scanJson } from '../helpers/run-cli.js';
import { scratchDirs } from '../helpers/scratch-dirs.js';
import { gitleaksReport, importFixture, kingfisherReport, MALLORY, sarifReport, trufflehogReport, type ImportFixture } from './fixture.js';

interface ImportJson {
  repository: string;
  entries: number;
  imported: Array<Finding & { entries: number[] }>;
  unlocated: Array<{ entry: number; tool: string; rule: string; path: string | null; commit: string | null; reason: string }>;
  saved: string | null;
}

const scratch = scratchDirs('spillkit-import-');
let fx: ImportFixture;
/** The native scan's finding of the token, taken before any import. */
let nativeToken: Finding;
let nativeScan: ScanReport;

beforeAll(async () => {
  fx = importFixture('formats');
  const { report } = await scanJson(fx.repo.dir);
  nativeScan = report;
  const tokens = report.findings.filter((f) => f.rule === 'github-pat');
  expect(tokens).toHaveLength(1);
  nativeToken = tokens[0];
  // The fixture's premise: no rule of ours claims the unseal phrase.
  expect(report.findings.some((f) => f.path === 'ops/unseal.txt')).toBe(false);
});
afterAll(() => fx.repo.cleanup());

async function importFile(name: string, text: string, from: string, extra: string[] = []) {
  const file = scratch.write(name, text);
  const result = await runCli(['import', file, '--from', from, '--repo', fx.repo.dir, '--json', ...extra]);
  return { ...result, out: result.json as ImportJson };
}

function latestScan(): ScanReport {
  return openStore(join(fx.repo.dir, '.git'), { readOnly: true }).latestScan()!;
}

/** Nothing a report carried as a secret may reach stdout, stderr or the saved scan. */
function expectNoSecrets(...texts: string[]): void {
  for (const text of texts) for (const secret of [fx.token, fx.unseal, fx.keyId, fx.stranger]) expect(text).not.toContain(secret);
}

function expectTokenIsNative(f: Finding | undefined, tool: string): void {
  expect(f).toBeDefined();
  const { importedFrom, ...rest } = f as Finding & { entries?: number[] };
  delete (rest as { entries?: number[] }).entries;
  expect(rest).toEqual(nativeToken);
  expect(importedFrom?.some((s) => s.tool === tool)).toBe(true);
}

function expectUnseal(f: Finding | undefined, rule: string): void {
  expect(f).toMatchObject({
    rule,
    // Guessed from the other tool's rule name (`vault-unseal`, `VaultUnseal`): our provider id `vault`.
    provider: rule === 'import-sarif-acme001' ? 'generic' : 'vault',
    source: 'blob',
    path: 'ops/unseal.txt',
    line: 2,
    column: fx.unsealLead.length + 1,
    commit: fx.adding,
    author: MALLORY.name,
    authorEmail: MALLORY.email,
    date: fx.addingDate,
    refs: ['refs/heads/main'],
    reachable: true,
    presentAtHead: false,
    occurrences: 2,
    secretBytes: fx.unseal.length,
  });
  expect(f!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  expect(readFindingSecret(openRepository(fx.repo.dir), f!)).toBe(fx.unseal);
}

describe('spillkit import', () => {
  it('gitleaks: places each entry, gives it our provenance and fingerprint, and lists what it cannot place with the reason', async () => {
    const { code, out, stdout, stderr } = await importFile('gitleaks.json', gitleaksReport(fx), 'gitleaks');
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(out.entries).toBe(6);
    expect(out.imported).toHaveLength(2);
    const token = out.imported.find((f) => f.rule === 'github-pat');
    expectTokenIsNative(token, 'gitleaks');
    expect(token!.entries).toEqual([0]);
    expectUnseal(out.imported.find((f) => f.path === 'ops/unseal.txt'), 'import-gitleaks-vault-unseal');
    expect(out.unlocated.map((u) => [u.entry, u.reason])).toEqual([
      [2, `gone/file.env is not in commit ${fx.adding}`],
      [3, `commit ${fx.foreignCommit} is not in this repository`],
      [4, expect.stringMatching(/^line 99 is past the end of the file \(3 lines\)/)],
      [5, expect.stringMatching(/^the secret the report carries is not at line 3 of the file \(\.env in commit/)],
    ]);
    expect(out.unlocated[0]).toEqual({ entry: 2, tool: 'gitleaks', rule: 'github-pat', path: 'gone/file.env', commit: fx.adding, reason: expect.any(String) });

    // Saved into the incident store: the native findings stay, the imported ones join them.
    const saved = latestScan();
    expect(saved.version).toBe(1);
    for (const f of nativeScan.findings) expect(saved.findings.map((x) => x.fingerprint)).toContain(f.fingerprint);
    expect(saved.findings.find((f) => f.fingerprint === nativeToken.fingerprint)?.importedFrom).toEqual([{ tool: 'gitleaks', rule: 'github-pat' }]);
    expect(saved.stats.findings).toBe(saved.findings.length);
    expect(statSync(out.saved!).mode & 0o777).toBe(0o600);
    expectNoSecrets(stdout, stderr, readFileSync(out.saved!, 'utf8'));
  });

  it('gitleaks --redact: the text around REDACTED and our rules place the secrets', async () => {
    const { code, out, stdout } = await importFile('gitleaks-redacted.json', gitleaksReport(fx, { redact: true }), 'gitleaks', ['--dry-run']);
    expect(code).toBe(1);
    expect(out.saved).toBeNull();
    expectTokenIsNative(out.imported.find((f) => f.rule === 'github-pat'), 'gitleaks');
    expectUnseal(out.imported.find((f) => f.path === 'ops/unseal.txt'), 'import-gitleaks-vault-unseal');
    expect(out.unlocated.map((u) => u.entry)).toEqual([2, 3, 4]);
    expectNoSecrets(stdout);
  });

  it('trufflehog: git results, a filesystem result placed at HEAD, a source that is not a file', async () => {
    const { code, out, stdout, stderr } = await importFile('trufflehog.jsonl', trufflehogReport(fx), 'trufflehog');
    expect(code).toBe(1);
    const token = out.imported.find((f) => f.rule === 'github-pat');
    expectTokenIsNative(token, 'trufflehog');
    expect(token!.entries).toEqual([0, 3]);
    const aws = out.imported.find((f) => f.provider === 'aws');
    expect(aws).toMatchObject({ rule: nativeScan.findings.find((f) => f.provider === 'aws')!.rule, path: 'deploy/aws.cfg', commit: fx.adding, presentAtHead: true });
    expect(aws!.fingerprint).toBe(nativeScan.findings.find((f) => f.provider === 'aws')!.fingerprint);
    expectUnseal(out.imported.find((f) => f.path === 'ops/unseal.txt'), 'import-trufflehog-vault-unseal');
    expect(out.unlocated).toEqual([{ entry: 4, tool: 'trufflehog', rule: 'Github', path: null, commit: null, reason: 'TruffleHog source S3 is not a file in git' }]);
    expectNoSecrets(stdout, stderr);
  });

  it('kingfisher: the JSON envelope and JSON lines', async () => {
    for (const format of ['json', 'jsonl'] as const) {
      const { code, out } = await importFile(`kingfisher.${format}`, kingfisherReport(fx, format), 'kingfisher', ['--dry-run']);
      expect(code).toBe(1);
      expect(out.entries).toBe(2);
      expectTokenIsNative(out.imported.find((f) => f.rule === 'github-pat'), 'kingfisher');
      expectUnseal(out.imported.find((f) => f.path === 'ops/unseal.txt'), 'import-kingfisher-custom-vault-unseal');
      expect(out.unlocated).toEqual([]);
    }
  });

  it('sarif: a gitleaks run (snippet and commitSha) and another tool that gives only columns and the scanned revision', async () => {
    const { code, out, stdout } = await importFile('report.sarif', sarifReport(fx), 'sarif', ['--dry-run']);
    expect(code).toBe(1);
    const token = out.imported.find((f) => f.rule === 'github-pat');
    expectTokenIsNative(token, 'sarif');
    expect(token!.importedFrom).toContainEqual({ tool: 'sarif', rule: 'github-pat', scanner: 'gitleaks' });
    expectUnseal(out.imported.find((f) => f.path === 'ops/unseal.txt'), 'import-sarif-acme001');
    expect(out.unlocated).toEqual([{ entry: 2, tool: 'sarif', rule: 'ACME002', path: null, commit: fx.adding, reason: 'the result has no physical location (no file)' }]);
    expectNoSecrets(stdout);
  });

  it('revoke --finding works on an imported fingerprint, reading the secret back from git', async () => {
    await importFile('gitleaks-again.json', gitleaksReport(fx), 'gitleaks');
    const unseal = latestScan().findings.find((f) => f.path === 'ops/unseal.txt')!;
    const { code, stdout, stderr } = await runCli(['revoke', '--finding', unseal.fingerprint, '--repo', fx.repo.dir, '--dry-run']);
    expect(stderr).not.toMatch(/no finding with fingerprint|not at line/);
    expect([0, 1]).toContain(code);
    expect(stdout).toContain(unseal.redacted);
    expect(stdout).toContain('import-gitleaks-vault-unseal');
    expectNoSecrets(stdout, stderr);
  });

  it('text output: a table of what was imported and of what was not, with reasons', async () => {
    const file = scratch.write('gitleaks-text.json', gitleaksReport(fx));
    const { code, stdout } = await runCli(['import', file, '--from', 'gitleaks', '--repo', fx.repo.dir, '--dry-run']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/6 entries in the gitleaks report .*: would import 2 finding\(s\) into .*, 4 not located\./);
    expect(stdout).toMatch(/FINGERPRINT +RULE +PROVIDER +WHERE +INTRODUCED +SECRET +FROM/);
    expect(stdout).toContain(nativeToken.fingerprint);
    expect(stdout).toMatch(/Not located:\nENTRY +TOOL +RULE +PATH +COMMIT +REASON/);
    expect(stdout).toContain('is not in this repository');
    expectNoSecrets(stdout);
  });

  it('exits 0 when nothing could be imported, and saves nothing', async () => {
    const before = latestScan().findings.length;
    const only = JSON.stringify([JSON.parse(gitleaksReport(fx))[3]]);
    const { code, out } = await importFile('nothing.json', only, 'gitleaks');
    expect(code).toBe(0);
    expect(out.imported).toEqual([]);
    expect(out.unlocated).toHaveLength(1);
    expect(out.saved).toBeNull();
    expect(latestScan().findings.length).toBe(before);
  });
});

describe('malformed reports', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['gitleaks', 'truncated.json', '[{"RuleID": "x", "File":', /not a valid gitleaks JSON report \(invalid JSON/],
    ['gitleaks', 'object.json', '{"RuleID": "x"}', /not a valid gitleaks JSON report \(expected an array of findings\)/],
    ['gitleaks', 'norule.json', '[{"File": "a"}]', /finding 0 has no RuleID/],
    ['trufflehog', 'garbage.jsonl', '{"SourceMetadata": {}, "DetectorName": "AWS"}\nnot json at all\n', /line 2 is not JSON/],
    ['trufflehog', 'array.jsonl', '[1, 2]\n', /line 1 is not a JSON object/],
    ['kingfisher', 'other.json', '{"hello": "world"}', /neither a findings envelope nor a finding record/],
    ['sarif', 'noruns.sarif', '{"version": "2.1.0"}', /not a valid SARIF 2.1.0 log \(no runs array\)/],
    ['sarif', 'v1.sarif', '{"version": "1.0.0", "runs": []}', /version 1.0.0, expected 2.1.0/],
    ['sarif', 'binary.sarif', '\u0000\u0001\u0002', /invalid JSON/],
  ];
  for (const [from, name, text, message] of cases) {
    it(`${from} ${name}: one line on stderr, exit 2`, async () => {
      const file = scratch.write(name, text);
      const { code, stdout, stderr } = await runCli(['import', file, '--from', from, '--repo', fx.repo.dir]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
    });
  }

  it('usage errors: no --from, an unknown format, a missing file, a file and alerts together', async () => {
    const file = scratch.write('empty.json', '[]');
    for (const [args, message] of [
      [['import', file], /--from is required/],
      [['import', file, '--from', 'ggshield'], /--from must be one of gitleaks, trufflehog, kingfisher, sarif/],
      [['import', join(scratch.dir, 'missing.json'), '--from', 'gitleaks'], /cannot read .*missing\.json: ENOENT/],
      [['import', file, '--from', 'gitleaks', '--github-alerts', 'acme/app'], /not both/],
    ] as const) {
      const { code, stderr } = await runCli([...args, '--repo', fx.repo.dir]);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
    }
    writeFileSync(file, '[]');
    expect((await runCli(['import', file, '--from', 'gitleaks', '--repo', fx.repo.dir])).code).toBe(0);
  });
});
