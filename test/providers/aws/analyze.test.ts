import { describe, expect, it } from 'vitest';
import { analyze, principalOf } from '../../../src/providers/aws/analyze.js';
import { summarisePolicies } from '../../../src/providers/aws/policy-summary.js';
import type { Analysis, Outcome } from '../../../src/providers/contract.js';
import { expectNoSecretIn, startHarness, WRITE_ACTIONS } from './harness.js';

/**
 * Blast radius through the real SDK clients against the IAM/STS emulator, signed by the leaked pair:
 * wide and narrow rights, a dead key, a key that may read only part of its own policies, throttling,
 * 5xx and a hang past the timeout. Nothing is ever written.
 */

const value = (o: Outcome<Analysis>): Analysis => {
  if (o.state !== 'ok') throw new Error(`expected ok, got ${o.state} ${o.code}: ${o.message}`);
  return o.value;
};

const DEPLOY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['ec2:Describe*', 'ec2:RunInstances'], Resource: '*' },
    { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::123456789012:role/deploy' },
    { Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' },
  ],
};

describe('AWS analyze', () => {
  it('names an admin key: AdministratorAccess attached, critical', async () => {
    const h = await startHarness({ state: { users: [{ name: 'admin', attachedPolicies: [] }, { name: 'alice', attachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] }] } });
    const a = value(await analyze(h.cred, h.ctx));
    expect(a.principal).toBe('arn:aws:iam::123456789012:user/alice');
    expect(a.account).toBe('123456789012');
    expect(a.risk).toBe('critical');
    expect(a.permissions.admin).toBe(true);
    expect(a.summary[0]).toBe('admin: yes (AdministratorAccess)');
    expect(a.summary).toContain('services: all services');
    expect(a.gaps).toEqual([]);
    expect(h.actions().filter((x) => WRITE_ACTIONS.includes(x))).toEqual([]);
    expect(h.emulator.calls.every((c) => c.caller === h.leaked.id)).toBe(true);
    expectNoSecretIn(h, a);
  });

  it('summarises a narrower key from its own, inline and group policies', async () => {
    const h = await startHarness({
      state: {
        users: [
          { name: 'admin', attachedPolicies: [] },
          { name: 'alice', attachedPolicies: ['arn:aws:iam::aws:policy/AmazonS3FullAccess'], inlinePolicies: { deploy: DEPLOY_POLICY }, groups: ['auditors'] },
        ],
        groups: [{ name: 'auditors', attachedPolicies: ['arn:aws:iam::aws:policy/IAMReadOnlyAccess'] }],
      },
    });
    const a = value(await analyze(h.cred, h.ctx));
    expect(a.permissions.admin).toBe(false);
    expect(a.summary[0]).toBe('admin: no');
    expect(a.summary).toContain('wildcard actions: ec2:Describe*, iam:Get*, iam:List*, s3-object-lambda:*, s3:*');
    expect(a.summary).toContain('services: ec2, iam, s3, s3-object-lambda, sts');
    expect(a.summary).toContain('sts:AssumeRole: arn:aws:iam::123456789012:role/deploy');
    expect(a.summary).toContain('groups: auditors');
    expect(a.summary.some((l) => l.startsWith('not evaluated: 1 deny'))).toBe(true);
    expect(a.risk).toBe('high');
    expect(a.resources.counts).toContainEqual({ kind: 'policies', count: 3 });
    expect(h.actions()).toEqual(expect.arrayContaining(['GetCallerIdentity', 'ListAttachedUserPolicies', 'ListUserPolicies', 'GetUserPolicy', 'ListGroupsForUser', 'ListAttachedGroupPolicies', 'ListGroupPolicies', 'GetPolicy', 'GetPolicyVersion']));
    expectNoSecretIn(h, a);
  });

  it('records a denied read as a gap and still answers with what it could read', async () => {
    const h = await startHarness({ leakedAllow: ['iam:ListAttachedUserPolicies', 'iam:GetPolicy', 'iam:GetPolicyVersion'] });
    const a = value(await analyze(h.cred, h.ctx));
    expect(a.summary).toContain('wildcard actions: s3-object-lambda:*, s3:*');
    expect(a.gaps).toEqual(['could not read inline user policies (denied)', 'could not read groups of the user (denied)']);
    expect(a.risk).toBe('high');
    const denied = h.records.filter((r) => r.type === 'provider-call' && r.data.outcome === 'refused');
    expect(denied.map((r) => r.data.call)).toEqual(['iam:ListUserPolicies', 'iam:ListGroupsForUser']);
    expectNoSecretIn(h, a);
  });

  it('says admin is unknown when no policy can be read', async () => {
    const h = await startHarness({ leakedAllow: [] });
    const a = value(await analyze(h.cred, h.ctx));
    expect(a.permissions.admin).toBeNull();
    expect(a.summary[0]).toBe('admin: unknown (no policy could be read)');
    expect(a.risk).toBe('high');
    expect(a.gaps).toHaveLength(3);
  });

  it('refuses a dead key: STS rejects the pair', async () => {
    const h = await startHarness();
    h.leaked.status = 'Inactive';
    const o = await analyze(h.cred, h.ctx);
    expect(o).toMatchObject({ state: 'refused', code: 'InvalidClientTokenId' });
    expect(h.actions()).toEqual(['GetCallerIdentity']);
  });

  it('rides out a short throttling burst; could not tell when it lasts', async () => {
    const h = await startHarness({ state: { throttle: { GetCallerIdentity: 1 } }, env: { AWS_MAX_ATTEMPTS: '2' } });
    expect((await analyze(h.cred, h.ctx)).state).toBe('ok');
    h.state.throttle.ListUserPolicies = Infinity;
    const partial = value(await analyze(h.cred, h.ctx));
    expect(partial.gaps).toContain('could not read inline user policies (throttled)');
    h.state.throttle.GetCallerIdentity = Infinity;
    expect(await analyze(h.cred, h.ctx)).toMatchObject({ state: 'unknown', code: 'Throttling' });
  });

  it('could not tell on a 5xx or a hang past the timeout', async () => {
    const h = await startHarness({ env: { AWS_MAX_ATTEMPTS: '1', SPILLKIT_HTTP_TIMEOUT_MS: '300' } });
    h.state.faults.GetCallerIdentity = { status: 503, code: 'ServiceUnavailable', times: 1 };
    expect(await analyze(h.cred, h.ctx)).toMatchObject({ state: 'unknown', code: 'ServiceUnavailable' });
    h.state.faults.GetCallerIdentity = { delayMs: 1500, times: 1 };
    expect(await analyze(h.cred, h.ctx)).toMatchObject({ state: 'unknown', code: 'Timeout' });
  });

  it('needs both halves and a long-term key', async () => {
    const h = await startHarness();
    expect(await analyze({ finding: h.cred.finding, secret: h.leaked.id }, h.ctx)).toMatchObject({ state: 'unknown', code: 'NoSecretHalf' });
    expect(h.actions()).toEqual([]);
  });
});

