// The incident report end to end: a real repository pushed to a local bare origin (so the remote-
// tracking reflog exists), a real scan saved in the store, a real rewrite plan, and a journal written
// through the real Journal API with what revoke and rotate record.
import { readFileSync, statSync, writeFileSync, chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCommand, runReport } from '../../../src/cli/report.js';
import { openStore, type Incident, type Journal } from '../../../src/incident/index.js';
import type { IncidentReport } from '../../../src/report/incident/index.js';
import { fakeSecret } from '../../../src/rules/fake-secret.js';
import { loadBuiltinRules } from '../../../src/rules/load.js';
import type { Finding } from '../../../src/scan/finding.js';
import { compileRules, matchText } from '../../../src/scan/matcher.js';
import { runCli, scanJson } from '../../helpers/run-cli.js';
import { HOSTILE_PATH, leakRepo, PUSHED_AT, type LeakRepo } from './fixture.js';

const RITA = { name: 'Rita Responder', email: 'rita@responder.test' };
const NEW_KEY_ID = fakeSecret('aws-access-key-id', 'report-new-key');
const shortId = (id: string): string => `${id.slice(0, 4)}…${id.slice(-3)}`;

let fx: LeakRepo;
let findings: Finding[];
let incident: Incident;
let journal: Journal;
const temps: string[] = [];
const fp = (rule: string): string => findings.find((f) => f.rule === rule)!.fingerprint;
const secretOf = (r: IncidentReport, rule: string) => r.secrets.find((s) => s.rule === rule)!;

