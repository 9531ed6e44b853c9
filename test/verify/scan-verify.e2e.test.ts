import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import type { Finding } from '../../src/scan/finding.js';
import { cliEnv, emulatedKey, emulatorState, startAwsEmulator, type AwsEmulator } from '../emulators/aws-iam-sts.js';
import { startGithubEmulator, type GithubEmulator } from '../emulators/github-rest.js';
import { bearer, startLoopback, type Loopback } from '../emulators/saas.js';
import { buildRepo, type Repo } from '../helpers/repo-builder.js';
import { runCli, scanJson } from '../helpers/run-cli.js';

/**
 * `scan --verify` through the real CLI against loopback emulators: a live AWS pair, a live and a dead
 * GitHub token, a live Stripe key, and a database URI spillkit has no check for. Exit 3 on a live key,
 * `validation` in every format, `--only-verified`, the cache, the journal, and no network at all
 * without `--verify`.
 */
let aws: AwsEmulator;
let gh: GithubEmulator;
let stripe: Loopback;
let repo: Repo;
let env: Record<string, string>;
const leaked = emulatedKey('verify-leaked', 'deploy-bot');
const operator = emulatedKey('verify-operator', 'incident-admin');
let liveToken: string;
const deadToken = fakeSecret('github-pat', 'verify-dead-token');
const stripeKey = fakeSecret('stripe-live', 'verify-stripe');
const dbUri = fakeSecret('postgres-uri', 'verify-db');

beforeAll(async () => {
  aws = await startAwsEmulator(emulatorState({ users: [{ name: 'deploy-bot', attachedPolicies: [] }], keys: [leaked, operator] }));
  gh = await startGithubEmulator();
  liveToken = gh.issueToken('octocat', { scopes: ['repo'] });
  stripe = await startLoopback((req) => (req.path === '/v1/balance' && bearer(req) === stripeKey ? { status: 200, body: { object: 'balance', livemode: true } } : { status: 401, body: { error: { message: 'Invalid API Key provided' } } }));
  repo = buildRepo([
    { files: { 'README.md': '# service\n' }, message: 'init' },
    { files: { '.env': `AWS_ACCESS_KEY_ID=${leaked.id}\nAWS_SECRET_ACCESS_KEY=${leaked.secret}\nSTRIPE_KEY=${stripeKey}\nDATABASE_URL=${dbUri}\n` }, message: 'env' },
    { files: { 'ci/deploy.sh': `export GH_TOKEN=${liveToken}\n`, 'ci/old.sh': `export GITHUB_TOKEN=${deadToken}\n` }, message: 'ci' },
  ]);
  env = { ...cliEnv(aws, operator), GITHUB_API_URL: gh.url, STRIPE_API_URL: stripe.url, SPILLKIT_HTTP_TIMEOUT_MS: '3000' };
});

afterAll(async () => {
  await aws?.close();
  await gh?.close();
  await stripe?.close();
  if (repo) rmSync(repo.root, { recursive: true, force: true });
});

const calls = (): number => aws.calls.length + gh.calls.length + stripe.calls.length;
const secrets = (): string[] => [leaked.secret, liveToken, deadToken, stripeKey, dbUri];
function expectNoSecret(text: string): void {
  for (const s of secrets()) expect(text.includes(s), 'a secret was printed').toBe(false);
}
const byRule = (findings: Finding[], rule: string): Finding[] => findings.filter((f) => f.rule === rule);

