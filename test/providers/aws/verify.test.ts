import { describe, expect, it } from 'vitest';
import { createAwsAdapter } from '../../../src/providers/aws/index.js';
import { fakeSecret } from '../../../src/rules/fake-secret.js';
import { credentialOf, expectNoSecretIn, finding, startHarness } from './harness.js';

describe('aws verify (GetCallerIdentity signed by the leaked pair)', () => {
  it('says live and who the key signs as', async () => {
    const h = await startHarness({ noOperator: true });
    const live = await createAwsAdapter().verify(h.cred, h.ctx);
    expect(live).toEqual({ state: 'ok', value: { live: true, detail: 'live: signs as arn:aws:iam::123456789012:user/alice' } });
    expect(h.emulator.calls).toMatchObject([{ action: 'GetCallerIdentity', caller: h.leaked.id, status: 200 }]);
    expect(h.records[0].data).toEqual({ provider: 'aws', call: 'sts:GetCallerIdentity', keyId: `${h.leaked.id.slice(0, 4)}…${h.leaked.id.slice(-3)}`, signedBy: 'leaked-key', outcome: 'ok' });
    expectNoSecretIn(h, live);
  });

  it('works from the secret-key finding too', async () => {
    const h = await startHarness();
    const live = await createAwsAdapter().verify(credentialOf(h.leaked, 'secret-with-pair'), h.ctx);
    expect(live.state === 'ok' && live.value.live).toBe(true);
  });

  it('says not live for an inactive key (InvalidClientTokenId)', async () => {
    const h = await startHarness();
    h.state.keys[1].status = 'Inactive';
    const live = await createAwsAdapter().verify(h.cred, h.ctx);
    expect(live).toEqual({ state: 'ok', value: { live: false, detail: 'AWS does not accept the key id: it is inactive or deleted' } });
  });

  it('says not live when the secret does not match (SignatureDoesNotMatch)', async () => {
    const h = await startHarness();
    const wrong = { ...h.cred, pair: { finding: finding('aws-secret-access-key', 'other'), secret: fakeSecret('aws-secret-access-key', 'other') } };
    const live = await createAwsAdapter().verify(wrong, h.ctx);
    expect(live.state === 'ok' && live.value).toMatchObject({ live: false, detail: expect.stringMatching(/does not match the key id/) });
    expect(h.emulator.calls[0].code).toBe('SignatureDoesNotMatch');
    expectNoSecretIn(h, live);
    expect(JSON.stringify([h.records, live])).not.toContain(wrong.pair.secret);
  });

  it('cannot tell without the secret half, and calls nothing', async () => {
    const h = await startHarness();
    const live = await createAwsAdapter().verify(credentialOf(h.leaked, 'id-only'), h.ctx);
    expect(live).toMatchObject({ state: 'unknown', code: 'NoSecretHalf' });
    expect(h.emulator.calls).toEqual([]);
  });

  it('cannot tell while STS throttles', async () => {
    const h = await startHarness({ env: { AWS_MAX_ATTEMPTS: '1' } });
    h.state.throttle.GetCallerIdentity = Infinity;
    const live = await createAwsAdapter().verify(h.cred, h.ctx);
    expect(live).toMatchObject({ state: 'unknown', code: 'Throttling' });
  });
});
