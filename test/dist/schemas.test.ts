import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Ajv2020Module from 'ajv/dist/2020.js';
import * as addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { buildRepo, truncatePack, type Repo } from '../helpers/repo-builder.js';
import { REPO_ROOT, runCli, scanJson } from '../helpers/run-cli.js';
import { leakRepo, type LeakRepo } from '../report/incident/fixture.js';
import { startGithubEmulator } from '../emulators/github-rest.js';
import { gitleaksReport, importFixture } from '../import/fixture.js';
import { openIncident, planRewrite } from '../../dist/index.js';

/**
 * The published JSON Schemas (schemas/*.schema.json, shipped in the package) against real outputs: a
 * scan of a repository with findings of every source, a sweep with a clean, a leaking and a broken
 * repository (one shard, and the merge), and the incident report of an incident that revoked, rotated
 * and planned a rewrite. The schemas must also refuse what the contract excludes.
 */
type Validate = ((data: unknown) => boolean) & { errors?: unknown };
function unwrapDefault<T>(mod: unknown): T {
  let value = mod as { default?: unknown };
  while (typeof value !== 'function' && value && 'default' in value) value = value.default as { default?: unknown };
  return value as T;
}
const Ajv2020 = unwrapDefault<new (opts: Record<string, unknown>) => { compile(schema: object): Validate }>(Ajv2020Module);
const addFormats = unwrapDefault<(ajv: unknown) => void>(addFormatsModule);

const schemaOf = (name: string): Record<string, any> => JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', `${name}.schema.json`), 'utf8'));
function validator(name: string): Validate {
  // strict: a keyword Ajv does not know, or a type mismatch inside the schema itself, is an error.
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schemaOf(name));
}
const scanValid = validator('scan');
const sweepValid = validator('sweep');
const reportValid = validator('report');

function expectValid(validate: Validate, data: unknown): void {
  const ok = validate(data);
  expect(validate.errors ?? null, JSON.stringify(validate.errors, null, 2)).toBeNull();
  expect(ok).toBe(true);
}

let fx: LeakRepo;
let scan: Record<string, any>;
const temps: string[] = [];
const temp = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};

beforeAll(async () => {
  fx = leakRepo('schemas');
  // Besides blobs and a commit message: a secret in an annotated tag's message and a dangling blob.
  const head = fx.repo.rev('HEAD');
  fx.repo.tag('v1.0.0', head, `release\n\nnpm token ${fakeSecret('npm-token', 'schemas-tag')}\n`);
  fx.repo.danglingBlob(`GITLAB=${fakeSecret('gitlab-pat', 'schemas-dangling')}\n`);
  const scanned = await scanJson(fx.repo.dir);
  expect(scanned.code).toBe(1);
  scan = scanned.report as unknown as Record<string, any>;
});

afterAll(() => {
  fx?.repo.cleanup();
  temps.forEach((t) => rmSync(t, { recursive: true, force: true }));
});

