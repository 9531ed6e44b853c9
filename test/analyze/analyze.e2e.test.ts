import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import type { Finding } from '../../src/scan/finding.js';
import { cliEnv, emulatedKey, emulatorState, startAwsEmulator, type AwsEmulator } from '../emulators/aws-iam-sts.js';
import { startGithubEmulator, type GithubEmulator } from '../emulators/github-rest.js';
import { slackToken, startSlackEmulator, type SlackEmulator } from '../emulators/slack.js';
import { buildRepo, type Repo } from '../helpers/repo-builder.js';
import { runCli, scanJson } from '../helpers/run-cli.js';

/**
 * `spillkit analyze` through the real CLI on a repository holding an AWS key pair, a GitHub token, a
 * Slack token (whose workspace name carries terminal escapes) and a DigitalOcean token (no analyzer):
 * text and JSON output, the AWS key's CloudTrail activity since the leak, a dead token, a provider that
 * could not be heard, the journal, and never a secret or a whole AWS key id in anything printed or written.
 */
let aws: AwsEmulator;
let gh: GithubEmulator;
let slack: SlackEmulator;
let repo: Repo;
let env: Record<string, string>;
let findings: Finding[];
const leaked = emulatedKey('analyze-e2e-leaked', 'deploy-bot');
const operator = emulatedKey('analyze-e2e-operator', 'incident-admin');
const slackLeak = slackToken('analyze-e2e-slack', { team: 'Evil\u001b[2J Corp' });
const doToken = fakeSecret('digitalocean-pat', 'analyze-e2e-do');
const lonelyKeyId = emulatedKey('analyze-e2e-lonely', 'nobody').id;
let ghToken: string;

const find = (predicate: (f: Finding) => boolean): Finding => {
  const found = findings.find(predicate);
  if (!found) throw new Error('finding missing from the scan');
  return found;
};
const analyze = (f: Finding, ...extra: string[]) => runCli(['analyze', '--finding', f.fingerprint, '--repo', repo.dir, ...extra], { env });

function expectNothingSecret(text: string): void {
  for (const s of [leaked.secret, operator.secret, ghToken, slackLeak.secret, doToken, leaked.id, operator.id, lonelyKeyId]) expect(text.includes(s)).toBe(false);
}

beforeAll(async () => {
  aws = await startAwsEmulator(emulatorState({
    users: [{ name: 'deploy-bot', attachedPolicies: ['arn:aws:iam::aws:policy/AmazonS3FullAccess'] }, { name: 'incident-admin', attachedPolicies: [] }],
    keys: [leaked, operator],
    trail: [
      { keyId: leaked.id, name: 'ListBuckets', source: 's3.amazonaws.com', time: '2024-06-01T10:00:00.000Z', sourceIp: '203.0.113.7', region: 'eu-west-1' },
      { keyId: leaked.id, name: 'GetObject', source: 's3.amazonaws.com', time: '2024-06-01T10:05:00.000Z', sourceIp: '203.0.113.7', region: 'eu-west-1' },
    ],
  }));
  gh = await startGithubEmulator({ repos: [{ owner: 'octocat', name: 'secret-plans', private: true }, { owner: 'octocat', name: 'hello' }] });
  ghToken = gh.issueToken('octocat', { scopes: ['repo', 'workflow'], expiration: '2031-02-03 04:05:06 UTC' });
  slack = await startSlackEmulator([slackLeak]);
  repo = buildRepo([
    { files: { 'README.md': '# service\n' }, message: 'init' },
    { files: { '.env': `AWS_ACCESS_KEY_ID=${leaked.id}\nAWS_SECRET_ACCESS_KEY=${leaked.secret}\n` }, message: 'add env' },
    { files: { 'docs/ids.md': `Rotated key: ${lonelyKeyId}\n` }, message: 'notes' },
    { files: { 'src/deploy.js': `const token = "${ghToken}";\nconst slack = "${slackLeak.secret}";\nconst doToken = "${doToken}";\n` }, message: 'deploy script' },
  ]);
  env = { ...cliEnv(aws, operator), GITHUB_API_URL: gh.url, SLACK_API_URL: slack.apiUrl, SPILLKIT_HTTP_RETRIES: '1' };
  findings = (await scanJson(repo.dir)).report.findings;
});

