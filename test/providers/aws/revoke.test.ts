import { describe, expect, it } from 'vitest';
import { createAwsAdapter } from '../../../src/providers/aws/index.js';
import { QUARANTINE_POLICY_ARN } from '../../../src/providers/aws/revoke.js';
import { expectNoSecretIn, startHarness, WRITE_ACTIONS } from './harness.js';

const short = (id: string): string => `${id.slice(0, 4)}…${id.slice(-3)}`;

describe('aws revoke with operator credentials', () => {
  it('deactivates the key of its owner (reversible)', async () => {
    const h = await startHarness();
    const revoked = await createAwsAdapter().revoke(h.cred, h.ctx, {});
    expect(revoked).toEqual({ state: 'ok', value: { action: `deactivated key ${short(h.leaked.id)} of user alice`, reversible: true } });
    expect(h.state.keys.find((key) => key.id === h.leaked.id)?.status).toBe('Inactive');
    expect(h.emulator.calls.at(-1)).toMatchObject({
      action: 'UpdateAccessKey', caller: h.admin.id, params: { UserName: 'alice', AccessKeyId: h.leaked.id, Status: 'Inactive' }, status: 200,
    });
    expect(h.records.at(-1)?.data).toEqual({ provider: 'aws', call: 'iam:UpdateAccessKey', keyId: short(h.leaked.id), signedBy: 'operator', outcome: 'ok' });
    expectNoSecretIn(h, revoked);
  });

  it('also attaches the quarantine policy when asked', async () => {
    const h = await startHarness();
    const revoked = await createAwsAdapter().revoke(h.cred, h.ctx, { quarantine: true });
    expect(revoked.state === 'ok' && revoked.value.action).toMatch(/attached AWSCompromisedKeyQuarantineV2/);
    expect(h.state.users.find((user) => user.name === 'alice')?.attachedPolicies).toContain(QUARANTINE_POLICY_ARN);
    expect(h.state.keys.find((key) => key.id === h.leaked.id)?.status).toBe('Inactive');
  });

  it('makes only read calls in a dry run and says what it would do', async () => {
    const h = await startHarness({ dryRun: true });
    const revoked = await createAwsAdapter().revoke(h.cred, h.ctx, { quarantine: true });
    expect(revoked.state === 'ok' && revoked.value.action).toMatch(/^dry run: would deactivate key AKIA….* of user alice .*AWSCompromisedKeyQuarantineV2/);
    expect(h.actions()).toEqual(['GetAccessKeyLastUsed']);
    expect(h.actions().some((action) => WRITE_ACTIONS.includes(action))).toBe(false);
    expect(h.state.keys.find((key) => key.id === h.leaked.id)?.status).toBe('Active');
  });

  it('refuses when the operator is denied, pointing to self-disable', async () => {
    const h = await startHarness({ adminAllow: ['sts:GetAccessKeyInfo'] });
    const revoked = await createAwsAdapter().revoke(h.cred, h.ctx, {});
    expect(revoked.state).toBe('refused');
    expect(revoked.state !== 'ok' && revoked.code).toBe('AccessDenied');
    expect(revoked.state !== 'ok' && revoked.message).toMatch(/leaked key can disable itself/);
    expect(h.state.keys.find((key) => key.id === h.leaked.id)?.status).toBe('Active');
  });

  it('refuses when the operator may read but not update', async () => {
    const h = await startHarness({ adminAllow: ['iam:GetAccessKeyLastUsed'] });
    const revoked = await createAwsAdapter().revoke(h.cred, h.ctx, {});
    expect(revoked).toMatchObject({ state: 'refused', code: 'AccessDenied' });
    expect(revoked.state !== 'ok' && revoked.message).toMatch(/could not deactivate key AKIA….* of user alice: User: .* is not authorized to perform: iam:UpdateAccessKey/);
    expectNoSecretIn(h, revoked);
  });

  it('explains a key already deleted (IAM answers AccessDenied for it, as AWS does)', async () => {
    const h = await startHarness();
    h.state.keys = h.state.keys.filter((key) => key.id !== h.leaked.id);
    const revoked = await createAwsAdapter().revoke(h.cred, h.ctx, {});
    expect(revoked).toMatchObject({ state: 'refused', code: 'AccessDenied' });
    expect(revoked.state !== 'ok' && revoked.message).toMatch(/operator's own account 1234….*or the key no longer exists \(already deleted\?\)/);
  });

  it('refuses a key deleted between lookup and update (NoSuchEntity)', async () => {
    const h = await startHarness();
    // The key vanishes after GetAccessKeyLastUsed answered: delete it when the update arrives.
    const realPush = h.emulator.calls.push.bind(h.emulator.calls);
    h.emulator.calls.push = (...calls) => {
      if (calls[0].action === 'GetAccessKeyLastUsed') h.state.keys = h.state.keys.filter((key) => key.id !== h.leaked.id);
      return realPush(...calls);
    };
    const revoked = await createAwsAdapter().revoke(h.cred, h.ctx, {});
    expect(revoked).toEqual({ state: 'refused', code: 'NoSuchEntity', message: `the key ${short(h.leaked.id)} no longer exists in account 1234…: already deleted?` });
  });
});

describe('aws revoke: throttling and network', () => {
  it('retries a throttled call with the SDK strategy, then succeeds', async () => {
    const h = await startHarness();
    h.state.throttle.UpdateAccessKey = 1;
    const revoked = await createAwsAdapter().revoke(h.cred, h.ctx, {});
    expect(revoked.state).toBe('ok');
    expect(h.emulator.calls.filter((call) => call.action === 'UpdateAccessKey').map((call) => call.code)).toEqual(['Throttling', null]);
    expect(h.state.keys.find((key) => key.id === h.leaked.id)?.status).toBe('Inactive');
  });

  it('answers unknown after throttling on every attempt (four by default)', async () => {
    const h = await startHarness();
    h.state.throttle.GetAccessKeyLastUsed = Infinity;
    const revoked = await createAwsAdapter().revoke(h.cred, h.ctx, {});
    expect(revoked).toMatchObject({ state: 'unknown', code: 'Throttling' });
    expect(revoked.state !== 'ok' && revoked.message).toMatch(/kept throttling the request after 4 attempts/);
    expect(h.actions()).toEqual(Array(4).fill('GetAccessKeyLastUsed'));
    expect(h.records).toHaveLength(1);
    expect(h.records[0].data).toMatchObject({ call: 'iam:GetAccessKeyLastUsed', outcome: 'unknown', code: 'Throttling' });
  }, 20_000);

  it('honours AWS_MAX_ATTEMPTS', async () => {
    const h = await startHarness({ env: { AWS_MAX_ATTEMPTS: '2' } });
    h.state.throttle.GetAccessKeyLastUsed = Infinity;
    const revoked = await createAwsAdapter().revoke(h.cred, h.ctx, {});
    expect(revoked).toMatchObject({ state: 'unknown', code: 'Throttling' });
    expect(h.actions()).toHaveLength(2);
  });

  it('answers unknown when AWS cannot be reached', async () => {
    const h = await startHarness({ env: { AWS_MAX_ATTEMPTS: '1' } });
    await h.emulator.close();
    const revoked = await createAwsAdapter().revoke(h.cred, h.ctx, {});
    expect(revoked).toMatchObject({ state: 'unknown', code: 'Network' });
    expect(revoked.state !== 'ok' && revoked.message).toMatch(/could not reach AWS/);
  });

  it('uses AWS_ENDPOINT_URL when there is no per-service endpoint', async () => {
    const h = await startHarness();
    h.ctx.env = { ...h.ctx.env, AWS_ENDPOINT_URL: h.emulator.url, AWS_ENDPOINT_URL_IAM: undefined, AWS_ENDPOINT_URL_STS: undefined };
    const revoked = await createAwsAdapter().revoke(h.cred, h.ctx, {});
    expect(revoked.state).toBe('ok');
  });
});

describe('aws revoke: the leaked key disables itself', () => {
  it('signs UpdateAccessKey without UserName with the leaked key, no operator needed', async () => {
    const h = await startHarness({ noOperator: true });
    const revoked = await createAwsAdapter().revoke(h.cred, h.ctx, { useLeakedCredential: true });
    expect(revoked).toEqual({ state: 'ok', value: { action: `key ${short(h.leaked.id)} disabled itself (signed by the leaked key)`, reversible: true } });
    expect(h.emulator.calls).toHaveLength(1);
    expect(h.emulator.calls[0]).toMatchObject({ action: 'UpdateAccessKey', caller: h.leaked.id, params: { AccessKeyId: h.leaked.id, Status: 'Inactive' } });
    expect(h.emulator.calls[0].params.UserName).toBeUndefined();
    expect(h.state.keys.find((key) => key.id === h.leaked.id)?.status).toBe('Inactive');
    expect(h.records[0].data).toMatchObject({ signedBy: 'leaked-key', keyId: short(h.leaked.id), outcome: 'ok' });
    expectNoSecretIn(h, revoked);
  });

  it('attaches the quarantine policy first, while the key can still sign', async () => {
    const h = await startHarness({ noOperator: true });
    const revoked = await createAwsAdapter().revoke(h.cred, h.ctx, { useLeakedCredential: true, quarantine: true });
    expect(h.actions()).toEqual(['GetCallerIdentity', 'AttachUserPolicy', 'UpdateAccessKey']);
    expect(revoked.state === 'ok' && revoked.value.action).toMatch(/attached AWSCompromisedKeyQuarantineV2 to user alice/);
    expect(h.state.users[1].attachedPolicies).toContain(QUARANTINE_POLICY_ARN);
  });

  it('calls nothing in a dry run', async () => {
    const h = await startHarness({ noOperator: true, dryRun: true });
    const revoked = await createAwsAdapter().revoke(h.cred, h.ctx, { useLeakedCredential: true });
    expect(revoked.state === 'ok' && revoked.value.action).toMatch(/^dry run: would make key AKIA….* disable itself/);
    expect(h.emulator.calls).toEqual([]);
  });

  it('says so when AWS no longer accepts the key', async () => {
    const h = await startHarness({ noOperator: true });
    h.state.keys[1].status = 'Inactive';
    const revoked = await createAwsAdapter().revoke(h.cred, h.ctx, { useLeakedCredential: true });
    expect(revoked).toMatchObject({ state: 'refused', code: 'InvalidClientTokenId' });
    expect(revoked.state !== 'ok' && revoked.message).toMatch(/already inactive or deleted/);
  });

  it('refuses when the key may not update itself', async () => {
    const h = await startHarness({ noOperator: true, leakedAllow: ['s3:GetObject'] });
    const revoked = await createAwsAdapter().revoke(h.cred, h.ctx, { useLeakedCredential: true });
    expect(revoked).toMatchObject({ state: 'refused', code: 'AccessDenied' });
    expect(revoked.state !== 'ok' && revoked.message).toMatch(/may not update its own keys/);
  });

  it('needs the secret half', async () => {
    const h = await startHarness({ noOperator: true });
    const revoked = await createAwsAdapter().revoke({ finding: h.cred.finding, secret: h.leaked.id }, h.ctx, { useLeakedCredential: true });
    expect(revoked).toMatchObject({ state: 'refused', code: 'NoSecretHalf' });
    expect(h.emulator.calls).toEqual([]);
  });
});
