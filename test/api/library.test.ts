import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../emulators/github-rest.js';
import { buildRepo, type Repo } from '../helpers/repo-builder.js';
import { scanJson } from '../helpers/run-cli.js';
// The package entry as built (the scanner's workers are built JavaScript; global-setup builds dist/).
import { incidentReport, isSpillkitError, openIncident, planRewrite, revoke, scan, type Finding, type ScanReport } from '../../dist/index.js';

/**
 * The library API (`import { scan, ... } from 'spillkit'`) on a repository holding a GitHub token and
 * a .env file: each function returns what the matching command prints with --json, and they share
 * the incident store with the CLI.
 */
let gh: GithubEmulator;
let repo: Repo;
let token: string;
let report: ScanReport;
let tokenFinding: Finding;

beforeAll(async () => {
  gh = await startGithubEmulator();
  token = gh.issueToken('octocat', { scopes: ['repo'] });
  repo = buildRepo([
    { files: { 'README.md': '# service\n' }, message: 'init' },
    { files: { 'src/deploy.js': `const token = "${token}";\n` }, message: 'deploy script' },
    { files: { 'notes.txt': 'nothing here\n' }, message: 'notes' },
  ]);
  report = await scan({ path: repo.dir, threads: 1 });
  tokenFinding = report.findings.find((f) => f.provider === 'github')!;
});

afterAll(async () => {
  await gh?.close();
  if (repo) rmSync(repo.root, { recursive: true, force: true });
});

/** A report without what differs from run to run (times, thread count). */
function stable(r: ScanReport): unknown {
  const { scannedAt: _at, stats, ...rest } = r;
  const { durationMs: _d, phasesMs: _p, threads: _t, ...counts } = stats;
  return { ...rest, stats: counts };
}

describe('scan()', () => {
  it('returns the report the CLI prints as JSON, and saves it in the incident store', async () => {
    expect(tokenFinding).toBeTruthy();
    expect(JSON.stringify(report)).not.toContain(token);
    const cli = await scanJson(repo.dir, ['--threads', '1']);
    expect(cli.code).toBe(1);
    expect(stable(report)).toEqual(stable(cli.report));
    // Field order too: a caller that serialises the object gets the CLI's bytes.
    expect(Object.keys(report.findings[0])).toEqual(Object.keys(cli.report.findings[0]));
  });

  it('can skip saving, and shows a secret only when asked', async () => {
    const handle = openIncident(repo.dir);
    const before = handle.latestScan()!.scannedAt;
    const shown = await scan({ path: repo.dir, threads: 1, save: false, showSecrets: true });
    expect(shown.findings.find((f) => f.fingerprint === tokenFinding.fingerprint)?.secret).toBe(token);
    expect(handle.latestScan()!.scannedAt).toBe(before);
  });

  it('checks credentials live when asked, with the environment it is given', async () => {
    const checked = await scan({ path: repo.dir, threads: 1, save: false, verify: true, env: { PATH: process.env.PATH, GITHUB_API_URL: gh.url, SPILLKIT_HTTP_TIMEOUT_MS: '3000' } });
    const finding = checked.findings.find((f) => f.fingerprint === tokenFinding.fingerprint)!;
    expect(finding.validation?.state).toBe('live');
    expect(checked.stats.verification?.live).toBe(1);
    expect(JSON.stringify(checked)).not.toContain(token);
    expect(report.findings.every((f) => f.validation === undefined)).toBe(true);
  });

  it('fails with a SpillkitError carrying a code', async () => {
    const error = await scan({ path: join(repo.root, 'no-such-repo') }).catch((e: unknown) => e);
    expect(isSpillkitError(error)).toBe(true);
    expect((error as { code: string }).code).toBe('NOT_A_REPO');
  });
});

