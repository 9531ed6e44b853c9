import { describe, expect, it } from 'vitest';
import { createAwsAdapter } from '../../../src/providers/aws/index.js';
import { rotationSubject } from '../../../src/providers/aws/rotate-recovery.js';
import type { Delivery } from '../../../src/providers/contract.js';
import type { OpenIntent } from '../../../src/providers/intent.js';
import { emulatedKey } from '../../emulators/aws-iam-sts.js';
import { expectNoSecretIn, short, startHarness, type Harness } from './harness.js';

/**
 * A rotation a crash interrupted after CreateAccessKey: its intent is still open in the journal and IAM
 * holds a key nobody journaled. The next rotate reconciles from ListAccessKeys before it creates anything.
 */
const delivery: Delivery = { kind: 'env-file', file: '/tmp/spillkit-test/.env' };
const isoNow = (offsetMs = 0): string => new Date(Date.now() + offsetMs).toISOString().replace(/\.\d+Z$/, 'Z');

async function interrupted(progress: Record<string, unknown>[] = [], before?: string[] | null) {
  const h = await startHarness();
  h.state.keys.find((k) => k.id === h.leaked.id)!.status = 'Inactive'; // the revoke step came first
  const orphan = emulatedKey('orphan', 'alice', { createDate: isoNow() });
  h.state.keys.push(orphan);
  const intent: OpenIntent = {
    id: 'i1', call: 'iam:CreateAccessKey', subject: rotationSubject({ keyId: h.leaked.id, secretKey: null, kind: 'long-term' }),
    at: isoNow(-2000), facts: { user: 'alice', before: before === undefined ? [short(h.leaked.id)] : before }, progress,
  };
  h.ctx.openIntents = (call, subject) => (call === intent.call && subject === intent.subject ? [intent] : []);
  return { h, orphan };
}

const alice = (h: Harness) => h.state.keys.filter((k) => k.user === 'alice');
const ended = (h: Harness) => h.records.filter((r) => r.type === 'provider-intent-ended').map((r) => r.data.outcome);

describe('aws rotate after an interrupted rotation', () => {
  it('deletes the key nobody holds, then makes exactly one new key', async () => {
    const { h, orphan } = await interrupted();
    const rotated = await createAwsAdapter().rotate!(h.cred, h.ctx, { delivery, deleteOld: true });
    expect(rotated.state).toBe('ok');
    const keys = alice(h);
    expect(keys).toHaveLength(1);
    expect([h.leaked.id, orphan.id]).not.toContain(keys[0].id);
    expect(h.delivered.map((d) => d.values.AWS_ACCESS_KEY_ID)).toEqual([keys[0].id]);
    expect(h.actions().filter((a) => a === 'CreateAccessKey')).toHaveLength(1);
    expect(rotated.state === 'ok' && rotated.value.action).toBe(
      `deleted key ${short(orphan.id)} left without a holder by an interrupted rotation; created key ${short(keys[0].id)} for user alice and delivered it; deleted the old key ${short(h.leaked.id)}`,
    );
    expect(ended(h)).toEqual(['undone', 'done']);
    expectNoSecretIn(h, rotated);
  });

  it('adopts a key that was delivered before the crash instead of making another', async () => {
    const { h, orphan } = await interrupted([{ stage: 'created', newKeyId: 'x' }, { stage: 'delivered', newKeyId: short(emulatedKey('orphan', 'alice').id) }]);
    const rotated = await createAwsAdapter().rotate!(h.cred, h.ctx, { delivery, deleteOld: true });
    expect(rotated).toMatchObject({ state: 'ok', value: { newKeyId: short(orphan.id), old: 'deleted' } });
    expect(h.actions()).not.toContain('CreateAccessKey');
    expect(h.delivered).toEqual([]);
    expect(alice(h).map((k) => k.id)).toEqual([orphan.id]);
    expect(ended(h)).toEqual(['adopted']);
  });

  it('never touches a key that existed before the intent, nor one created long before it', async () => {
    const { h, orphan } = await interrupted([], null);
    const old = emulatedKey('alice-old', 'alice', { createDate: '2023-05-01T00:00:00Z' });
    h.state.keys.push(old);
    const rotated = await createAwsAdapter().rotate!(h.cred, h.ctx, { delivery, deleteOld: true });
    expect(rotated.state).toBe('ok');
    expect(h.state.keys.some((k) => k.id === old.id)).toBe(true);
    expect(h.state.keys.some((k) => k.id === orphan.id)).toBe(false);
    expect(alice(h)).toHaveLength(2);
  });

  it('retries nothing when IAM cannot list the keys', async () => {
    const { h } = await interrupted();
    h.state.throttle.ListAccessKeys = Infinity;
    const rotated = await createAwsAdapter().rotate!(h.cred, h.ctx, { delivery, deleteOld: true });
    expect(rotated).toMatchObject({ state: 'unknown', code: 'Throttling' });
    expect(rotated.state !== 'ok' && rotated.message).toMatch(/was interrupted .* not retrying, so no second key is made/);
    expect(h.actions().filter((a) => a === 'CreateAccessKey' || a === 'DeleteAccessKey')).toEqual([]);
    expect(ended(h)).toEqual([]);
  });

  it('journals the intent, its stages and its end around a normal rotation, with short key ids only', async () => {
    const h = await startHarness();
    const rotated = await createAwsAdapter().rotate!(h.cred, h.ctx, { delivery, deleteOld: false });
    expect(rotated.state).toBe('ok');
    const created = alice(h).find((k) => k.id !== h.leaked.id)!;
    const types = h.records.map((r) => r.type);
    expect(types.indexOf('provider-intent')).toBeLessThan(types.findIndex((t, i) => t === 'provider-call' && h.records[i].data.call === 'iam:CreateAccessKey'));
    expect(h.records.find((r) => r.type === 'provider-intent')?.data).toMatchObject({ call: 'iam:CreateAccessKey', user: 'alice', before: [short(h.leaked.id)] });
    expect(h.records.filter((r) => r.type === 'provider-intent-progress').map((r) => r.data)).toEqual([
      expect.objectContaining({ stage: 'created', newKeyId: short(created.id) }),
      expect.objectContaining({ stage: 'delivered', newKeyId: short(created.id) }),
    ]);
    expect(ended(h)).toEqual(['done']);
    expectNoSecretIn(h, rotated);
  });
});