describe('scan --verify', () => {
  it('makes no network call at all without --verify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spillkit-netprobe-'));
    const log = join(dir, 'net.log');
    const probe = join(dir, 'probe.mjs');
    // Every socket connect and DNS lookup in the process is logged: the proof does not depend on an emulator.
    writeFileSync(probe, [
      "import net from 'node:net'; import dns from 'node:dns'; import { appendFileSync } from 'node:fs';",
      'const note = (what) => appendFileSync(process.env.SPILLKIT_NET_LOG, what + "\\n");',
      'const connect = net.Socket.prototype.connect;',
      'net.Socket.prototype.connect = function (...args) { note("connect"); return connect.apply(this, args); };',
      'const lookup = dns.lookup; dns.lookup = function (...args) { note("lookup"); return lookup.apply(this, args); };',
    ].join('\n'));
    try {
      const probeEnv = { ...env, NODE_OPTIONS: `--import=${probe}`, SPILLKIT_NET_LOG: log };
      const before = calls();
      const plain = await runCli(['scan', repo.dir, '--format', 'json', '--no-progress'], { env: probeEnv });
      expect(plain.code).toBe(1);
      expect(existsSync(log) ? readFileSync(log, 'utf8') : '').toBe('');
      expect(calls()).toBe(before);
      // The probe does see a verifying scan's calls, so its silence above means something.
      const verified = await runCli(['scan', repo.dir, '--format', 'json', '--no-progress', '--verify'], { env: probeEnv });
      expect(verified.code).toBe(3);
      expect(readFileSync(log, 'utf8')).toContain('connect');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('marks each checkable finding live, not live or unknown, exits 3, and prints no secret', async () => {
    const stsBefore = aws.calls.filter((c) => c.action === 'GetCallerIdentity').length;
    const r = await scanJson(repo.dir, ['--verify'], { env });
    expect(r.code).toBe(3);
    expectNoSecret(r.stdout + r.stderr);
    const f = r.report.findings;
    for (const rule of ['aws-access-key-id', 'aws-secret-access-key']) expect(byRule(f, rule)[0]?.validation?.state, rule).toBe('live');
    const github = byRule(f, 'github-pat');
    expect(github.map((x) => x.validation?.state).sort()).toEqual(['live', 'not-live']);
    expect(byRule(f, 'stripe-live-secret-key')[0]?.validation).toMatchObject({ state: 'live', detail: expect.stringContaining('live mode') });
    const db = f.find((x) => x.provider !== 'aws' && x.provider !== 'github' && x.provider !== 'stripe');
    expect(db).toBeDefined();
    expect(db!.validation).toBeUndefined();
    for (const x of f.filter((y) => y.validation)) expect(Number.isNaN(Date.parse(x.validation!.checkedAt))).toBe(false);
    expect(r.report.stats.verification).toMatchObject({ live: 4, notLive: 1, unknown: 0, noValidator: 1 });
    // The AWS pair is one credential: one STS call for its two findings.
    expect(aws.calls.filter((c) => c.action === 'GetCallerIdentity').length - stsBefore).toBe(1);
  });

  it('journals every check without the secret', async () => {
    const journal = join(repo.gitDir, 'spillkit', 'verify', 'journal.jsonl');
    const text = readFileSync(journal, 'utf8');
    expect(statSync(journal).mode & 0o777).toBe(0o600);
    const entries = text.trim().split('\n').map((line) => JSON.parse(line) as { type: string; data: Record<string, unknown> });
    expect(entries.filter((e) => e.type === 'validation').length).toBeGreaterThanOrEqual(4);
    expect(entries.some((e) => e.type === 'provider-call')).toBe(true);
    expectNoSecret(text);
    expect(text.includes(leaked.id)).toBe(false);
  });

  it('--only-verified keeps the live credentials only', async () => {
    const r = await scanJson(repo.dir, ['--only-verified'], { env });
    expect(r.code).toBe(3);
    expect(r.report.findings.length).toBe(4);
    expect(r.report.findings.every((x) => x.validation?.state === 'live')).toBe(true);
  });

  it('reuses cached answers with --verify-max-age and calls nobody', async () => {
    const before = calls();
    const r = await scanJson(repo.dir, ['--verify', '--verify-max-age', '1h'], { env });
    expect(r.code).toBe(3);
    expect(calls()).toBe(before);
    expect(r.report.stats.verification).toMatchObject({ checked: 0, live: 4, notLive: 1 });
    expect(r.report.findings.find((x) => x.validation)!.validation!.detail).toContain('cached');
  });

  it('answers unknown, with the reason, when the provider is down, and then exits 1 not 3', async () => {
    const down = { ...env, STRIPE_API_URL: 'http://127.0.0.1:9', GITHUB_API_URL: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9', SPILLKIT_HTTP_RETRIES: '0' };
    const r = await scanJson(repo.dir, ['--verify'], { env: down });
    expect(r.code).toBe(1);
    const checked = r.report.findings.filter((x) => x.validation);
    expect(checked.length).toBe(5);
    for (const x of checked) expect(x.validation).toMatchObject({ state: 'unknown', detail: expect.stringMatching(/ECONNREFUSED|reach|network/i) });
  });

  it('shows validation in text, CSV and SARIF', async () => {
    const text = await runCli(['scan', repo.dir, '--no-progress', '--verify', '--verify-max-age', '1h'], { env });
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/Verified: 4 LIVE, 1 not live/);
    expect(text.stdout).toContain('LIVE');
    const csv = await runCli(['scan', repo.dir, '--format', 'csv', '--no-progress', '--verify', '--verify-max-age', '1h'], { env });
    const [header, ...rows] = csv.stdout.trim().split('\r\n');
    expect(header).toContain('validation,validationCheckedAt,validationDetail');
    expect(rows.filter((row) => row.includes(',live,')).length).toBe(4);
    const sarif = await runCli(['scan', repo.dir, '--format', 'sarif', '--no-progress', '--verify', '--verify-max-age', '1h'], { env });
    const results = (JSON.parse(sarif.stdout) as { runs: { results: { properties: { validation?: { state: string } } }[] }[] }).runs[0]!.results;
    expect(results.filter((x) => x.properties.validation?.state === 'live').length).toBe(4);
    const plain = await runCli(['scan', repo.dir, '--format', 'csv', '--no-progress'], { env });
    expect(plain.stdout.split('\r\n')[0]).not.toContain('validation');
  });

  it('refuses verify-only flags without --verify', async () => {
    const r = await runCli(['scan', repo.dir, '--verify-max-age', '1h'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const bad = await runCli(['scan', repo.dir, '--verify', '--verify-max-age', 'soon'], { env });
    expect(bad.code).toBe(2);
  });
});

describe('respond --verify', () => {
  it('checks findings during the scan step and lists live credentials first', async () => {
    const r = await runCli(['respond', repo.dir, '--yes', '--json', '--verify', '--dry-run'], { env });
    expectNoSecret(r.stdout + r.stderr);
    // The first event that carries the findings lists them in triage order.
    const line = r.stdout.split('\n').find((l) => l.includes('"validation":{'));
    expect(line, r.stderr).toBeDefined();
    const states = [...line!.matchAll(/"validation":\{"state":"(live|not-live|unknown)"/g)].map((m) => m[1]);
    expect(states.length).toBe(5);
    // Live first: no live credential after a not-live one.
    expect(states.lastIndexOf('live')).toBeLessThan(states.indexOf('not-live'));
  });
});