describe('openIncident()', () => {
  it('opens the open incident or creates one, records events, and closes it', () => {
    const first = openIncident(repo.dir, { fresh: true, title: 'Token in deploy.js' });
    const again = openIncident(repo.dir);
    expect(again.id).toBe(first.id);
    expect(again.created).toBe(false);
    expect(first.meta()).toMatchObject({ title: 'Token in deploy.js', status: 'open', playbook: 'committed-secret' });
    const entry = first.record({ type: 'note', data: { fingerprint: tokenFinding.fingerprint, text: 'paged the owner' } });
    expect(entry.seq).toBeGreaterThan(0);
    expect(again.journal().map((e) => e.type)).toContain('note');
    expect(first.latestScan()?.findings.map((f) => f.fingerprint)).toContain(tokenFinding.fingerprint);
    expect(first.close().status).toBe('closed');
    const next = openIncident(repo.dir);
    expect(next.id).not.toBe(first.id);
    expect(next.meta().status).toBe('open');
    expect(openIncident(repo.dir, { id: first.id }).meta().status).toBe('closed');
  });
});

describe('revoke()', () => {
  const env = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, GITHUB_API_URL: gh.url });

  it('dry run: read calls only, nothing journaled', async () => {
    const r = await revoke({ finding: tokenFinding.fingerprint, repo: repo.dir, dryRun: true, env: env() });
    expect(r).toMatchObject({ fingerprint: tokenFinding.fingerprint, provider: 'github', dryRun: true });
    expect(r.revoke?.state).toBe('ok');
    expect(gh.isRevoked(token)).toBe(false);
  });

  it('stops when confirm says no, and journals that', async () => {
    const seen: string[] = [];
    const r = await revoke({
      finding: tokenFinding.fingerprint,
      repo: repo.dir,
      env: env(),
      onFacts: (facts) => seen.push(facts.finding.redacted),
      confirm: () => false,
    });
    expect(r.status).toBe('declined');
    expect(r.revoke).toBeUndefined();
    expect(seen).toEqual([tokenFinding.redacted]);
    expect(gh.isRevoked(token)).toBe(false);
    expect(openIncident(repo.dir).journal().map((e) => e.type)).toContain('revoke-declined');
  });

  it('revokes through the provider and journals it in the open incident', async () => {
    const r = await revoke({ finding: tokenFinding.fingerprint, repo: repo.dir, env: env() });
    expect(r.status).toBe('revoked');
    expect(gh.isRevoked(token)).toBe(true);
    const journal = openIncident(repo.dir).journal();
    expect(journal.map((e) => e.type)).toEqual(expect.arrayContaining(['revoke-started', 'provider-facts', 'revoked']));
    expect(JSON.stringify(journal)).not.toContain(token);
    expect(JSON.stringify(r)).not.toContain(token);
  });
});

describe('planRewrite() and incidentReport()', () => {
  it('plans without writing in a dry run, then writes the plan and records it', () => {
    const dry = planRewrite({ path: repo.dir, dryRun: true });
    expect(dry.written).toEqual([]);
    expect(dry.plan.findings.map((f) => f.fingerprint)).toContain(tokenFinding.fingerprint);
    expect(dry.plan.refs.some((r) => r.name === 'refs/heads/main')).toBe(true);

    const out = join(repo.root, 'plan');
    const planned = planRewrite({ path: repo.dir, out, replacement: 'plain' });
    expect(planned.written).toContain(join(out, 'rewrite.sh'));
    expect(existsSync(join(out, 'PLAN.md'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'rewrite-plan.json'), 'utf8'))).toEqual(planned.plan);
    expect(readFileSync(join(out, 'rewrite.sh'), 'utf8')).not.toContain(token);
    expect(openIncident(repo.dir).journal().map((e) => e.type)).toContain('rewrite-planned');
  });

  it('reports on the incident, as `spillkit report --format json` does', () => {
    const handle = openIncident(repo.dir);
    const { report: r, text, artifact } = incidentReport({ path: repo.dir, format: 'json' });
    expect(r.incident?.id).toBe(handle.id);
    expect(JSON.parse(text)).toEqual(r);
    expect(artifact).toBe(join(handle.dir, 'report.json'));
    expect(r.summary.revoked).toBe(1);
    expect(handle.report('md').text).toContain('#');
  });
});