describe('scan.schema.json', () => {
  it('accepts a real scan with blob, message, tag and dangling findings, with and without --show-secrets', async () => {
    const sources = new Set(scan.findings.map((f: { source: string }) => f.source));
    expect([...sources].sort()).toEqual(['blob', 'commit-message', 'tag-message']);
    expect(scan.findings.some((f: { commit: unknown }) => f.commit === null)).toBe(true);
    expectValid(scanValid, scan);
    expectValid(scanValid, (await scanJson(fx.repo.dir, ['--show-secrets'])).report);
    const clean = buildRepo([{ files: { 'README.md': '# clean\n' }, message: 'init' }]);
    try {
      expectValid(scanValid, (await scanJson(clean.dir)).report);
    } finally {
      clean.cleanup();
    }
  });

  it('accepts the golden report of the JSON formatter', () => {
    expectValid(scanValid, JSON.parse(readFileSync(join(REPO_ROOT, 'test/report/golden/scan.json'), 'utf8')));
  });

  it('accepts findings checked live (--verify, --only-verified)', async () => {
    const gh = await startGithubEmulator();
    const live = gh.issueToken('octocat', { scopes: ['repo'] });
    const repo = buildRepo([{ files: { 'ci/deploy.sh': `export GH_TOKEN=${live}\nexport OLD=${fakeSecret('github-pat', 'schemas-dead')}\n` }, message: 'ci' }]);
    try {
      const env = { GITHUB_API_URL: gh.url, SPILLKIT_HTTP_TIMEOUT_MS: '3000' };
      const verified = await scanJson(repo.dir, ['--verify'], { env });
      expect(verified.code).toBe(3);
      const states = verified.report.findings.map((f) => f.validation?.state).sort();
      expect(states).toEqual(['live', 'not-live']);
      expectValid(scanValid, verified.report);
      expectValid(scanValid, (await scanJson(repo.dir, ['--only-verified', '--verify-max-age', '1h'], { env })).report);
    } finally {
      repo.cleanup();
      await gh.close();
    }
  });

  it('accepts findings brought in by spillkit import (importedFrom, secretBytes)', async () => {
    const fx = importFixture('schemas');
    try {
      const file = join(temp('spillkit-schema-import-'), 'gitleaks.json');
      writeFileSync(file, gitleaksReport(fx));
      const imported = await runCli(['import', file, '--from', 'gitleaks', '--repo', fx.repo.dir]);
      expect(imported.code, imported.stderr).toBe(1);
      const after = await scanJson(fx.repo.dir);
      const marked = after.report.findings.filter((f) => f.importedFrom !== undefined);
      expect(marked.length).toBeGreaterThan(0);
      expect(marked.some((f) => f.secretBytes !== undefined)).toBe(true);
      expectValid(scanValid, after.report);
    } finally {
      fx.repo.cleanup();
    }
  });

  it('refuses what the contract excludes', () => {
    const f = scan.findings[0];
    const without = (key: string): Record<string, unknown> => Object.fromEntries(Object.entries(f).filter(([k]) => k !== key));
    const bad: Array<[string, unknown]> = [
      ['a finding without its fingerprint', { ...scan, findings: [without('fingerprint')] }],
      ['a field the contract does not name', { ...scan, findings: [{ ...f, token: 'x' }] }],
      ['an unknown severity', { ...scan, findings: [{ ...f, severity: 'urgent' }] }],
      ['an unknown validation state', { ...scan, findings: [{ ...f, validation: { state: 'maybe', checkedAt: '2026-12-01T10:00:00Z', detail: 'x' } }] }],
      ['unknown without saying why', { ...scan, findings: [{ ...f, validation: { state: 'unknown', checkedAt: '2026-12-01T10:00:00Z', detail: '' } }] }],
      ['importedFrom that names no tool', { ...scan, findings: [{ ...f, importedFrom: [{ rule: 'generic-api-key' }] }] }],
      ['another version', { ...scan, version: 2 }],
      ['a scan time that is not a date', { ...scan, scannedAt: 'yesterday' }],
    ];
    for (const [what, data] of bad) expect(scanValid(data), what).toBe(false);
  });
});

describe('sweep.schema.json', () => {
  it('accepts a real sweep (clean, leaking and broken repositories), a shard and the merge', async () => {
    const dir = temp('spillkit-schema-sweep-');
    const cache = temp('spillkit-schema-cache-');
    const clean = buildRepo([{ files: { 'README.md': '# clean\n' }, message: 'init' }], { name: 'clean' });
    const broken = buildRepo([{ files: { 'a.txt': 'x\n'.repeat(2000) }, message: 'init' }], { name: 'broken' });
    broken.packAll();
    truncatePack(broken);
    temps.push(clean.root, broken.root);
    mkdirSync(join(dir, 'org'));
    // A sweep of DIR finds every repository under it; copies keep each one's objects (and damage).
    for (const [name, repo] of [['leaky', fx.repo], ['clean', clean], ['broken', broken]] as const) {
      cpSync(repo.dir, join(dir, 'org', name), { recursive: true });
    }
    const whole = await runCli(['sweep', dir, '--format', 'json', '--cache', cache, '--no-progress']);
    expect(whole.code, whole.stderr).toBe(1);
    const result = whole.json as { repositories: Array<{ status: string; findings: unknown[] }> };
    expect(result.repositories.map((r) => r.status).sort()).toEqual(['failed', 'scanned', 'scanned']);
    expect(result.repositories.some((r) => r.findings.length > 0)).toBe(true);
    expectValid(sweepValid, whole.json);

    const shards: string[] = [];
    for (const i of [1, 2]) {
      const file = join(cache, `shard-${i}.json`);
      const r = await runCli(['sweep', dir, '--shard', `${i}/2`, '--format', 'json', '--output', file, '--cache', cache, '--no-progress']);
      expect(r.code, r.stderr).toBeLessThanOrEqual(1);
      expectValid(sweepValid, JSON.parse(readFileSync(file, 'utf8')));
      shards.push(file);
    }
    const merged = await runCli(['merge', ...shards, '--format', 'json']);
    expect(merged.code, merged.stderr).toBe(1);
    expectValid(sweepValid, merged.json);
    const partial = await runCli(['merge', shards[0], '--format', 'json']);
    expectValid(sweepValid, partial.json);
  });

  it('describes a sweep finding as the scan finding plus its repository, without a raw secret', () => {
    const scanFinding = schemaOf('scan').$defs.finding;
    const sweepFinding = schemaOf('sweep').$defs.finding;
    // A sweep copies the scan's fields but these: no raw secret, no explanation, no import marks.
    const { secret: _secret, why: _why, importedFrom: _from, secretBytes: _bytes, ...scanProps } = scanFinding.properties;
    const { repository, ...sweepProps } = sweepFinding.properties;
    expect(repository).toBeTruthy();
    expect(sweepProps).toEqual(scanProps);
    expect(sweepFinding.required).toEqual(['repository', ...scanFinding.required]);
    expect(schemaOf('sweep').$defs.validation).toEqual(schemaOf('scan').$defs.validation);
  });
});

