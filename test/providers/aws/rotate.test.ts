import { describe, expect, it } from 'vitest';
import { createAwsAdapter } from '../../../src/providers/aws/index.js';
import type { Delivery } from '../../../src/providers/contract.js';
import { emulatedKey } from '../../emulators/aws-iam-sts.js';
import { expectNoSecretIn, startHarness, WRITE_ACTIONS } from './harness.js';

const delivery: Delivery = { kind: 'env-file', file: '/tmp/spillkit-test/.env' };
const short = (id: string): string => `${id.slice(0, 4)}…${id.slice(-3)}`;

describe('aws rotate', () => {
  it('creates a key for the same user, delivers it, then deactivates the old key', async () => {
    const h = await startHarness();
    const rotated = await createAwsAdapter().rotate!(h.cred, h.ctx, { delivery, deleteOld: false });
    const created = h.state.keys.find((key) => key.user === 'alice' && key.id !== h.leaked.id)!;
    expect(rotated).toEqual({
      state: 'ok',
      value: {
        action: `created key ${short(created.id)} for user alice and delivered it; deactivated the old key ${short(h.leaked.id)}`,
        newKeyId: short(created.id),
        delivered: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
        old: 'deactivated',
      },
    });
    expect(h.delivered).toEqual([
      { delivery, values: { AWS_ACCESS_KEY_ID: created.id, AWS_SECRET_ACCESS_KEY: created.secret }, oldStatusAtDelivery: 'Active' },
    ]);
    expect(h.actions()).toEqual(['GetAccessKeyLastUsed', 'ListAccessKeys', 'CreateAccessKey', 'UpdateAccessKey']);
    expect(h.state.keys.find((key) => key.id === h.leaked.id)?.status).toBe('Inactive');
    expect(h.records.find((r) => r.type === 'provider-call' && r.data.call === 'iam:CreateAccessKey')?.data).toMatchObject({ outcome: 'ok', newKeyId: short(created.id) });
    expectNoSecretIn(h, rotated);
  });

  it('deletes the old key with deleteOld', async () => {
    const h = await startHarness();
    const rotated = await createAwsAdapter().rotate!(h.cred, h.ctx, { delivery, deleteOld: true });
    expect(rotated.state === 'ok' && rotated.value.old).toBe('deleted');
    expect(h.state.keys.some((key) => key.id === h.leaked.id)).toBe(false);
    expect(h.state.keys.filter((key) => key.user === 'alice')).toHaveLength(1);
    expect(h.delivered[0].oldStatusAtDelivery).toBe('Active');
  });

  it('deletes the new key again when delivery fails, leaving the old key active', async () => {
    const h = await startHarness({
      deliver: async (_delivery, values) => {
        throw new Error(`disk full while writing ${values.AWS_SECRET_ACCESS_KEY}`);
      },
    });
    const rotated = await createAwsAdapter().rotate!(h.cred, h.ctx, { delivery, deleteOld: true });
    expect(rotated).toMatchObject({ state: 'refused', code: 'DeliveryFailed' });
    expect(rotated.state !== 'ok' && rotated.message).toMatch(
      /^could not deliver the new key: disk full while writing \[redacted\]; deleted the new key AKIA….*again; the old key AKIA….* stays active$/,
    );
    expect(h.state.keys.filter((key) => key.user === 'alice')).toEqual([expect.objectContaining({ id: h.leaked.id, status: 'Active' })]);
    expect(h.actions()).toEqual(['GetAccessKeyLastUsed', 'ListAccessKeys', 'CreateAccessKey', 'DeleteAccessKey']);
    expectNoSecretIn(h, rotated);
  });

  it('refuses at the two-key limit, naming both keys', async () => {
    const h = await startHarness();
    const other = emulatedKey('alice-second', 'alice');
    h.state.keys.push(other);
    const rotated = await createAwsAdapter().rotate!(h.cred, h.ctx, { delivery, deleteOld: true });
    expect(rotated).toEqual({
      state: 'refused',
      code: 'LimitExceeded',
      message: `user alice already has two access keys (${short(h.leaked.id)} active, ${short(other.id)} active), the most IAM allows: revoke the leaked key ${short(h.leaked.id)} first (deactivate it), then rerun with delete-old`,
    });
    expect(h.delivered).toEqual([]);
    expect(h.state.keys.filter((key) => key.user === 'alice').map((key) => key.status)).toEqual(['Active', 'Active']);
    // Listed before creating: the SDK would retry a LimitExceeded with backoff, as if it were throttling.
    expect(h.actions()).toEqual(['GetAccessKeyLastUsed', 'ListAccessKeys']);
  });

  it('refuses at the limit with an inactive leaked key unless deleteOld', async () => {
    const h = await startHarness();
    h.state.keys[1].status = 'Inactive';
    h.state.keys.push(emulatedKey('alice-second', 'alice'));
    const rotated = await createAwsAdapter().rotate!(h.cred, h.ctx, { delivery, deleteOld: false });
    expect(rotated.state !== 'ok' && rotated.message).toMatch(/is inactive: rerun with delete-old to delete it and make room/);
    expect(h.actions().filter((action) => action === 'DeleteAccessKey')).toEqual([]);
  });

  it('deletes the inactive leaked key to make room with deleteOld', async () => {
    const h = await startHarness();
    h.state.keys[1].status = 'Inactive';
    h.state.keys.push(emulatedKey('alice-second', 'alice'));
    const rotated = await createAwsAdapter().rotate!(h.cred, h.ctx, { delivery, deleteOld: true });
    expect(rotated.state === 'ok' && rotated.value).toMatchObject({ old: 'deleted', action: expect.stringMatching(/^deleted the inactive leaked key/) });
    expect(h.actions()).toEqual(['GetAccessKeyLastUsed', 'ListAccessKeys', 'DeleteAccessKey', 'CreateAccessKey']);
    expect(h.delivered).toHaveLength(1);
    expect(h.state.keys.some((key) => key.id === h.leaked.id)).toBe(false);
  });

  it('makes only read calls in a dry run', async () => {
    const h = await startHarness({ dryRun: true });
    h.state.keys.push(emulatedKey('alice-second', 'alice'));
    const rotated = await createAwsAdapter().rotate!(h.cred, h.ctx, { delivery, deleteOld: true });
    expect(rotated).toMatchObject({ state: 'ok', value: { newKeyId: null, delivered: [], old: 'left active' } });
    expect(rotated.state === 'ok' && rotated.value.action).toMatch(/^dry run: would refuse: user alice already has two access keys \(AKIA….* active, AKIA….* active\)/);
    expect(h.actions()).toEqual(['GetAccessKeyLastUsed', 'ListAccessKeys']);
    expect(h.actions().some((action) => WRITE_ACTIONS.includes(action))).toBe(false);
    expect(h.delivered).toEqual([]);
  });

  it('still refuses clearly when the limit is only found by CreateAccessKey (listing denied)', async () => {
    const h = await startHarness({ adminAllow: ['iam:GetAccessKeyLastUsed', 'iam:CreateAccessKey'], env: { AWS_MAX_ATTEMPTS: '1' } });
    h.state.keys.push(emulatedKey('alice-second', 'alice'));
    const rotated = await createAwsAdapter().rotate!(h.cred, h.ctx, { delivery, deleteOld: false });
    expect(rotated).toEqual({
      state: 'refused',
      code: 'LimitExceeded',
      message: 'user alice already has two access keys, the most IAM allows: delete the key that is no longer in use, then rerun',
    });
    expect(h.emulator.calls.find((call) => call.action === 'CreateAccessKey')).toMatchObject({ status: 409, code: 'LimitExceeded' });
  });

  it('describes the plan in a dry run with room for a key', async () => {
    const h = await startHarness({ dryRun: true });
    const rotated = await createAwsAdapter().rotate!(h.cred, h.ctx, { delivery, deleteOld: false });
    expect(rotated.state === 'ok' && rotated.value.action).toBe(
      `dry run: would create a new key for user alice, deliver it as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then deactivate the old key ${short(h.leaked.id)}`,
    );
    expect(h.actions()).toEqual(['GetAccessKeyLastUsed', 'ListAccessKeys']);
  });

  it('refuses when the operator may not create keys', async () => {
    const h = await startHarness({ adminAllow: ['iam:GetAccessKeyLastUsed', 'sts:GetAccessKeyInfo'] });
    const rotated = await createAwsAdapter().rotate!(h.cred, h.ctx, { delivery, deleteOld: false });
    expect(rotated).toMatchObject({ state: 'refused', code: 'AccessDenied' });
    expect(rotated.state !== 'ok' && rotated.message).toMatch(/^could not create a new key for user alice: .*iam:CreateAccessKey/);
    expect(h.state.keys.find((key) => key.id === h.leaked.id)?.status).toBe('Active');
  });

  it('keeps the new key and says so when the old key cannot be retired', async () => {
    const h = await startHarness({ adminAllow: ['iam:GetAccessKeyLastUsed', 'iam:CreateAccessKey'] });
    const rotated = await createAwsAdapter().rotate!(h.cred, h.ctx, { delivery, deleteOld: false });
    expect(rotated.state === 'ok' && rotated.value).toMatchObject({ old: 'left active', action: expect.stringMatching(/could not retire the old key .*still active/) });
    expect(h.delivered).toHaveLength(1);
  });

  it('refuses a session key without calling anything', async () => {
    const h = await startHarness();
    const sessionId = `ASIA${h.leaked.id.slice(4)}`;
    const rotated = await createAwsAdapter().rotate!({ ...h.cred, secret: sessionId }, h.ctx, { delivery, deleteOld: false });
    expect(rotated).toMatchObject({ state: 'refused', code: 'TemporaryCredential' });
    expect(h.emulator.calls).toEqual([]);
  });
});
