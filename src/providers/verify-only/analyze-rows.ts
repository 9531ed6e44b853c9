/**
 * Blast-radius rows of the verify-only providers: which read-only calls to make with the leaked key and
 * what their answers say. Endpoint facts: Stripe `GET /v1/account` and list calls with `limit=1` (a
 * restricted key gets 403 where it lacks the permission; the key's prefix says live or test mode);
 * OpenAI's `openai-organization` and `openai-project` response headers, and an admin key's
 * `GET /v1/organization/projects`; Anthropic's `anthropic-organization-id` response header, and an
 * admin key's `GET /v1/organizations/me`; Hugging Face `GET /api/whoami-v2` (user, organisations with
 * the user's role, the token's role: read, write or fineGrained with its scoped permissions).
 */
import { listed } from '../analysis.js';
import type { JsonResponse } from '../http.js';
import { call, field, type ReadCall } from './calls.js';
import type { AnalysisDraft, AnalyzeRow, Probe, ProbeAnswer } from './specs.js';

const probe = (name: string, what: string, c: ReadCall): Probe => ({ name, what, call: c });
const ok = (answer: ProbeAnswer | undefined): JsonResponse | null => (answer && answer !== 'denied' ? answer : null);
const anthropicHeaders = (secret: string): Record<string, string> => ({ 'x-api-key': secret, 'anthropic-version': '2023-06-01' });

/** Stripe lists a restricted key may or may not read: a permission each, probed with `limit=1`. */
const STRIPE_READS: [string, string][] = [['balance', '/v1/balance'], ['charges', '/v1/charges?limit=1'], ['customers', '/v1/customers?limit=1'], ['payouts', '/v1/payouts?limit=1']];

const stripe: AnalyzeRow = {
  kind: (rule, secret) => {
    if (rule === 'stripe-webhook-secret') return 'Stripe webhook signing secret';
    const mode = /^(?:sk|rk)_live_/.test(secret) ? 'live mode' : 'test mode';
    return `Stripe ${secret.startsWith('rk_') ? 'restricted' : 'secret'} key (${mode})`;
  },
  probes: (rule, kind) => {
    if (rule === 'stripe-webhook-secret') return [];
    const account = probe('account', 'the account', call('/v1/account'));
    return kind.includes('restricted') ? [account, ...STRIPE_READS.map(([name, path]) => probe(name, name, call(path)))] : [account];
  },
  read: (answers, kind) => {
    const account = ok(answers.account);
    const live = kind.includes('live mode');
    const restricted = kind.includes('restricted');
    const name = account ? (field(account.body, 'settings', 'dashboard', 'display_name') ?? field(account.body, 'business_profile', 'name') ?? field(account.body, 'email')) : null;
    const may = STRIPE_READS.filter(([n]) => ok(answers[n])).map(([n]) => n);
    const mayNot = STRIPE_READS.filter(([n]) => answers[n] === 'denied').map(([n]) => n);
    const summary = [`mode: ${live ? 'live (real money and customers)' : 'test'}`];
    summary.push(restricted
      ? `restricted key: may read ${may.length ? may.join(', ') : 'none of the probed lists'}${mayNot.length ? `; may not read ${mayNot.join(', ')}` : ''}`
      : 'access: full (a standard secret key can call every API, read and write)');
    summary.push(`admin: ${restricted ? 'no' : 'yes (standard secret key)'}`);
    return {
      principal: name, account: account ? field(account.body, 'id') : null, summary,
      permissions: { admin: !restricted, write: restricted ? null : true, grants: restricted ? may.map((n) => `read ${n}`) : ['all'], wildcards: [], services: restricted ? may : ['all'] },
      risk: !live ? 'low' : !restricted ? 'critical' : may.length ? 'high' : 'medium',
    };
  },
};

const openaiKind = (secret: string): string =>
  secret.startsWith('sk-admin-') ? 'OpenAI admin key' : secret.startsWith('sk-proj-') ? 'OpenAI project key' : secret.startsWith('sk-svcacct-') ? 'OpenAI service account key' : 'OpenAI user key';

