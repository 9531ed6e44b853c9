// Imported findings flow through the later steps like native ones: later scans keep them (respond's
// scan step too), plan-rewrite plans them, rewrite --apply removes them and its re-scan looks for them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/rules/fake-secret.js';
import type { Finding, ScanReport } from '../../src/scan/finding.js';
import { buildRepo, gitEnv } from '../helpers/repo-builder.js';
import { runCli, scanJson } from '../helpers/run-cli.js';
import { gitleaksReport, importFixture, type ImportFixture } from './fixture.js';

let fx: ImportFixture;
let out: string;
let unseal: Finding;

beforeAll(async () => {
  fx = importFixture('flow');
  out = mkdtempSync(join(tmpdir(), 'spillkit-import-flow-'));
  const file = join(out, 'gitleaks.json');
  execFileSync('sh', ['-c', 'cat > "$0"', file], { input: gitleaksReport(fx) });
  const imported = await runCli(['import', file, '--from', 'gitleaks', '--repo', fx.repo.dir, '--json']);
  expect(imported.code, imported.stderr).toBe(1);
  unseal = (imported.json as { imported: Finding[] }).imported.find((f) => f.path === 'ops/unseal.txt')!;
  expect(unseal.rule).toBe('import-gitleaks-vault-unseal');
});
afterAll(() => {
  fx.repo.cleanup();
  rmSync(out, { recursive: true, force: true });
});

describe('after an import', () => {
  it('a later scan keeps the imported findings, marked, with the same fingerprints, and never prints the secret', async () => {
    for (let round = 0; round < 2; round++) {
      const { report, stdout } = await scanJson(fx.repo.dir);
      const again = report.findings.find((f) => f.fingerprint === unseal.fingerprint);
      expect(again).toMatchObject({ rule: unseal.rule, commit: fx.adding, importedFrom: [{ tool: 'gitleaks', rule: 'vault-unseal' }], secretBytes: fx.unseal.length, why: unseal.why });
      expect(report.findings.find((f) => f.rule === 'github-pat')?.importedFrom).toEqual([{ tool: 'gitleaks', rule: 'github-pat' }]);
      // The literal rule finds the secret only where it was imported.
      expect(report.findings.filter((f) => f.rule === unseal.rule)).toHaveLength(1);
      expect(stdout).not.toContain(fx.unseal);
      expect(readFileSync(join(fx.repo.dir, '.git', 'spillkit', 'scans', JSON.parse(readFileSync(join(fx.repo.dir, '.git', 'spillkit', 'scans', 'latest.json'), 'utf8')).file), 'utf8')).not.toContain(fx.unseal);
    }
  });

  it('plan-rewrite plans the imported secret and rewrite --apply removes it, verified by a re-scan that looks for it', async () => {
    const planned = await runCli(['plan-rewrite', fx.repo.dir, '--out', join(out, 'plan'), '--json']);
    expect(planned.code, planned.stderr).toBe(0);
    const plan = planned.json as { findings: Array<{ fingerprint: string; operation: string; replacement: string }> };
    expect(plan.findings.find((f) => f.fingerprint === unseal.fingerprint)).toMatchObject({ operation: 'replace-text', replacement: expect.stringContaining('import-gitleaks-vault-unseal') });
    for (const name of ['PLAN.md', 'rewrite.sh', 'rewrite-plan.json']) expect(readFileSync(join(out, 'plan', name), 'utf8')).not.toContain(fx.unseal);

    const applied = await runCli(['rewrite', fx.repo.dir, '--apply', '--json']);
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
    const result = applied.json as { mirror: string; verification: { ok: boolean; rescan: { remaining: unknown[] } } };
    expect(result.verification.ok).toBe(true);
    const everything = execFileSync('git', ['-C', result.mirror, 'log', '--all', '-p', '--format=%H'], { env: gitEnv(), encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(everything).not.toContain(fx.unseal);
    expect(everything).toContain('***REMOVED:import-gitleaks-vault-unseal***');
    expect(applied.stdout).not.toContain(fx.unseal);
  });

  it('respond: its scan step keeps an imported finding in the incident', async () => {
    const secret = expandTemplate('$[A-Za-z0-9:6]-$[A-Za-z0-9:6]-$[A-Za-z0-9:6]', 'respond-flow');
    const repo = buildRepo([{ files: { 'notes.txt': `intro\nthe badge code is ${secret} today\n` }, message: 'notes' }]);
    try {
      const commit = repo.rev('HEAD');
      const report = join(out, 'respond.json');
      execFileSync('sh', ['-c', 'cat > "$0"', report], { input: JSON.stringify([{ RuleID: 'badge-code', File: 'notes.txt', Commit: commit, StartLine: 2, StartColumn: 1, Secret: secret, Match: secret }]) });
      expect((await runCli(['import', report, '--from', 'gitleaks', '--repo', repo.dir])).code).toBe(1);
      const run = await runCli(['respond', repo.dir, '--yes', '--json'], { timeoutMs: 120_000 });
      const events = run.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; step?: string; summary?: string });
      expect(events.find((e) => e.type === 'step-finished' && e.step === 'scan')?.summary).toMatch(/^1 finding\(s\) \(generic\)/);
      expect(run.stdout + run.stderr).toContain('import-gitleaks-badge-code');
      expect(run.stdout + run.stderr).not.toContain(secret);
      const saved = JSON.parse(readFileSync(join(repo.gitDir, 'spillkit', 'scans', JSON.parse(readFileSync(join(repo.gitDir, 'spillkit', 'scans', 'latest.json'), 'utf8')).file), 'utf8')) as ScanReport;
      expect(saved.findings.map((f) => f.rule)).toEqual(['import-gitleaks-badge-code']);
    } finally {
      repo.cleanup();
    }
  });
});