beforeAll(async () => {
  fx = leakRepo('report');
  const scan = await scanJson(fx.repo.dir);
  findings = scan.report.findings;
  const store = openStore(fx.repo.gitDir);
  incident = store.createIncident({ title: 'AWS key pushed to payments', playbook: 'committed-secret', operator: RITA });
  journal = incident.journal(RITA);
  const aws = fp('aws-access-key-id');
  journal.append({ type: 'step-started', step: 'revoke' });
  journal.append({ type: 'revoke-started', data: { fingerprint: aws, provider: 'aws' } });
  // What the AWS adapter journals: key ids shortened (the journal refuses a whole one).
  journal.append({ type: 'provider-call', data: { provider: 'aws', call: 'iam:GetAccessKeyLastUsed', keyId: shortId(fx.secrets.awsId), signedBy: 'operator', outcome: 'ok' } });
  journal.append({ type: 'provider-identity', data: { fingerprint: aws, provider: 'aws', owner: 'arn:aws:iam::111122223333:user/deploy', account: '111122223333', scopes: ['AmazonS3FullAccess'], keyId: shortId(fx.secrets.awsId) } });
  journal.append({ type: 'provider-evidence', data: { fingerprint: aws, provider: 'aws', lastUsed: '2024-01-05T08:00:00Z', service: 's3', region: 'eu-west-1', notes: ['used after it was committed'] } });
  journal.append({ type: 'revoked', data: { fingerprint: aws, provider: 'aws', state: 'ok', action: 'deactivated key AKIA…XYZ of user deploy' } });
  journal.append({ type: 'rotated', data: { fingerprint: aws, provider: 'aws', newKeyId: shortId(NEW_KEY_ID), delivered: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'], old: 'deactivated' } });
  journal.append({ type: 'provider-evidence', data: { fingerprint: fp('slack-bot-token'), provider: 'slack', lastUsed: '2023-12-01T00:00:00Z', service: null, region: null, notes: [] } });
  journal.append({ type: 'revoked', data: { fingerprint: fp('slack-bot-token'), provider: 'slack', state: 'ok', action: 'revoked Slack token xoxb…' } });
  journal.append({ type: 'revoke-failed', data: { fingerprint: fp('stripe-live-secret-key'), provider: 'stripe', state: 'refused', code: 'no-api' } });
  // The real plan, recorded in the open incident by the real command.
  const out = mkdtempSync(join(tmpdir(), 'spillkit-report-plan-'));
  temps.push(out);
  const planned = await runCli(['plan-rewrite', fx.repo.dir, '--out', out]);
  expect(planned.code, planned.stderr).toBe(0);
  journal.append({ type: 'rewrite-apply-finished', step: 'rewrite', data: { mirror: '/tmp/mirror.git', verified: true, refsChanged: 2 } });
});

afterAll(() => {
  fx?.repo.cleanup();
  temps.forEach((t) => rmSync(t, { recursive: true, force: true }));
});

describe('spillkit report on a real incident', () => {
  it('orders the timeline: committed, first pushed, detected, opened, revoked, rotated, planned, rewritten', () => {
    const { report } = runReport({ path: fx.repo.dir, format: 'json' });
    const times = report.timeline.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const aws = fp('aws-access-key-id');
    const kinds = report.timeline.filter((e) => e.fingerprints.includes(aws) || e.kind === 'incident-opened').map((e) => e.kind);
    expect(kinds).toEqual(['committed', 'first-remote', 'detected', 'incident-opened', 'revoked', 'rotated', 'rewrite-planned', 'rewritten', 'verified']);
    const pushed = report.timeline.find((e) => e.kind === 'first-remote' && e.fingerprints.includes(aws))!;
    expect(pushed.at).toBe(PUSHED_AT);
    expect(pushed.text).toContain('refs/remotes/origin/main');
  });

  it('takes the push from the remote-tracking reflog, and finds none for the commit never pushed', () => {
    const { report } = runReport({ path: fx.repo.dir, format: 'json' });
    expect(secretOf(report, 'aws-access-key-id').firstRemote).toMatchObject({ at: PUSHED_AT, ref: 'refs/remotes/origin/main', how: 'push' });
    expect(secretOf(report, 'stripe-live-secret-key').firstRemote).toBeNull();
    expect(report.commits.find((c) => c.id === fx.commits.message)!.firstRemote).toBeNull();
    expect(secretOf(report, 'aws-access-key-id').committedAt).toBe('2024-01-01T02:00:00.000Z');
  });

  it('computes the exposure window from the push to the revocation, and leaves unrevoked ones open', () => {
    const { report } = runReport({ path: fx.repo.dir, format: 'json' });
    const aws = secretOf(report, 'aws-access-key-id');
    expect(aws.exposure).toMatchObject({ start: PUSHED_AT, startBasis: 'push', end: aws.revoked!.at, open: false });
    expect(aws.exposure.durationMs).toBe(Date.parse(aws.revoked!.at) - Date.parse(PUSHED_AT));
    // the secret key is the same credential: revoked with its key id
    expect(secretOf(report, 'aws-secret-access-key').revoked?.at).toBe(aws.revoked!.at);
    const stripe = secretOf(report, 'stripe-live-secret-key');
    expect(stripe.exposure).toMatchObject({ start: '2024-01-03T00:00:00.000Z', startBasis: 'commit', end: null, open: true });
    expect(report.summary.exposure).toMatchObject({ start: PUSHED_AT, end: null, open: true });
  });

  it('compares the provider evidence with the leak and carries owner and scopes', () => {
    const { report } = runReport({ path: fx.repo.dir, format: 'json' });
    const aws = secretOf(report, 'aws-access-key-id');
    expect(aws.evidence).toMatchObject({ lastUsed: '2024-01-05T08:00:00Z', service: 's3', region: 'eu-west-1', usedAfterLeak: true, usedAfterRevocation: false });
    expect(aws).toMatchObject({ owner: 'arn:aws:iam::111122223333:user/deploy', account: '111122223333', scopes: ['AmazonS3FullAccess'] });
    expect(aws.keyId).toBe(shortId(fx.secrets.awsId));
    expect(secretOf(report, 'slack-bot-token').evidence?.usedAfterLeak).toBe(false);
    expect(report.summary.severity).toBe('critical');
    expect(report.summary.severityReason).toContain('use of 1 secret');
    expect(report.lessons.some((l) => l.topic === 'usage' && l.fact.includes('after its exposure began'))).toBe(true);
  });

  it('lists every action with who and when', () => {
    const { report } = runReport({ path: fx.repo.dir, format: 'json' });
    const entries = journal.read();
    expect(report.actions.map((a) => a.seq)).toEqual(entries.map((e) => e.seq));
    const revoked = report.actions.find((a) => a.type === 'revoked' && a.fingerprint === fp('aws-access-key-id'))!;
    expect(revoked.by).toEqual(RITA);
    expect(revoked.text).toContain('deactivated key');
    expect(report.actions.some((a) => a.type === 'rewrite-planned')).toBe(true);
  });

  it('lists what still needs a person', () => {
    const { report } = runReport({ path: fx.repo.dir, format: 'json' });
    const items = report.openItems;
    const of = (kind: string) => items.filter((i) => i.kind === kind);
    expect(of('revoke').map((i) => i.fingerprint).sort()).toEqual([fp('github-pat'), fp('stripe-live-secret-key')].sort());
    expect(of('revoke').find((i) => i.fingerprint === fp('stripe-live-secret-key'))!.text).toContain('console');
    // the AWS pair was rotated as one credential; nothing else was
    expect(of('rotate').map((i) => i.fingerprint).sort()).toEqual([fp('github-pat'), fp('slack-bot-token'), fp('stripe-live-secret-key')].sort());
    expect(of('push')).toHaveLength(1);
    expect(of('push')[0].command).toBe('spillkit rewrite --push');
    expect(of('host').some((i) => /[Ff]orks/.test(i.text))).toBe(true);
    expect(of('host').some((i) => /re-clone/.test(i.text))).toBe(true);
    expect(of('gitignore').map((i) => i.text).join('\n')).toContain('`.env`');
    expect(of('step').map((i) => i.text).join('\n')).toContain('"revoke"');
    expect(of('close')).toHaveLength(1);
  });

  it('seeds the lessons with facts read from the repository', () => {
    const { report } = runReport({ path: fx.repo.dir, format: 'json' });
    const facts = report.lessons.map((l) => `${l.topic}: ${l.fact}`);
    expect(facts).toContainEqual(expect.stringMatching(/^ignore: `\.env` is a credential file that \.gitignore did not ignore/));
    expect(facts).toContainEqual(expect.stringMatching(/^ignore: The secret was written inline in `src\/config\.js`/));
    expect(facts).toContain('hook: No pre-commit hook is installed in this clone');
    expect(facts).toContainEqual(expect.stringMatching(/^message: 1 secret\(s\) were written in a commit message/));
    expect(facts).toContainEqual(expect.stringMatching(/^detection: From commit to detection took/));
    expect(facts).toContainEqual(expect.stringMatching(/^remote: 4 secret\(s\) reached a remote-tracking ref before anyone detected them/));
  });

  it('notices a .gitignore rule and a pre-commit hook added since', () => {
    const gitignore = join(fx.repo.dir, '.gitignore');
    const hook = join(fx.repo.gitDir, 'hooks', 'pre-commit');
    const before = readFileSync(gitignore, 'utf8');
    try {
      writeFileSync(gitignore, `${before}.env\n`);
      writeFileSync(hook, '#!/bin/sh\nexec spillkit protect --staged\n');
      chmodSync(hook, 0o755);
      const { report } = runReport({ path: fx.repo.dir, format: 'json' });
      const facts = report.lessons.map((l) => l.fact);
      expect(facts).toContainEqual(expect.stringMatching(/`\.env` is a credential file and \.gitignore ignores it today, yet it was committed/));
      expect(facts).toContain('The pre-commit hook runs spillkit today');
      expect(report.openItems.filter((i) => i.kind === 'gitignore')).toEqual([]);
    } finally {
      writeFileSync(gitignore, before);
      rmSync(hook, { force: true });
    }
  });

  it('writes md, json and html, saves each in the incident, and none holds a secret', () => {
    const matcher = compileRules(loadBuiltinRules());
    const raw = Object.values(fx.secrets).concat(NEW_KEY_ID);
    for (const format of ['md', 'json', 'html'] as const) {
      const { text, artifact } = runReport({ path: fx.repo.dir, format });
      expect(artifact).toBe(join(incident.dir, `report.${format}`));
      expect(readFileSync(artifact!, 'utf8')).toBe(text);
      expect(statSync(artifact!).mode & 0o777).toBe(0o600);
      for (const secret of raw) expect(text.includes(secret), `${format} holds a raw secret`).toBe(false);
      expect(matchText(matcher, text).map((m) => `${format}: ${m.ruleId} at line ${m.line}`)).toEqual([]);
    }
    const json = JSON.parse(readFileSync(join(incident.dir, 'report.json'), 'utf8')) as IncidentReport;
    expect(json.version).toBe(1);
    expect(json.incident?.id).toBe(incident.id);
  });

  it('escapes a hostile path in HTML and Markdown', () => {
    const html = runReport({ path: fx.repo.dir, format: 'html' }).text;
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i);
    expect(html).not.toContain('\u202e');
    expect(html).toContain('evil/&lt;img src=x onerror=alert(1)&gt;\\u202e&quot;&#39;&amp;|*_[x](javascript:alert(1))&#96;.txt');
    const tags = new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1].toLowerCase()));
    const allowed = ['html', 'head', 'meta', 'title', 'style', 'body', 'main', 'h1', 'h2', 'h3', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'ul', 'li', 'p', 'blockquote', 'strong', 'code', 'span'];
    expect([...tags].filter((t) => !allowed.includes(t))).toEqual([]);
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
    expect(html).not.toMatch(/<script|<link|src=["']?http/i);

    const md = runReport({ path: fx.repo.dir, format: 'md' }).text;
    expect(md).not.toMatch(/(^|[^\\])<img/m);
    expect(md).not.toMatch(/(^|[^\\])\]\(javascript:/m);
    expect(md).toContain('evil/\\<img src=x onerror=alert(1)\\>');
    expect(HOSTILE_PATH).toContain('<img');
  });

  it('reportCommand writes --output mode 0600 and exits 1 while items are open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spillkit-report-out-'));
    temps.push(dir);
    const file = join(dir, 'incident.html');
    const stderr = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    let code: number;
    try {
      code = await reportCommand([fx.repo.dir, '--format', 'html', '--output', file]);
    } finally {
      process.stderr.write = stderr;
    }
    expect(code).toBe(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('refuses an unknown incident and a bad format (usage errors)', async () => {
    await expect(reportCommand([fx.repo.dir, '--incident', '2020-01-01T0000-abcdef'])).rejects.toMatchObject({ code: 'USAGE' });
    await expect(reportCommand([fx.repo.dir, '--format', 'pdf'])).rejects.toMatchObject({ code: 'USAGE' });
  });
});

describe('spillkit report without an incident', () => {
  it('makes a scan-only report from the latest scan, with every response step open', async () => {
    const other = leakRepo('scan-only');
    try {
      await scanJson(other.repo.dir);
      const { report, artifact } = runReport({ path: other.repo.dir, format: 'json' });
      expect(report.incident).toBeNull();
      expect(artifact).toBeNull();
      expect(report.secrets).toHaveLength(5);
      expect(report.actions).toEqual([]);
      expect(report.openItems.filter((i) => i.kind === 'revoke')).toHaveLength(4); // the AWS pair counts once
      expect(report.openItems.some((i) => i.kind === 'close')).toBe(false);
    } finally {
      other.repo.cleanup();
    }
  });

  it('says what to run first when there is neither an incident nor a scan', () => {
    const bare = leakRepo('nothing');
    try {
      expect(() => runReport({ path: bare.repo.dir, format: 'md' })).toThrow(/run `spillkit scan`/);
    } finally {
      bare.repo.cleanup();
    }
  });
});
