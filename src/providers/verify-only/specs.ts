/**
 * Providers whose keys can be checked with one read-only call but not revoked through an API: how to
 * make that call, and what its answer says about the owner; for some, the read-only calls of an
 * analysis (analyze-rows.ts). Each base URL honours `<PROVIDER>_API_URL`.
 */
import type { Analysis, Identity, Risk } from '../contract.js';
import type { JsonResponse } from '../http.js';
import { ANALYZE_ROWS } from './analyze-rows.js';
import { call, field, type ReadCall } from './calls.js';

export type { ReadCall } from './calls.js';

/** One read-only call of an analysis, named so `read` can find its answer. */
export interface Probe {
  name: string;
  /** For gap lines: `could not read <what> (denied)`. */
  what: string;
  call: ReadCall;
}

/** A probe's answer: the response, `denied` (403: the key may not), or null (failed: a gap says why). */
export type ProbeAnswer = JsonResponse | 'denied' | null;

export type AnalysisDraft = Partial<Omit<Analysis, 'kind' | 'risk'>> & { risk: Risk };

/**
 * The blast radius as data: the calls to make (the first proves the key: a dead answer there means not
 * live) and how their answers read. `kind` names the credential from its rule and documented prefix.
 */
export interface AnalyzeRow {
  kind(rule: string, secret: string): string;
  probes(rule: string, kind: string): Probe[];
  read(answers: Record<string, ProbeAnswer>, kind: string): AnalysisDraft;
}

export interface VerifySpec {
  provider: string;
  title: string;
  envVar: string;
  defaultBase: string;
  /** The read-only call proving a credential of `rule` live; null: this kind has none (a webhook secret). */
  check(rule: string): ReadCall | null;
  /** 403 means authenticated but not allowed here: a restricted key is still live. */
  forbiddenIsLive?: boolean;
  /** Statuses meaning the key is dead; default 401. */
  deadStatuses?: number[];
  /** A second read call that names the owner (Stripe's account), when the check does not. */
  identityCall?(rule: string): ReadCall | null;
  /** What the answer (of identityCall, else of check) tells about the owner. */
  identity?(res: JsonResponse): Partial<Identity>;
  /** A 200 that still means dead (xAI's blocked or disabled key). */
  deadAnswer?(res: JsonResponse): string | null;
  /** Read-only blast radius (analyze-rows.ts); absent: no analyzer for this provider. */
  analyze?: AnalyzeRow;
}


export const VERIFY_SPECS: VerifySpec[] = [
  {
    provider: 'stripe', title: 'Stripe', envVar: 'STRIPE_API_URL', defaultBase: 'https://api.stripe.com',
    analyze: ANALYZE_ROWS.stripe,
    check: (rule) => (rule === 'stripe-webhook-secret' ? null : call('/v1/balance')),
    forbiddenIsLive: true,
    identityCall: (rule) => (rule === 'stripe-webhook-secret' ? null : call('/v1/account')),
    identity: (res) => ({
      owner: field(res.body, 'settings', 'dashboard', 'display_name') ?? field(res.body, 'business_profile', 'name') ?? field(res.body, 'email'),
      account: field(res.body, 'id'),
    }),
  },
  {
    provider: 'openai', title: 'OpenAI', envVar: 'OPENAI_API_URL', defaultBase: 'https://api.openai.com',
    analyze: ANALYZE_ROWS.openai,
    check: (rule) => call(rule === 'openai-admin-key' ? '/v1/organization/admin_api_keys?limit=1' : '/v1/models'),
    forbiddenIsLive: true,
    identity: (res) => ({ account: res.headers.get('openai-organization'), details: res.headers.get('openai-project') ? { project: res.headers.get('openai-project') as string } : {} }),
  },
  {
    provider: 'anthropic', title: 'Anthropic', envVar: 'ANTHROPIC_API_URL', defaultBase: 'https://api.anthropic.com',
    analyze: ANALYZE_ROWS.anthropic,
    check: (rule) => {
      if (rule === 'anthropic-oauth-token') return null;
      const headers = (secret: string) => ({ 'x-api-key': secret, 'anthropic-version': '2023-06-01' });
      return call(rule === 'anthropic-admin-key' ? '/v1/organizations/api_keys?limit=1' : '/v1/models', headers);
    },
    forbiddenIsLive: true,
    identity: (res) => ({ account: res.headers.get('anthropic-organization-id') }),
  },
  {
    provider: 'sendgrid', title: 'SendGrid', envVar: 'SENDGRID_API_URL', defaultBase: 'https://api.sendgrid.com',
    check: () => call('/v3/scopes'),
    forbiddenIsLive: true,
    identity: (res) => ({ scopes: Array.isArray((res.body as { scopes?: unknown })?.scopes) ? ((res.body as { scopes: unknown[] }).scopes.filter((s) => typeof s === 'string') as string[]) : [] }),
  },
  {
    provider: 'huggingface', title: 'Hugging Face', envVar: 'HUGGINGFACE_API_URL', defaultBase: 'https://huggingface.co',
    analyze: ANALYZE_ROWS.huggingface,
    check: () => call('/api/whoami-v2'),
    identity: (res) => ({
      owner: field(res.body, 'name'),
      scopes: [field(res.body, 'auth', 'accessToken', 'role')].filter((s): s is string => s !== null),
      details: { type: field(res.body, 'type') ?? 'unknown', token: field(res.body, 'auth', 'accessToken', 'displayName') ?? 'unnamed' },
    }),
  },
  {
    provider: 'xai', title: 'xAI', envVar: 'XAI_API_URL', defaultBase: 'https://api.x.ai',
    check: () => call('/v1/api-key'),
    identity: (res) => ({
      owner: field(res.body, 'user_id'),
      account: field(res.body, 'team_id'),
      scopes: Array.isArray((res.body as { acls?: unknown })?.acls) ? ((res.body as { acls: unknown[] }).acls.filter((s) => typeof s === 'string') as string[]) : [],
      details: { name: field(res.body, 'name') ?? 'unnamed' },
    }),
    deadAnswer: (res) => {
      const body = res.body as { api_key_blocked?: unknown; api_key_disabled?: unknown; team_blocked?: unknown } | null;
      return body?.api_key_blocked === true || body?.team_blocked === true ? 'the key is blocked' : body?.api_key_disabled === true ? 'the key is disabled' : null;
    },
  },
  { provider: 'groq', title: 'Groq', envVar: 'GROQ_API_URL', defaultBase: 'https://api.groq.com', check: () => call('/openai/v1/models') },
  { provider: 'mistral', title: 'Mistral AI', envVar: 'MISTRAL_API_URL', defaultBase: 'https://api.mistral.ai', check: () => call('/v1/models') },
  { provider: 'deepseek', title: 'DeepSeek', envVar: 'DEEPSEEK_API_URL', defaultBase: 'https://api.deepseek.com', check: () => call('/models') },
  {
    provider: 'datadog', title: 'Datadog', envVar: 'DATADOG_API_URL', defaultBase: 'https://api.datadoghq.com',
    // An application key is only usable with an API key beside it: nothing to check alone.
    check: (rule) => (rule === 'datadog-api-key' ? call('/api/v1/validate', (secret) => ({ 'DD-API-KEY': secret })) : null),
    // Datadog answers an unknown API key with 403 {"errors":["Forbidden"]}.
    deadStatuses: [401, 403],
  },
];