describe('AWS principals and policy summaries', () => {
  it('reads the principal from the caller ARN', () => {
    expect(principalOf('arn:aws:iam::123456789012:root')).toEqual({ type: 'root' });
    expect(principalOf('arn:aws:iam::123456789012:user/ops/alice')).toEqual({ type: 'user', name: 'alice' });
    expect(principalOf('arn:aws:sts::123456789012:assumed-role/deploy/ci-42')).toEqual({ type: 'role-session', role: 'deploy', session: 'ci-42' });
  });

  it('flags NotAction, escalation through IAM wildcards, and plain JSON documents', () => {
    const doc = (statement: object): string => JSON.stringify({ Statement: [statement] });
    const s = summarisePolicies([
      { name: 'almost-admin', via: 'inline', document: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) },
      { name: 'iam-put', via: 'inline', document: encodeURIComponent(doc({ Effect: 'Allow', Action: 'iam:Put*Policy', Resource: '*' })) },
      { name: 'broken', via: 'inline', document: '%7Bnot json' },
    ]);
    expect(s.allowAllBut).toEqual(['iam:*']);
    expect(s.escalation).toEqual(expect.arrayContaining(['iam:PutUserPolicy', 'iam:PutRolePolicy', 'iam:PassRole']));
    expect(s.unreadable).toEqual(['broken']);
    expect(s.admin).toBe(false);
  });
});
