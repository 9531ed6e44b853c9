// Options that must change how the scan runs or what it reports, and nothing else: --baseline hides
// what a previous report holds; --no-delta-reuse and --threads 1 give the very same findings.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import type { Finding } from '../../src/scan/finding.js';
import type { Repo } from '../helpers/repo-builder.js';
import { runCli, scanJson } from '../helpers/run-cli.js';
import { ALL_FIXTURES, deltaChainFixture, onlyFindingOf, specialRefsFixture } from './fixtures.js';

const byFingerprint = (findings: Finding[]) => [...findings].sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));

describe('--baseline', () => {
  let fx: ReturnType<typeof specialRefsFixture>;
  let dir: string;
  beforeAll(() => {
    fx = specialRefsFixture();
    dir = mkdtempSync(join(tmpdir(), 'spillkit-baseline-'));
  });
  afterAll(() => {
    fx?.repo.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('suppresses everything a previous JSON report holds, then reports only what is new', async () => {
    const baseline = join(dir, 'baseline.json');
    const first = await runCli(['scan', fx.repo.dir, '--format', 'json', '--output', baseline, '--no-progress']);
    expect(first.code).toBe(1);

    const again = await scanJson(fx.repo.dir, ['--baseline', baseline]);
    expect(again.report.findings).toEqual([]);
    expect(again.code).toBe(0);
    expect(again.report.stats.suppressed).toBeGreaterThanOrEqual(Object.keys(fx.secrets).length);

    const fresh = fakeSecret('github-pat', 'baseline-new');
    fx.repo.commit({ files: { 'new.cfg': `upstream = ${fresh}\n` }, message: 'new leak' });
    const afterLeak = await scanJson(fx.repo.dir, ['--baseline', baseline]);
    expect(afterLeak.code).toBe(1);
    expect(afterLeak.report.findings).toHaveLength(1);
    onlyFindingOf(afterLeak.report, fresh);
  });

  it('refuses a baseline that is not a report: exit 2, one line', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"version": 1, "findings": "nope"');
    const result = await runCli(['scan', fx.repo.dir, '--baseline', bad, '--no-progress']);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').filter((l) => l.trim())).toHaveLength(1);
  });
});

describe('delta reuse', () => {
  let fx: ReturnType<typeof deltaChainFixture>;
  beforeAll(() => {
    fx = deltaChainFixture();
  });
  afterAll(() => fx?.repo.cleanup());

  it('is on by default and searches fewer bytes than it reads on a delta chain; off with --no-delta-reuse', async () => {
    const reuse = await scanJson(fx.repo.dir);
    expect(reuse.report.stats.deltaReuse).toBe(true);
    expect(reuse.report.stats.scannedBytes).toBeLessThan(reuse.report.stats.blobBytes);
    const full = await scanJson(fx.repo.dir, ['--no-delta-reuse']);
    expect(full.report.stats.deltaReuse).toBe(false);
    expect(full.report.stats.blobBytes).toBe(reuse.report.stats.blobBytes);
  });
});

describe('--no-delta-reuse and --threads 1 give the findings of the default mode', () => {
  const repos: Record<string, Repo> = {};
  beforeAll(() => {
    for (const [name, build] of Object.entries(ALL_FIXTURES)) repos[name] = build().repo;
  });
  afterAll(() => Object.values(repos).forEach((r) => r.cleanup()));

  // Concurrent across fixtures (each is its own repository and store): a scan costs about a second.
  it.concurrent.for(Object.keys(ALL_FIXTURES))('on the %s fixture', async (name, { expect }) => {
    const dir = repos[name].dir;
    // One after the other: each scan also writes the repository's incident store, which is locked.
    const normal = await scanJson(dir);
    const noReuse = await scanJson(dir, ['--no-delta-reuse']);
    const oneThread = await scanJson(dir, ['--threads', '1']);
    expect(normal.report.stats.threads).toBeGreaterThanOrEqual(1);
    expect(oneThread.report.stats.threads).toBe(1);
    expect(byFingerprint(noReuse.report.findings)).toEqual(byFingerprint(normal.report.findings));
    expect(byFingerprint(oneThread.report.findings)).toEqual(byFingerprint(normal.report.findings));
    expect([noReuse.code, oneThread.code]).toEqual([normal.code, normal.code]);
  });
});
