import { describe, expect, it } from 'vitest';
import { evidence } from '../../../src/providers/aws/evidence.js';
import { activityLine } from '../../../src/providers/aws/cloudtrail.js';
import type { EmulatedEvent } from '../../emulators/aws-iam-sts.js';
import { COMMITTED, expectNoSecretIn, startHarness } from './harness.js';

/**
 * CloudTrail evidence of use (LookupEvents by access key id since the leak, operator credentials)
 * through the real CloudTrail client against the emulator's JSON-protocol route.
 */

function eventsOf(keyId: string): EmulatedEvent[] {
  const at = (day: number, hour: number): string => new Date(Date.UTC(2024, 3, day, hour)).toISOString();
  const events: EmulatedEvent[] = [];
  // 60 reads from one address (more than a page of 50), 3 denied IAM calls from another, all after the leak.
  for (let i = 0; i < 60; i++) events.push({ keyId, name: 'GetObject', source: 's3.amazonaws.com', time: at(2 + (i % 20), i % 24), sourceIp: '203.0.113.7', region: 'eu-west-1' });
  for (let i = 0; i < 3; i++) events.push({ keyId, name: 'CreateUser', source: 'iam.amazonaws.com', time: at(25, i), sourceIp: '198.51.100.23', region: 'us-east-1', errorCode: 'AccessDenied' });
  events.push({ keyId, name: 'ListBuckets', source: 's3.amazonaws.com', time: '2024-02-01T00:00:00.000Z', sourceIp: '192.0.2.1', region: 'eu-west-1' }); // before the leak
  return events;
}

describe('AWS evidence: CloudTrail activity since the leak', () => {
  it('summarises the key\'s events since the commit, across pages, with the operator\'s credentials', async () => {
    const h = await startHarness();
    h.state.trail.push(...eventsOf(h.leaked.id), { ...eventsOf(h.admin.id)[0] });
    const e = await evidence(h.cred, h.ctx, { activity: true });
    expect(e.state).toBe('ok');
    if (e.state !== 'ok') return;
    expect(e.value.activity).toMatchObject({
      since: COMMITTED.replace('Z', '.000Z'), events: 63, truncated: false, failed: 3,
      first: '2024-04-02T00:00:00.000Z', last: '2024-04-25T02:00:00.000Z',
      eventNames: [{ name: 'GetObject', count: 60 }, { name: 'CreateUser', count: 3 }],
      sourceIps: ['198.51.100.23', '203.0.113.7'], regions: ['eu-west-1', 'us-east-1'],
    });
    expect(e.value.notes[1]).toBe(activityLine(e.value.activity!));
    expect(e.value.notes[1]).toMatch(/^CloudTrail since 2024-03-01: 63 events, first 2024-04-02T00:00:00.000Z, last 2024-04-25T02:00:00.000Z; GetObject ×60, CreateUser ×3; from 198.51.100.23, 203.0.113.7; regions eu-west-1, us-east-1; 3 failed/);
    const lookups = h.emulator.calls.filter((c) => c.action === 'LookupEvents');
    expect(lookups).toHaveLength(2);
    expect(lookups.every((c) => c.caller === h.admin.id)).toBe(true);
    expectNoSecretIn(h, e);
  });

  it('is not read unless asked: revoke keeps to IAM\'s last-use record', async () => {
    const h = await startHarness();
    await evidence(h.cred, h.ctx);
    expect(h.actions()).not.toContain('LookupEvents');
  });

  it('says so when nothing happened, and when the operator may not read CloudTrail', async () => {
    const quiet = await startHarness();
    const none = await evidence(quiet.cred, quiet.ctx, { activity: true });
    expect(none.state === 'ok' && none.value.notes[1]).toMatch(/^CloudTrail since 2024-03-01: no events of this key in CloudTrail event history \(us-east-1\)/);
    const denied = await startHarness({ adminAllow: ['iam:GetAccessKeyLastUsed', 'sts:GetAccessKeyInfo'] });
    const e = await evidence(denied.cred, denied.ctx, { activity: true });
    expect(e.state === 'ok' && e.value.notes[1]).toMatch(/^CloudTrail: could not read event history \(denied\)/);
  });

  it('rides out throttling, and still reads CloudTrail for a key IAM no longer knows', async () => {
    const h = await startHarness({ state: { unknownKeyAnswer: 'NoSuchEntity' } });
    h.state.trail.push(...eventsOf(h.leaked.id));
    h.state.throttle.LookupEvents = 1;
    h.state.keys.splice(h.state.keys.indexOf(h.leaked), 1);
    const e = await evidence(h.cred, h.ctx, { activity: true });
    expect(e).toMatchObject({ state: 'ok', value: { lastUsed: null, activity: { events: 63 } } });
    expect(e.state === 'ok' && e.value.notes[0]).toMatch(/^IAM last use not read/);
  });
});
