import { describe, expect, it } from 'vitest';
import { createAwsAdapter } from '../../../src/providers/aws/index.js';
import { fakeSecret } from '../../../src/rules/fake-secret.js';
import { COMMITTED, credentialOf, expectNoSecretIn, finding, short, startHarness } from './harness.js';

describe('aws identify', () => {
  it('names the IAM user, the account and the attached policies', async () => {
    const h = await startHarness();
    const identity = await createAwsAdapter().identify(h.cred, h.ctx);
    expect(identity).toEqual({
      state: 'ok',
      value: {
        owner: 'arn:aws:iam::123456789012:user/alice',
        account: '123456789012',
        scopes: ['AmazonS3FullAccess'],
        keyId: short(h.leaked.id),
        details: { kind: 'long-term', userName: 'alice' },
      },
    });
    expect(h.actions()).toEqual(['GetAccessKeyLastUsed', 'GetAccessKeyInfo', 'ListAttachedUserPolicies']);
    // Operator credentials sign, never the leaked key.
    expect(h.emulator.calls.every((call) => call.caller === h.admin.id)).toBe(true);
    expect(h.records.map((r) => r.data.call)).toEqual(['iam:GetAccessKeyLastUsed', 'sts:GetAccessKeyInfo', 'iam:ListAttachedUserPolicies']);
    expect(h.records[0]).toEqual({
      type: 'provider-call',
      data: { provider: 'aws', call: 'iam:GetAccessKeyLastUsed', keyId: short(h.leaked.id), signedBy: 'operator', outcome: 'ok' },
    });
    expectNoSecretIn(h, identity);
  });

  it('works from the secret-key finding whose pair is the key id', async () => {
    const h = await startHarness();
    const identity = await createAwsAdapter().identify(credentialOf(h.leaked, 'secret-with-pair'), h.ctx);
    expect(identity.state === 'ok' && identity.value.keyId).toBe(short(h.leaked.id));
    expect(h.emulator.calls[0].params).toEqual({ AccessKeyId: h.leaked.id });
  });

  it('falls back to the account from STS when IAM denies the operator, and says why', async () => {
    const h = await startHarness({ adminAllow: ['sts:GetAccessKeyInfo'] });
    const identity = await createAwsAdapter().identify(h.cred, h.ctx);
    expect(identity.state).toBe('ok');
    if (identity.state !== 'ok') return;
    expect(identity.value.owner).toBeNull();
    expect(identity.value.account).toBe('123456789012');
    expect(identity.value.details.note).toMatch(/IAM denied reading key AKIA….*operator's own account 1234….*may not call iam:GetAccessKeyLastUsed/);
    expect(h.actions()).toEqual(['GetAccessKeyLastUsed', 'GetAccessKeyInfo', 'GetCallerIdentity']);
    expect(h.records[0].data).toMatchObject({ call: 'iam:GetAccessKeyLastUsed', outcome: 'refused', code: 'AccessDenied' });
  });

  it('refuses a key that no longer exists with a clear message', async () => {
    const h = await startHarness({ state: { unknownKeyAnswer: 'NoSuchEntity' } });
    h.state.keys = h.state.keys.filter((key) => key.id !== h.leaked.id);
    const identity = await createAwsAdapter().identify(h.cred, h.ctx);
    expect(identity).toEqual({
      state: 'refused',
      code: 'NoSuchEntity',
      message: `the key ${h.leaked.id.slice(0, 4)}…${h.leaked.id.slice(-3)} no longer exists in account 1234…: already deleted?`,
    });
  });

  it('gives only the account for an STS session key', async () => {
    const h = await startHarness();
    const sessionKey = `ASIA${fakeSecret('aws-access-key-id', 'session').slice(4)}`;
    const identity = await createAwsAdapter().identify({ finding: finding('aws-temporary-access-key-id', 's'), secret: sessionKey }, h.ctx);
    expect(identity.state === 'ok' && identity.value).toMatchObject({ owner: null, account: '123456789012', keyId: short(sessionKey) });
    expect(h.actions()).toEqual(['GetAccessKeyInfo']);
  });

  it('refuses a lone secret key without calling anything', async () => {
    const h = await startHarness();
    const identity = await createAwsAdapter().identify({ finding: finding('aws-secret-access-key', 'x'), secret: h.leaked.secret }, h.ctx);
    expect(identity).toMatchObject({ state: 'refused', code: 'NoKeyId' });
    expect(h.emulator.calls).toEqual([]);
    expectNoSecretIn(h, identity);
  });
});

describe('aws evidence', () => {
  it('reports last use and that it came after the commit', async () => {
    const h = await startHarness();
    const evidence = await createAwsAdapter().evidence(h.cred, h.ctx);
    expect(evidence).toEqual({
      state: 'ok',
      value: {
        lastUsed: '2024-05-01T10:00:00.000Z',
        service: 's3',
        region: 'eu-west-1',
        notes: [`used after it was committed: last used 2024-05-01T10:00:00.000Z (s3, eu-west-1), committed ${COMMITTED}; check CloudTrail for what it did`],
      },
    });
    expect(h.actions()).toEqual(['GetAccessKeyLastUsed']);
  });

  it('says when the last use predates the commit', async () => {
    const h = await startHarness();
    h.state.keys[1].lastUsed = { date: '2023-12-24T08:00:00Z', service: 'ec2', region: 'us-east-2' };
    const evidence = await createAwsAdapter().evidence(h.cred, h.ctx);
    expect(evidence.state === 'ok' && evidence.value.notes[0]).toMatch(/^not used since it was committed/);
  });

  it('maps N/A to null for a key never used', async () => {
    const h = await startHarness();
    delete h.state.keys[1].lastUsed;
    const evidence = await createAwsAdapter().evidence(h.cred, h.ctx);
    expect(evidence).toMatchObject({ state: 'ok', value: { lastUsed: null, service: null, region: null } });
    expect(evidence.state === 'ok' && evidence.value.notes[0]).toMatch(/no use of this key/);
  });
});