describe('report.schema.json', () => {
  it('accepts the report of a real incident: revoked, rotated, a failed revocation, a rewrite plan', async () => {
    const scan0 = await runCli(['report', fx.repo.dir, '--format', 'json']);
    expect(scan0.stderr).toContain('scan-only report');
    expectValid(reportValid, scan0.json);

    const incident = openIncident(fx.repo.dir, { title: 'Keys pushed to payments' });
    const fp = (rule: string): string => scan.findings.find((f: { rule: string }) => f.rule === rule).fingerprint;
    const aws = fp('aws-access-key-id');
    incident.record({ type: 'revoke-started', data: { fingerprint: aws, provider: 'aws' } });
    incident.record({ type: 'provider-identity', data: { fingerprint: aws, provider: 'aws', owner: 'arn:aws:iam::111122223333:user/deploy', account: '111122223333', scopes: [], keyId: 'AKIA…XYZ' } });
    incident.record({ type: 'provider-evidence', data: { fingerprint: aws, provider: 'aws', lastUsed: '2024-01-05T08:00:00Z', service: 's3', region: 'eu-west-1', notes: [] } });
    incident.record({ type: 'revoked', data: { fingerprint: aws, provider: 'aws', state: 'ok', action: 'deactivated key AKIA…XYZ' } });
    incident.record({ type: 'rotated', data: { fingerprint: aws, provider: 'aws', newKeyId: 'AKIA…NEW', delivered: ['AWS_ACCESS_KEY_ID'], old: 'deactivated' } });
    incident.record({ type: 'revoke-failed', data: { fingerprint: fp('stripe-live-secret-key'), provider: 'stripe', state: 'refused', code: 'no-api' } });
    incident.record({ type: 'triage', data: { fingerprint: fp('slack-bot-token'), decision: 'false-positive', reason: 'test fixture' } });
    planRewrite({ path: fx.repo.dir });
    const r = await runCli(['report', fx.repo.dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = r.json as { incident: { id: string }; secrets: unknown[]; actions: unknown[]; openItems: unknown[] };
    expect(report.incident.id).toBe(incident.id);
    expect(report.actions.length).toBeGreaterThan(5);
    expectValid(reportValid, report);

    incident.close();
    expectValid(reportValid, (await runCli(['report', fx.repo.dir, '--incident', incident.id, '--format', 'json'])).json);
  });

  it('accepts the golden report', () => {
    expectValid(reportValid, JSON.parse(readFileSync(join(REPO_ROOT, 'test/report/incident/golden/report.json'), 'utf8')));
  });

  it('refuses a report with a field the contract does not name', () => {
    const golden = JSON.parse(readFileSync(join(REPO_ROOT, 'test/report/incident/golden/report.json'), 'utf8'));
    expect(reportValid({ ...golden, secrets: [{ ...golden.secrets[0], secret: 'x' }] })).toBe(false);
    expect(reportValid({ ...golden, summary: { ...golden.summary, severity: 'urgent' } })).toBe(false);
  });
});
