/**
 * Reads an IAM user's policies with the leaked key itself, as far as the key may: attached and inline
 * policies of the user and of each of its groups, and the default version of every managed policy.
 * Every call is read-only and journaled by awsCall; a refusal (AccessDenied) becomes a gap line, never a
 * failure, so a narrow key still yields what it could read.
 */
import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { gapLine } from '../analysis.js';
import type { ProviderContext } from '../contract.js';
import { awsCall } from './call.js';
import type { AwsKey } from './key.js';
import type { PolicySource } from './policy-summary.js';

/** Bounds on what one analysis reads: pages of a listing, groups, policies. */
const MAX_PAGES = 10;
const MAX_GROUPS = 20;
const MAX_POLICIES = 50;

interface Page<T> {
  items: T[];
  IsTruncated?: boolean;
  Marker?: string;
}

export interface UserPolicies {
  sources: PolicySource[];
  groups: string[];
  gaps: string[];
}

interface Reader {
  ctx: ProviderContext;
  key: AwsKey;
  iam: IAMClient;
  gaps: string[];
}

/** One read call signed by the leaked key; null (and a gap line) when it fails. */
async function read<T>(r: Reader, call: string, what: string, send: () => Promise<T>): Promise<T | null> {
  const answer = await awsCall(r.ctx, r.key, { call, keyId: r.key.keyId, signedBy: 'leaked-key', send });
  if (answer.state === 'ok') return answer.value;
  r.gaps.push(gapLine(what, answer));
  return null;
}

/** A listing followed through its Marker pages; null when the first page fails. */
async function list<T>(r: Reader, call: string, what: string, page: (marker: string | undefined) => Promise<Page<T>>): Promise<T[] | null> {
  const items: T[] = [];
  let marker: string | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const answer = await read(r, call, what, () => page(marker));
    if (answer === null) return n === 0 ? null : items;
    items.push(...answer.items);
    if (!answer.IsTruncated || !answer.Marker) return items;
    marker = answer.Marker;
  }
  r.gaps.push(`${what}: more than ${MAX_PAGES} pages, the rest not read`);
  return items;
}

interface Attached {
  name: string;
  arn: string;
  via: string;
}

/** The default version's document of each managed policy, read once per ARN. */
async function managedDocuments(r: Reader, attached: Attached[]): Promise<PolicySource[]> {
  const byArn = new Map<string, string | null>();
  for (const policy of attached.slice(0, MAX_POLICIES)) {
    if (byArn.has(policy.arn)) continue;
    const meta = await read(r, 'iam:GetPolicy', `managed policy ${policy.name}`, () => r.iam.send(new GetPolicyCommand({ PolicyArn: policy.arn })));
    const version = meta?.Policy?.DefaultVersionId;
    const doc = version
      ? await read(r, 'iam:GetPolicyVersion', `managed policy ${policy.name} document`, () => r.iam.send(new GetPolicyVersionCommand({ PolicyArn: policy.arn, VersionId: version })))
      : null;
    byArn.set(policy.arn, doc?.PolicyVersion?.Document ?? null);
  }
  if (attached.length > MAX_POLICIES) r.gaps.push(`${attached.length - MAX_POLICIES} more attached policies not read`);
  return attached.map((policy) => ({ name: policy.name, via: policy.via, document: byArn.get(policy.arn) ?? null }));
}

async function userSources(r: Reader, user: string): Promise<{ attached: Attached[]; inline: PolicySource[] }> {
  const attached = await list(r, 'iam:ListAttachedUserPolicies', 'attached user policies', async (Marker) => {
    const out = await r.iam.send(new ListAttachedUserPoliciesCommand({ UserName: user, Marker }));
    return { items: out.AttachedPolicies ?? [], IsTruncated: out.IsTruncated, Marker: out.Marker };
  });
  const names = await list(r, 'iam:ListUserPolicies', 'inline user policies', async (Marker) => {
    const out = await r.iam.send(new ListUserPoliciesCommand({ UserName: user, Marker }));
    return { items: out.PolicyNames ?? [], IsTruncated: out.IsTruncated, Marker: out.Marker };
  });
  const inline: PolicySource[] = [];
  for (const name of (names ?? []).slice(0, MAX_POLICIES)) {
    const doc = await read(r, 'iam:GetUserPolicy', `inline policy ${name}`, () => r.iam.send(new GetUserPolicyCommand({ UserName: user, PolicyName: name })));
    inline.push({ name, via: 'inline', document: doc?.PolicyDocument ?? null });
  }
  return {
    attached: (attached ?? []).map((p) => ({ name: p.PolicyName ?? p.PolicyArn ?? '?', arn: p.PolicyArn ?? '', via: 'attached' })),
    inline,
  };
}

async function groupSources(r: Reader, group: string): Promise<{ attached: Attached[]; inline: PolicySource[] }> {
  const attached = await list(r, 'iam:ListAttachedGroupPolicies', `policies of group ${group}`, async (Marker) => {
    const out = await r.iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: group, Marker }));
    return { items: out.AttachedPolicies ?? [], IsTruncated: out.IsTruncated, Marker: out.Marker };
  });
  const names = await list(r, 'iam:ListGroupPolicies', `inline policies of group ${group}`, async (Marker) => {
    const out = await r.iam.send(new ListGroupPoliciesCommand({ GroupName: group, Marker }));
    return { items: out.PolicyNames ?? [], IsTruncated: out.IsTruncated, Marker: out.Marker };
  });
  const inline: PolicySource[] = [];
  for (const name of (names ?? []).slice(0, MAX_POLICIES)) {
    const doc = await read(r, 'iam:GetGroupPolicy', `inline policy ${name} of group ${group}`, () => r.iam.send(new GetGroupPolicyCommand({ GroupName: group, PolicyName: name })));
    inline.push({ name, via: `group ${group} (inline)`, document: doc?.PolicyDocument ?? null });
  }
  return {
    attached: (attached ?? []).map((p) => ({ name: p.PolicyName ?? p.PolicyArn ?? '?', arn: p.PolicyArn ?? '', via: `group ${group}` })),
    inline,
  };
}

export async function readUserPolicies(ctx: ProviderContext, key: AwsKey, iam: IAMClient, user: string): Promise<UserPolicies> {
  const r: Reader = { ctx, key, iam, gaps: [] };
  const own = await userSources(r, user);
  const groups = await list(r, 'iam:ListGroupsForUser', 'groups of the user', async (Marker) => {
    const out = await iam.send(new ListGroupsForUserCommand({ UserName: user, Marker }));
    return { items: (out.Groups ?? []).map((g) => g.GroupName ?? '?'), IsTruncated: out.IsTruncated, Marker: out.Marker };
  });
  const attached = [...own.attached];
  const inline = [...own.inline];
  for (const group of (groups ?? []).slice(0, MAX_GROUPS)) {
    const of = await groupSources(r, group);
    attached.push(...of.attached);
    inline.push(...of.inline);
  }
  if ((groups ?? []).length > MAX_GROUPS) r.gaps.push(`${(groups ?? []).length - MAX_GROUPS} more groups not read`);
  const managed = await managedDocuments(r, attached);
  return { sources: [...managed, ...inline], groups: groups ?? [], gaps: r.gaps };
}
