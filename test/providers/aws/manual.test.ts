import { describe, expect, it } from 'vitest';
import { createAwsAdapter } from '../../../src/providers/aws/index.js';
import { emulatedKey } from '../../emulators/aws-iam-sts.js';
import { credentialOf, startHarness } from './harness.js';

describe('aws manual steps', () => {
  it('point to the users page before the owner is known, then to the owner\'s credentials page', async () => {
    const h = await startHarness();
    const adapter = createAwsAdapter();
    const before = adapter.manualSteps(h.cred);
    expect(before[0].url).toBe('https://console.aws.amazon.com/iam/home#/users');
    await adapter.identify(h.cred, h.ctx);
    const steps = adapter.manualSteps(h.cred);
    expect(steps.map((step) => step.url)).toEqual([
      'https://console.aws.amazon.com/iam/home#/users/details/alice?section=security_credentials',
      // No key id in a URL: it would be printed and journaled whole.
      'https://console.aws.amazon.com/cloudtrail/home#/events',
      'https://console.aws.amazon.com/billing/home#/bills',
    ]);
    expect(steps[2].checklist.join('\n')).toMatch(/unexpected charges/);
    expect(steps[1].checklist[0]).toContain(`${h.leaked.id.slice(0, 4)}…${h.leaked.id.slice(-3)}`);
    expect(JSON.stringify(steps)).not.toContain(h.leaked.secret);
    expect(JSON.stringify(steps)).not.toContain(h.leaked.id);
  });

  it('guide session revocation for an STS session key', () => {
    const key = emulatedKey('session', 'nobody');
    const cred = credentialOf({ ...key, id: `ASIA${key.id.slice(4)}` });
    expect(createAwsAdapter().manualSteps(cred)[0].title).toMatch(/Revoke the active sessions/);
  });
});
