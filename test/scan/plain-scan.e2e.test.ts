import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import type { ScanReport } from '../../src/scan/finding.js';
import { BIN, runCli } from '../helpers/run-cli.js';

/** `scan --no-git DIR` and `scan -` (SPEC): the rules on plain files and on standard input. */
let dir: string;
let outside: string;
const token = fakeSecret('github-pat', 'plain-dir');
const hidden = fakeSecret('github-pat', 'plain-git-dir');
const linked = fakeSecret('github-pat', 'plain-outside');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'spillkit-plain-'));
  outside = mkdtempSync(join(tmpdir(), 'spillkit-plain-outside-'));
  mkdirSync(join(dir, 'config'), { recursive: true });
  writeFileSync(join(dir, 'config', 'deploy.cfg'), `# deploy\ntoken = ${token}\nagain = ${token}\n`);
  mkdirSync(join(dir, '.git'), { recursive: true });
  writeFileSync(join(dir, '.git', 'stray'), `token = ${hidden}\n`);
  writeFileSync(join(outside, 'secret.txt'), `token = ${linked}\n`);
  symlinkSync(join(outside, 'secret.txt'), join(dir, 'link.txt'));
  symlinkSync(outside, join(dir, 'linkdir'));
  // A repository's own config must not hide what --no-git finds.
  writeFileSync(join(dir, '.spillkit.yaml'), 'allowlist:\n  paths: [".*"]\n');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

function withStdin(args: string[], input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin!.end(input);
  });
}

describe('scan --no-git DIR', () => {
  it('scans plain files, once per secret and path, without following links or entering .git', async () => {
    const r = await runCli(['scan', '--no-git', dir, '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const report = r.json as ScanReport;
    expect(report.findings.map((f) => [f.rule, f.path, f.line, f.occurrences])).toEqual([['github-pat', 'config/deploy.cfg', 2, 2]]);
    expect(report.findings[0]).toMatchObject({ commit: null, refs: [], reachable: null, presentAtHead: null, source: 'blob' });
    expect(report.stats.input).toBe('directory');
    expect(r.stdout).not.toContain(token);
  });

  it('prints text without history lines, and refuses flags that need git', async () => {
    const text = await runCli(['scan', '--no-git', dir]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('config/deploy.cfg:2');
    expect(text.stdout).not.toContain('commit ');
    const bad = await runCli(['scan', '--no-git', dir, '--since', 'HEAD']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const missing = await runCli(['scan', '--no-git', join(dir, 'nope')]);
    expect(missing.code).toBe(2);
  });
});

describe('scan -', () => {
  it('scans standard input as one file', async () => {
    const r = await withStdin(['scan', '-', '--format', 'json'], `export GH_TOKEN=${token}\n`);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.findings.map((f) => [f.rule, f.path, f.line])).toEqual([['github-pat', '-', 1]]);
    expect(report.stats.input).toBe('stdin');
    expect(r.stdout).not.toContain(token);
    const clean = await withStdin(['scan', '-'], 'nothing to see\n');
    expect(clean.code).toBe(0);
  });
});