const openai: AnalyzeRow = {
  kind: (_rule, secret) => openaiKind(secret),
  probes: (_rule, kind) => (kind === 'OpenAI admin key' ? [probe('projects', 'the organisation\'s projects', call('/v1/organization/projects?limit=20'))] : [probe('models', 'the models', call('/v1/models'))]),
  read: (answers, kind) => {
    if (kind === 'OpenAI admin key') {
      const projects = ok(answers.projects);
      const data = Array.isArray((projects?.body as { data?: unknown })?.data) ? ((projects!.body as { data: unknown[] }).data) : [];
      const names = data.map((p) => field(p, 'name') ?? field(p, 'id') ?? '?');
      return {
        summary: ['admin: yes (an admin key manages the organisation: members, projects, keys)', `projects: ${names.length ? listed(names) : 'none listed'}`],
        permissions: { admin: true, write: true, grants: ['admin'], wildcards: [], services: ['organization'] },
        resources: { items: names.map((n) => `project ${n}`), counts: [{ kind: 'projects', count: names.length }] },
        risk: 'critical',
      };
    }
    const models = ok(answers.models);
    const org = models?.headers.get('openai-organization') ?? null;
    const project = models?.headers.get('openai-project') ?? null;
    return {
      principal: project, account: org,
      summary: [`organisation: ${org ?? 'not reported'}`, ...(project ? [`project: ${project}`] : []), 'admin: no', 'can spend on the organisation\'s bill and read its files, assistants and fine-tunes'],
      permissions: { admin: false, write: true, grants: [], wildcards: [], services: ['api'] },
      risk: 'high',
    };
  },
};

const anthropic: AnalyzeRow = {
  kind: (rule, secret) => (rule === 'anthropic-oauth-token' ? 'Anthropic OAuth token' : secret.startsWith('sk-ant-admin') ? 'Anthropic admin key' : 'Anthropic API key'),
  probes: (rule, kind) => {
    if (rule === 'anthropic-oauth-token') return [];
    return kind === 'Anthropic admin key'
      ? [probe('org', 'the organisation', call('/v1/organizations/me', anthropicHeaders))]
      : [probe('models', 'the models', call('/v1/models', anthropicHeaders))];
  },
  read: (answers, kind) => {
    if (kind === 'Anthropic admin key') {
      const org = ok(answers.org);
      return {
        principal: org ? field(org.body, 'name') : null, account: org ? field(org.body, 'id') : null,
        summary: [`organisation: ${org ? `${field(org.body, 'name') ?? '?'} (${field(org.body, 'id') ?? '?'})` : 'not read'}`, 'admin: yes (an admin key manages members, workspaces and API keys)'],
        permissions: { admin: true, write: true, grants: ['admin'], wildcards: [], services: ['organization'] },
        risk: 'critical',
      };
    }
    const org = ok(answers.models)?.headers.get('anthropic-organization-id') ?? null;
    return {
      account: org,
      summary: [`organisation: ${org ?? 'not reported'}`, 'admin: no', 'can spend on the organisation\'s bill through the API'],
      permissions: { admin: false, write: true, grants: [], wildcards: [], services: ['api'] },
      risk: 'high',
    };
  },
};

interface HfScoped {
  entity?: { type?: string; name?: string };
  permissions?: string[];
}

const huggingface: AnalyzeRow = {
  kind: () => 'Hugging Face access token',
  probes: () => [probe('whoami', 'the token\'s owner', call('/api/whoami-v2'))],
  read: (answers) => {
    const me = ok(answers.whoami)?.body as { name?: string; type?: string; orgs?: { name?: string; roleInOrg?: string }[]; auth?: { accessToken?: { role?: string; fineGrained?: { scoped?: HfScoped[]; global?: string[] } } } } | undefined;
    const role = me?.auth?.accessToken?.role ?? 'unknown';
    const orgs = (me?.orgs ?? []).map((o) => ({ name: o.name ?? '?', role: o.roleInOrg ?? '?' }));
    const scoped = me?.auth?.accessToken?.fineGrained?.scoped ?? [];
    const grants = [
      ...(me?.auth?.accessToken?.fineGrained?.global ?? []),
      ...scoped.flatMap((s) => (s.permissions ?? []).map((p) => `${p} on ${s.entity?.type ?? '?'} ${s.entity?.name ?? '?'}`)),
    ];
    const write = role === 'write' || grants.some((g) => /write|manage/.test(g));
    const adminOrgs = orgs.filter((o) => o.role === 'admin').map((o) => o.name);
    const summary = [
      `${me?.type === 'org' ? 'organisation' : 'user'}: ${me?.name ?? '?'}`,
      `token role: ${role}`,
      ...(orgs.length ? [`organisations: ${listed(orgs.map((o) => `${o.name} (${o.role})`))}`] : []),
      ...(grants.length ? [`fine-grained: ${listed(grants)}`] : []),
      `admin: ${write && adminOrgs.length ? `yes (admin of ${adminOrgs.join(', ')})` : 'no'}`,
    ];
    const draft: AnalysisDraft = {
      principal: me?.name ?? null, account: me?.name ?? null, summary,
      permissions: { admin: write && adminOrgs.length > 0, write, grants: role === 'fineGrained' ? grants : [role], wildcards: [], services: [] },
      resources: { items: orgs.map((o) => `organisation ${o.name}`), counts: [{ kind: 'organisations', count: orgs.length }] },
      risk: write && adminOrgs.length ? 'critical' : write ? 'high' : 'medium',
    };
    return draft;
  },
};

export const ANALYZE_ROWS = { stripe, openai, anthropic, huggingface };
