/**
 * A fixed ReportInput for the golden files: the scan formats' fixture report (AWS pair, secrets in a
 * commit and a tag message, a dangling blob, a CSV-hostile path and author) plus a journal parsed from
 * fixed JSONL text with the real parser, fixed git facts and a fixed clock. Nothing in it is
 * credential-shaped.
 */
import { parseJournal } from '../../../src/incident/index.js';
import type { IncidentMeta } from '../../../src/incident/index.js';
import type { ReportInput } from '../../../src/report/incident/index.js';
import { fakeObjectId, fixtureReport } from '../scan-fixture.js';

const RITA = { name: 'Rita Responder', email: 'rita@responder.test' };

const EVENTS: Array<{ ts: string; type: string; step?: string; data?: Record<string, unknown> }> = [
  { ts: '2024-05-02T10:05:00.000Z', type: 'step-started', step: 'triage' },
  { ts: '2024-05-02T10:06:00.000Z', type: 'triage', step: 'triage', data: { fingerprint: 'fp-generic-0005', decision: 'false-positive', reason: 'sample password in the docs' } },
  { ts: '2024-05-02T10:07:00.000Z', type: 'step-done', step: 'triage' },
  { ts: '2024-05-02T10:10:00.000Z', type: 'revoke-started', data: { fingerprint: 'fp-aws-key-id-0001', provider: 'aws' } },
  { ts: '2024-05-02T10:10:01.000Z', type: 'provider-call', data: { provider: 'aws', call: 'iam:GetAccessKeyLastUsed', keyId: 'key-0001', signedBy: 'operator', outcome: 'ok' } },
  { ts: '2024-05-02T10:10:02.000Z', type: 'provider-identity', data: { fingerprint: 'fp-aws-key-id-0001', provider: 'aws', identity: { state: 'ok', value: { owner: 'arn:aws:iam::111122223333:user/deploy', account: '111122223333', scopes: ['AmazonS3FullAccess'], keyId: 'key-0001', details: {} } } } },
  { ts: '2024-05-02T10:10:03.000Z', type: 'provider-evidence', data: { fingerprint: 'fp-aws-key-id-0001', provider: 'aws', evidence: { state: 'ok', value: { lastUsed: '2024-04-20T03:00:00Z', service: 's3', region: 'us-east-1', notes: ['used after it was committed'] } } } },
  { ts: '2024-05-02T10:11:00.000Z', type: 'revoked', data: { fingerprint: 'fp-aws-key-id-0001', provider: 'aws', state: 'ok', action: 'deactivated key AKIA…WXYZ of user deploy' } },
  { ts: '2024-05-02T10:20:00.000Z', type: 'rotated', data: { fingerprint: 'fp-aws-key-id-0001', provider: 'aws', newKeyId: 'key-0002', delivered: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'], old: 'deactivated' } },
  { ts: '2024-05-02T10:25:00.000Z', type: 'revoked', data: { fingerprint: 'fp-github-0003', provider: 'github', state: 'ok', action: 'sent the token to GitHub\'s revocation endpoint (202 Accepted)' } },
  { ts: '2024-05-02T10:30:00.000Z', type: 'revoke-failed', data: { fingerprint: 'fp-slack-0004', provider: 'slack', state: 'unknown', code: 'network' } },
  { ts: '2024-05-02T10:31:00.000Z', type: 'checklist-items-added', step: 'revoke', data: { items: [{ text: 'Slack: revoke the bot token under Settings > Install App', fingerprint: 'fp-slack-0004' }, { text: 'Slack: review the access logs', fingerprint: 'fp-slack-0004' }] } },
  { ts: '2024-05-02T10:40:00.000Z', type: 'checklist-ticked', step: 'revoke', data: { index: 1, text: 'Slack: review the access logs', checked: true } },
  { ts: '2024-05-02T11:00:00.000Z', type: 'rewrite-planned', step: 'rewrite', data: { findings: [{ fingerprint: 'fp-aws-key-id-0001', operation: 'remove-file', path: 'deploy/prod.env', redacted: 'AKIA…WXYZ (20 chars)' }, { fingerprint: 'fp-aws-pair-0002', operation: 'remove-file', path: 'deploy/prod.env', redacted: 'abcd…wxyz (40 chars)' }, { fingerprint: 'fp-github-0003', operation: 'replace-message', path: null, redacted: 'ghp_…Ab12 (40 chars)' }], removePaths: ['deploy/prod.env'], rewrittenCommits: 42, refs: [] } },
  { ts: '2024-05-02T11:30:00.000Z', type: 'rewrite-apply-finished', step: 'rewrite', data: { verified: true, refsChanged: 3 } },
  { ts: '2024-05-02T11:45:00.000Z', type: 'rewrite-pushed', step: 'rewrite', data: { remote: 'git@example.test:acme/payments.git', moves: [{ ref: 'refs/heads/main', oldId: fakeObjectId('5'), newId: fakeObjectId('6') }], hostRefs: [] } },
];

export function goldenInput(): ReportInput {
  const jsonl = EVENTS.map((e, i) => JSON.stringify({ seq: i + 1, ...e, operator: RITA })).join('\n') + '\n';
  const incident: IncidentMeta = {
    version: 1,
    id: '2024-05-02T1003-abc123',
    title: 'AWS key in deploy/prod.env',
    playbook: 'committed-secret',
    operator: RITA,
    status: 'open',
    createdAt: '2024-05-02T10:03:00.000Z',
    closedAt: null,
  };
  return {
    generatedAt: '2024-05-03T09:00:00.000Z',
    toolVersion: '0.1.0',
    repository: '/srv/repos/payments',
    incident,
    journal: parseJournal(jsonl).entries,
    journalWarnings: [],
    scan: fixtureReport(),
    scanFile: '20240502T100000Z-0a1b2c3d.json',
    detections: { 'fp-github-0003': '2024-04-30T08:00:00.000Z' },
    rewritePlan: null,
    rewriteState: null,
    verification: null,
    git: {
      commitDates: { [fakeObjectId('1')]: { authoredAt: '2024-03-01T09:15:00.000Z', committedAt: '2024-03-01T09:20:00.000Z' } },
      firstRemote: {
        [fakeObjectId('1')]: { at: '2024-03-01T09:30:00.000Z', ref: 'refs/remotes/origin/main', how: 'push', message: 'update by push' },
        [fakeObjectId('2')]: { at: '2023-11-21T08:00:00.000Z', ref: 'refs/remotes/origin/feature/login', how: 'fetch', message: 'fetch: fast-forward' },
        [fakeObjectId('3')]: null,
        [fakeObjectId('4')]: null,
      },
      remoteReflogs: true,
      ignoredNow: { 'deploy/prod.env': false, 'docs/notes, "draft" v2.md': false },
      preCommitHook: { path: '/srv/repos/payments/.git/hooks/pre-commit', exists: false, scanner: null },
      warnings: [],
    },
  };
}