afterAll(async () => {
  await aws?.close();
  await gh?.close();
  await slack?.close();
  if (repo) rmSync(repo.root, { recursive: true, force: true });
});

describe('spillkit analyze', () => {
  it('prints the AWS key\'s blast radius, read with the pair itself', async () => {
    const r = await analyze(find((f) => f.rule === 'aws-access-key-id' && f.pairedWith !== undefined && f.pairedWith !== null));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('risk: high');
    expect(r.stdout).toContain('principal: arn:aws:iam::123456789012:user/deploy-bot');
    expect(r.stdout).toContain('- admin: no');
    expect(r.stdout).toContain('- wildcard actions: s3-object-lambda:*, s3:*');
    expect(r.stdout).toMatch(/evidence: .*CloudTrail since 2024-01-01: 2 events, first 2024-06-01T10:00:00.000Z, last 2024-06-01T10:05:00.000Z; GetObject ×1, ListBuckets ×1; from 203\.0\.113\.7; regions eu-west-1/);
    // The analysis signs with the leaked pair; the evidence (IAM last use, CloudTrail) with the operator's.
    const byCaller = (id: string) => [...new Set(aws.calls.filter((c) => c.caller === id).map((c) => c.action))].sort();
    expect(byCaller(leaked.id)).toEqual(['GetCallerIdentity', 'GetPolicy', 'GetPolicyVersion', 'ListAttachedUserPolicies', 'ListGroupsForUser', 'ListUserPolicies']);
    expect(byCaller(operator.id)).toEqual(['GetAccessKeyLastUsed', 'LookupEvents']);
    expect(aws.calls.map((c) => c.action)).not.toContain('UpdateAccessKey');
    expectNothingSecret(r.stdout + r.stderr);
  });

  it('answers --json in the documented shape', async () => {
    const f = find((x) => x.provider === 'github');
    const r = await analyze(f, '--json');
    expect(r.code).toBe(0);
    const out = r.json as { finding: string; provider: string; state: string; detail: string; analysis: Record<string, unknown> };
    expect(Object.keys(out).sort()).toEqual(['analysis', 'detail', 'finding', 'provider', 'state']);
    expect(out).toMatchObject({ finding: f.fingerprint, provider: 'github', state: 'ok', detail: 'classic personal access token: risk high' });
    expect(out.analysis).toMatchObject({ principal: 'octocat', expiresAt: '2031-02-03 04:05:06 UTC', resources: { counts: [{ kind: 'repositories', count: 2 }, { kind: 'private repositories', count: 1 }] } });
    expectNothingSecret(r.stdout);
  });

  it('escapes what the provider said before it reaches the terminal', async () => {
    const r = await analyze(find((f) => f.provider === 'slack'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('workspace: Evil\\x1b[2J Corp');
    expect(r.stdout.includes('\u001b')).toBe(false);
  });

  it('names the console page where no analyzer exists, exit 0', async () => {
    const f = find((x) => x.provider === 'digitalocean');
    const r = await analyze(f);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no analyzer for digitalocean: https:\/\/cloud\.digitalocean\.com\//);
    const j = await analyze(f, '--json');
    expect(j.json).toMatchObject({ finding: f.fingerprint, provider: 'digitalocean', analysis: null, state: 'unknown', detail: expect.stringContaining('no analyzer for digitalocean') });
  });

  it('a dead credential is the provider\'s answer (exit 0); a provider that cannot be heard is exit 2', async () => {
    gh.state.tokens.find((t) => t.value === ghToken)!.revoked = true;
    const dead = await analyze(find((f) => f.provider === 'github'), '--json');
    expect(dead.code).toBe(0);
    expect(dead.json).toMatchObject({ state: 'refused', analysis: null, detail: expect.stringContaining('bad-credentials') });
    aws.state.faults.GetCallerIdentity = { status: 503, code: 'ServiceUnavailable', times: Infinity };
    const down = await runCli(['analyze', '--finding', find((f) => f.rule === 'aws-access-key-id' && Boolean(f.pairedWith)).fingerprint, '--repo', repo.dir], { env: { ...env, AWS_MAX_ATTEMPTS: '1' } });
    expect(down.code).toBe(2);
    expect(down.stdout).toContain('could not tell (ServiceUnavailable)');
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a kind it cannot analyze (a key id without its secret) is exit 0; only the evidence is asked, with your credentials', async () => {
    const before = aws.calls.length;
    const f = find((x) => x.rule === 'aws-access-key-id' && !x.pairedWith);
    const r = await analyze(f, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('could not tell (NoSecretHalf)');
    expect(aws.calls.slice(before).every((c) => c.caller === operator.id)).toBe(true);
    expectNothingSecret(r.stdout + r.stderr);
  });

  it('refuses an unknown fingerprint with exit 2 before calling anyone', async () => {
    const before = aws.calls.length + gh.calls.length + slack.calls.length;
    const r = await runCli(['analyze', '--finding', 'ffffffffffffffff', '--repo', repo.dir], { env });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(aws.calls.length + gh.calls.length + slack.calls.length).toBe(before);
  });

  it('journals every provider call and each analysis, without a secret or a whole key id', () => {
    const incidents = join(repo.gitDir, 'spillkit', 'incidents');
    const [id] = readdirSync(incidents);
    const journal = readFileSync(join(incidents, id, 'journal.jsonl'), 'utf8');
    const entries = journal.trim().split('\n').map((l) => JSON.parse(l) as { type: string; data: Record<string, unknown> });
    expect(entries.filter((e) => e.type === 'analysis').map((e) => `${e.data.provider} ${e.data.state}`)).toEqual(
      expect.arrayContaining(['aws ok', 'github ok', 'slack ok', 'github refused', 'aws unknown']),
    );
    const calls = entries.filter((e) => e.type === 'provider-call').map((e) => `${e.data.provider} ${e.data.call}`);
    expect(calls).toEqual(expect.arrayContaining(['aws sts:GetCallerIdentity', 'aws iam:GetPolicyVersion', 'aws cloudtrail:LookupEvents', 'github GET /user/repos', 'slack POST auth.test']));
    const evidence = entries.find((e) => e.type === 'provider-evidence' && e.data.provider === 'aws')!;
    expect(evidence.data.evidence).toMatchObject({ state: 'ok', value: { activity: { events: 2, sourceIps: ['203.0.113.7'] } } });
    expectNothingSecret(journal);
  });

  it('puts the blast radius and the CloudTrail activity in the postmortem', async () => {
    const r = await runCli(['report', repo.dir, '--format', 'md'], { env });
    expect(r.stdout).toContain('CloudTrail since 2024-01-01: 2 events');
    expect(r.stdout).toContain('**Blast radius**: **high** IAM user access key (arn:aws:iam::123456789012:user/deploy-bot): admin: no; wildcard actions: s3-object-lambda:\\*, s3:\\*');
    expect(r.stdout).toMatch(/analysed [0-9a-f]+.*: risk high \(classic personal access token\)/);
    const json = await runCli(['report', repo.dir, '--format', 'json'], { env });
    const secrets = (json.json as { secrets: { fingerprint: string; blastRadius?: { risk: string } }[] }).secrets;
    expect(secrets.find((x) => x.fingerprint === find((f) => f.rule === 'aws-access-key-id' && Boolean(f.pairedWith)).fingerprint)?.blastRadius?.risk).toBe('high');
    expectNothingSecret(r.stdout + r.stderr);
  });

  it('has help', async () => {
    const r = await runCli(['analyze', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: spillkit analyze --finding FP');
  });
});
