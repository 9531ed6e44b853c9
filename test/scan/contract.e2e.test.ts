// SPEC.md "Findings", "Commands" and "Incident store", end to end through bin/spillkit.js: the JSON
// shape, exit codes, the secret staying out of every output and file, the other formats, --output and
// the saved scan.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, ScanReport } from '../../src/scan/finding.js';
import { buildRepo, initRepo, type Repo } from '../helpers/repo-builder.js';
import { runCli, scanJson, type CliResult } from '../helpers/run-cli.js';
import { deletedFileFixture, onlyFindingOf, sha256, specialRefsFixture } from './fixtures.js';

const HEX40 = /^[0-9a-f]{40}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const STACK_FRAME = /^\s+at .+[:(]\d+/m;

let leaked: ReturnType<typeof deletedFileFixture>;
let special: ReturnType<typeof specialRefsFixture>;
let clean: Repo;
let empty: Repo;
let notARepo: string;
let outDir: string;

/** One run per format on the repo with every kind of source, shared by the tests below (a scan is slow). */
const FORMATS = ['text', 'json', 'sarif', 'csv', 'default'] as const;
const byFormat = {} as Record<(typeof FORMATS)[number], CliResult>;
let leakedReport: ScanReport;

beforeAll(async () => {
  leaked = deletedFileFixture();
  special = specialRefsFixture();
  clean = buildRepo([{ files: { 'README.md': '# nothing to see\n', 'src/app.js': 'export {};\n' }, message: 'init' }]);
  empty = initRepo();
  notARepo = mkdtempSync(join(tmpdir(), 'spillkit-not-a-repo-'));
  writeFileSync(join(notARepo, 'file.txt'), 'plain folder\n');
  outDir = mkdtempSync(join(tmpdir(), 'spillkit-out-'));
  const formatRuns = async () => {
    for (const format of FORMATS) { // one repository, one store: one scan at a time
      const formatArgs = format === 'default' ? [] : ['--format', format];
      byFormat[format] = await runCli(['scan', special.repo.dir, ...formatArgs, '--no-progress']);
    }
  };
  const leakedRun = async () => {
    leakedReport = (await scanJson(leaked.repo.dir)).report;
  };
  await Promise.all([formatRuns(), leakedRun()]);
});

afterAll(() => {
  for (const repo of [leaked?.repo, special?.repo, clean, empty]) repo?.cleanup();
  for (const dir of [notARepo, outDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every file under `dir`, recursively, as text (the incident store is small). */
function readTree(dir: string): { path: string; text: string }[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true }) as string[];
  } catch {
    return [];
  }
  return entries.map((e) => join(dir, e)).filter((p) => statSync(p).isFile())
    .map((path) => ({ path, text: readFileSync(path, 'latin1') }));
}

function expectOneCleanErrorLine(result: CliResult): void {
  const lines = result.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines, result.stderr).toHaveLength(1);
  expect(result.stderr).not.toMatch(STACK_FRAME);
}

function expectFindingShape(f: Finding): void {
  const required = ['fingerprint', 'rule', 'provider', 'severity', 'confidence', 'source', 'path', 'line', 'column',
    'commit', 'author', 'authorEmail', 'date', 'blob', 'refs', 'reachable', 'presentAtHead', 'redacted', 'secretHash',
    'occurrences', 'why'];
  const optional = ['tag', 'pairedWith'];
  expect(Object.keys(f).filter((k) => !required.includes(k) && !optional.includes(k)), 'unknown finding fields').toEqual([]);
  for (const key of required) expect(f, `finding field ${key}`).toHaveProperty(key);

  expect(f.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  expect(f.why.length, 'why says what made it a finding').toBeGreaterThan(0);
  expect(f.rule).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  expect(f.provider).toMatch(/^[a-z0-9-]+$/);
  expect(['critical', 'high', 'medium', 'low']).toContain(f.severity);
  expect(['high', 'medium', 'low']).toContain(f.confidence);
  expect(['blob', 'commit-message', 'tag-message']).toContain(f.source);
  if (f.source === 'blob') {
    if (f.path !== null) expect(f.path).toMatch(/^[^/].*[^/]$/);
  } else {
    expect(f.path).toBeNull();
  }
  expect(Number.isInteger(f.line) && f.line >= 1).toBe(true);
  expect(Number.isInteger(f.column) && f.column >= 1).toBe(true);
  if (f.commit === null) {
    expect([f.author, f.authorEmail, f.date]).toEqual([null, null, null]);
  } else {
    expect(f.commit).toMatch(HEX40);
    expect(typeof f.author).toBe('string');
    expect(typeof f.authorEmail).toBe('string');
    expect(f.date).toMatch(ISO);
  }
  if (f.source === 'tag-message') expect(typeof f.tag).toBe('string');
  else expect(f.tag).toBeUndefined();
  expect(f.blob).toMatch(HEX40);
  expect(Array.isArray(f.refs)).toBe(true);
  for (const ref of f.refs) expect(ref).toMatch(/^refs\//);
  expect(f.refs).toEqual([...f.refs].sort());
  expect(typeof f.reachable).toBe('boolean');
  expect(typeof f.presentAtHead).toBe('boolean');
  if (!f.reachable) expect(f.refs).toEqual([]);
  expect(typeof f.redacted).toBe('string');
  expect(f.redacted.length).toBeGreaterThan(0);
  expect(f.secretHash).toMatch(/^[0-9a-f]{64}$/);
  expect(Number.isInteger(f.occurrences) && f.occurrences >= 1).toBe(true);
  if (f.pairedWith !== undefined) expect(f.pairedWith).toMatch(/^[0-9a-f]{16}$/);
}

function expectReportShape(report: ScanReport): void {
  expect(Object.keys(report).sort()).toEqual(['findings', 'repository', 'scannedAt', 'stats', 'version']);
  expect(report.version).toBe(1);
  expect(typeof report.repository).toBe('string');
  expect(report.repository.length).toBeGreaterThan(0);
  expect(report.scannedAt).toMatch(ISO);
  expect(Math.abs(Date.parse(report.scannedAt) - Date.now())).toBeLessThan(10 * 60_000);
  const s = report.stats;
  for (const key of ['objects', 'blobs', 'commits', 'trees', 'tags', 'packs', 'looseObjects', 'blobBytes',
    'scannedBytes', 'durationMs', 'threads', 'findings', 'suppressed'] as const) {
    expect(Number.isInteger(s[key]) && s[key] >= 0, `stats.${key} = ${s[key]}`).toBe(true);
  }
  expect(typeof s.deltaReuse).toBe('boolean');
  expect(Array.isArray(s.warnings)).toBe(true);
  expect(s.findings).toBe(report.findings.length);
  expect(Array.isArray(report.findings)).toBe(true);
  report.findings.forEach(expectFindingShape);
  const fingerprints = report.findings.map((f) => f.fingerprint);
  expect(new Set(fingerprints).size, 'fingerprints are unique').toBe(fingerprints.length);
}

describe('scan --format json: the report shape', () => {
  it('has every field of SPEC.md with its type, on a repo with every kind of source', () => {
    const report = byFormat.json.json as ScanReport;
    expectReportShape(report);
    const sources = new Set(report.findings.map((f) => f.source));
    expect([...sources].sort()).toEqual(['blob', 'commit-message', 'tag-message']);
    expect(report.stats.commits).toBeGreaterThan(0);
    expect(report.stats.tags).toBe(1);
  });

  it('describes a leaked secret faithfully: hash, redaction, blob', () => {
    expectReportShape(leakedReport);
    const f = onlyFindingOf(leakedReport, leaked.secret);
    expect(f.secretHash).toBe(sha256(leaked.secret));
    expect(f.redacted).not.toContain(leaked.secret);
    expect(f.redacted.length).toBeLessThan(leaked.secret.length);
    expect(f.blob).toBe(leaked.repo.rev(`${leaked.adding}:.env`));
    expect(f.provider).toBe('github');
    expect(f.secret).toBeUndefined();
  });

  it('gives the same fingerprints on every run', async () => {
    const again = await scanJson(leaked.repo.dir);
    expect(again.report.findings.map((f) => f.fingerprint)).toEqual(leakedReport.findings.map((f) => f.fingerprint));
  });
});

describe('exit codes', () => {
  it('0 on a clean repository, with an empty findings list', async () => {
    const { code, report, stderr } = await scanJson(clean.dir);
    expect(code, stderr).toBe(0);
    expect(report.findings).toEqual([]);
    expectReportShape(report);
  });

  it('0 on a repository without any commit', async () => {
    const { code, report } = await scanJson(empty.dir);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
  });

  it('1 when secrets are found, in every format', () => {
    for (const format of FORMATS) {
      const result = byFormat[format];
      expect(result.code, `${format}: ${result.stderr}`).toBe(1);
      expect(result.stdout.length, `${format} prints the findings`).toBeGreaterThan(0);
      expect(result.stderr).not.toMatch(STACK_FRAME);
    }
  });

  it('2 with one clear stderr line on a folder that is not a repository', async () => {
    const result = await runCli(['scan', notARepo, '--no-progress']);
    expect(result.code).toBe(2);
    expectOneCleanErrorLine(result);
    expect(result.stdout).toBe('');
  });

  it('2 with one clear stderr line on a path that does not exist', async () => {
    const result = await runCli(['scan', join(notARepo, 'nowhere'), '--format', 'json']);
    expect(result.code).toBe(2);
    expectOneCleanErrorLine(result);
  });

  it('2 on an unknown format or a bad thread count', async () => {
    for (const args of [['--format', 'yaml'], ['--threads', 'zero']]) {
      const result = await runCli(['scan', clean.dir, ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expectOneCleanErrorLine(result);
    }
  });
});

describe('the secret stays secret', () => {
  const allSecrets = () => [leaked.secret, ...Object.values(special.secrets)];

  it('never appears in stdout or stderr of any format without --show-secrets', () => {
    for (const format of FORMATS) {
      const { stdout, stderr } = byFormat[format];
      for (const secret of Object.values(special.secrets)) {
        expect(stdout.includes(secret), `${format} stdout holds a secret`).toBe(false);
        expect(stderr.includes(secret), `${format} stderr holds a secret`).toBe(false);
      }
    }
  });

  it('appears with --show-secrets (json `secret` field and the text output)', async () => {
    const { report } = await scanJson(leaked.repo.dir, ['--show-secrets']);
    expect(onlyFindingOf(report, leaked.secret).secret).toBe(leaked.secret);
    const text = await runCli(['scan', leaked.repo.dir, '--show-secrets', '--no-progress']);
    expect(text.stdout).toContain(leaked.secret);
    expect(text.stderr).not.toContain(leaked.secret);
  });

  it('is never written to the incident store, even with --show-secrets', async () => {
    await runCli(['scan', special.repo.dir, '--format', 'json', '--show-secrets', '--no-progress']);
    // both stores: the leaked repo was scanned with --show-secrets by the test above
    const files = [leaked.repo, special.repo].flatMap((repo) => readTree(join(repo.gitDir, 'spillkit')));
    expect(files.length).toBeGreaterThan(0);
    for (const { path, text } of files) {
      for (const secret of allSecrets()) expect(text.includes(secret), `${path} holds a secret`).toBe(false);
    }
  });
});

describe('incident store', () => {
  it('saves every scan under <gitdir>/spillkit/scans/ with its findings', async () => {
    const scansDir = join(leaked.repo.gitDir, 'spillkit', 'scans');
    const before = readTree(scansDir).length;
    const { report } = await scanJson(leaked.repo.dir);
    const after = readTree(scansDir);
    expect(after.length).toBeGreaterThan(before);
    const fingerprint = onlyFindingOf(report, leaked.secret).fingerprint;
    expect(after.some(({ text }) => text.includes(fingerprint))).toBe(true);
  });

  it('saves the scans of every format', () => {
    const saved = readTree(join(special.repo.gitDir, 'spillkit', 'scans')).filter((f) => !f.path.endsWith('latest.json'));
    expect(saved.length).toBeGreaterThanOrEqual(FORMATS.length);
  });
});

describe('other formats and --output', () => {
  it('--format sarif prints SARIF 2.1.0 with one result per finding', () => {
    const report = byFormat.json.json as ScanReport;
    const sarif = byFormat.sarif.json as {
      version: string;
      runs: { tool: { driver: { name: string } }; results: { ruleId: string; message: { text: string } }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    expect(sarif.runs[0].tool.driver.name.toLowerCase()).toContain('spillkit');
    expect(sarif.runs[0].results).toHaveLength(report.findings.length);
    expect(sarif.runs[0].results.map((r) => r.ruleId).sort()).toEqual(report.findings.map((f) => f.rule).sort());
  });

  it('--format csv prints a header and one row per finding, with the fingerprints', () => {
    const report = byFormat.json.json as ScanReport;
    const rows = byFormat.csv.stdout.split(/\r?\n/).filter((l) => l !== '');
    expect(rows[0]).toMatch(/fingerprint/);
    expect(rows).toHaveLength(report.findings.length + 1);
    for (const f of report.findings) expect(byFormat.csv.stdout).toContain(f.fingerprint);
  });

  it('text is the default format and names each finding by fingerprint and path', () => {
    const report = byFormat.json.json as ScanReport;
    for (const output of [byFormat.text, byFormat.default]) {
      expect(output.json).toBeUndefined();
      for (const f of report.findings) {
        expect(output.stdout).toContain(f.fingerprint);
        if (f.path) expect(output.stdout).toContain(f.path);
      }
    }
  });

  it('--output FILE writes the report to the file', async () => {
    const file = join(outDir, 'report.json');
    const result = await runCli(['scan', leaked.repo.dir, '--format', 'json', '--output', file, '--no-progress']);
    expect(result.code, result.stderr).toBe(1);
    const written = JSON.parse(readFileSync(file, 'utf8')) as ScanReport;
    expectReportShape(written);
    onlyFindingOf(written, leaked.secret);
    expect(result.stdout).not.toContain('"findings"');
  });

  it('--output FILE with --show-secrets is readable by its owner only (it holds secrets)', async () => {
    const file = join(outDir, 'with-secrets.json');
    await runCli(['scan', leaked.repo.dir, '--format', 'json', '--show-secrets', '--output', file, '--no-progress']);
    expect(readFileSync(file, 'utf8')).toContain(leaked.secret);
    expect(statSync(file).mode & 0o077).toBe(0);
  });
});
