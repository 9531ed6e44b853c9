/**
 * The blast radius of a leaked AWS key pair, read with the pair itself: STS GetCallerIdentity names the
 * account and principal (it needs no permission), then IAM reads the user's and its groups' policies
 * as far as the key may (policy-read.ts), summarised by policy-summary.ts. Nothing is changed.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { emptyAnalysis, listed, MAX_LISTED } from '../analysis.js';
import type { Analysis, Credential, Outcome, ProviderContext, Risk } from '../contract.js';
import { awsCall } from './call.js';
import { leakedIam, leakedSts } from './clients.js';
import { awsKeyOf, shortKeyId } from './key.js';
import { missingKeyId } from './no-key.js';
import { readUserPolicies } from './policy-read.js';
import { summarisePolicies, type PolicySummary } from './policy-summary.js';
import { DEAD_KEY_ANSWERS } from './verify.js';

export type AwsPrincipal =
  | { type: 'root' }
  | { type: 'user'; name: string }
  | { type: 'role-session'; role: string; session: string }
  | { type: 'other' };

/** What an ARN from GetCallerIdentity names. User paths (`user/ops/alice`) keep the last part: IAM calls take the bare name. */
export function principalOf(arn: string): AwsPrincipal {
  if (/^arn:aws[\w-]*:iam::\d{12}:root$/.test(arn)) return { type: 'root' };
  const user = /^arn:aws[\w-]*:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (user) return { type: 'user', name: user[1] };
  const role = /^arn:aws[\w-]*:sts::\d{12}:assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  if (role) return { type: 'role-session', role: role[1], session: role[2] };
  return { type: 'other' };
}

function riskOf(summary: PolicySummary, readSomething: boolean): Risk {
  if (summary.admin || summary.allowAllBut.length > 0 || summary.escalation.length > 0) return 'critical';
  if (!readSomething) return 'high'; // a live key whose rights nobody could read: assume the worst but admin
  if (summary.wildcards.length > 0 || summary.assumable.length > 0 || summary.write) return 'high';
  return summary.services.length > 0 ? 'medium' : 'low';
}

function summaryLines(s: PolicySummary, policies: string[], readSomething: boolean): string[] {
  const lines = [readSomething || s.admin ? `admin: ${s.admin ? `yes (${listed(s.adminVia)})` : 'no'}` : 'admin: unknown (no policy could be read)'];
  if (s.allowAllBut.length) lines.push(`allows every action except: ${listed(s.allowAllBut)} (NotAction)`);
  if (s.wildcards.length) lines.push(`wildcard actions: ${listed(s.wildcards)}`);
  if (s.services.length) lines.push(`services: ${listed(s.services, 12)}`);
  if (s.escalation.length) lines.push(`privilege escalation: ${listed(s.escalation)}`);
  lines.push(s.assumable.length ? `sts:AssumeRole: ${listed(s.assumable)}` : 'sts:AssumeRole: not granted by the policies read');
  if (policies.length) lines.push(`policies: ${listed(policies)}`);
  if (s.denies || s.conditional) lines.push(`not evaluated: ${s.denies} deny statement(s), ${s.conditional} conditional allow(s)`);
  return lines;
}

async function userAnalysis(ctx: ProviderContext, cred: Credential, base: Analysis, user: string): Promise<Analysis> {
  const key = awsKeyOf(cred)!;
  const read = await readUserPolicies(ctx, key, leakedIam(ctx.env, key), user);
  const readable = read.sources.filter((s) => s.document !== null);
  const summary = summarisePolicies(read.sources);
  const readSomething = readable.length > 0 || (read.sources.length === 0 && read.gaps.length === 0);
  const policies = read.sources.map((s) => `${s.name} (${s.via})`);
  const gaps = [...read.gaps, ...summary.unreadable.map((name) => `could not read policy ${name} (unparsable document)`)];
  return {
    ...base,
    summary: [...summaryLines(summary, policies, readSomething), ...(read.groups.length ? [`groups: ${listed(read.groups)}`] : [])],
    permissions: {
      admin: summary.admin ? true : readSomething ? false : null,
      write: summary.write ? true : readSomething ? false : null,
      grants: read.sources.map((s) => s.name).slice(0, MAX_LISTED),
      wildcards: summary.wildcards,
      services: summary.services,
    },
    resources: {
      items: [...read.groups.map((g) => `group ${g}`), ...summary.assumable.map((r) => `assumable role ${r}`)].slice(0, MAX_LISTED),
      counts: [
        { kind: 'policies', count: read.sources.length },
        { kind: 'groups', count: read.groups.length },
      ],
    },
    risk: riskOf(summary, readSomething),
    gaps,
  };
}

export async function analyze(cred: Credential, ctx: ProviderContext): Promise<Outcome<Analysis>> {
  const key = awsKeyOf(cred);
  if (key === null) return missingKeyId();
  if (key.kind === 'temporary') {
    return { state: 'unknown', code: 'NoSessionToken', message: `${shortKeyId(key.keyId)} is an STS session key; reading what it may do needs its session token, which the credential does not carry` };
  }
  if (key.secretKey === null) {
    return { state: 'unknown', code: 'NoSecretHalf', message: `the scan did not find the secret access key of ${shortKeyId(key.keyId)}; analysis signs with it` };
  }
  const who = await awsCall(ctx, key, { call: 'sts:GetCallerIdentity', keyId: key.keyId, signedBy: 'leaked-key', send: () => leakedSts(ctx.env, key).send(new GetCallerIdentityCommand({})) });
  if (who.state !== 'ok') {
    const dead = DEAD_KEY_ANSWERS[who.code];
    return dead ? { state: 'refused', code: who.code, message: `not live: ${dead}` } : who;
  }
  const arn = who.value.Arn ?? '';
  const principal = principalOf(arn);
  const base: Analysis = { ...emptyAnalysis('IAM user access key'), principal: arn || null, account: who.value.Account ?? null };
  switch (principal.type) {
    case 'root':
      return {
        state: 'ok',
        value: {
          ...base, kind: 'root user access key', risk: 'critical',
          summary: ['admin: yes (the account\'s root user: no IAM policy limits it)', 'services: all services'],
          permissions: { admin: true, write: true, grants: ['root'], wildcards: ['*'], services: ['all services'] },
        },
      };
    case 'user':
      return { state: 'ok', value: await userAnalysis(ctx, cred, base, principal.name) };
    case 'role-session':
      return {
        state: 'ok',
        value: {
          ...base, kind: 'STS role session', risk: 'high',
          summary: [`role session: role ${principal.role}, session ${principal.session}`, 'the role\'s policies decide what it may do: read them in IAM (Roles)'],
          resources: { items: [`role ${principal.role}`], counts: [] },
          gaps: ['could not read the role\'s policies (a session key cannot list them)'],
        },
      };
    default:
      return { state: 'ok', value: { ...base, kind: 'AWS credential', risk: 'high', summary: ['principal of an unrecognised type: check it in IAM'], gaps: ['could not read its policies (unrecognised principal)'] } };
  }
}
