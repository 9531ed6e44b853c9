import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Analysis, Outcome } from '../../../src/providers/contract.js';
import { VERIFY_ONLY_ADAPTERS } from '../../../src/providers/verify-only/index.js';
import { expandTemplate, fakeSecret } from '../../../src/rules/fake-secret.js';
import { credentialFor, providerCalls, recordingContext, startSaasEmulator, type SaasEmulator } from '../../emulators/saas.js';

/**
 * The verify-only table's analysis rows (Stripe, OpenAI, Anthropic, Hugging Face) through callJson
 * against the SaaS emulator: wide and narrow keys, dead keys, 403 on some probes, 429, 5xx, timeout.
 */

const stripeKey = fakeSecret('stripe-live', 'analyze-live');
const restrictedKey = expandTemplate('rk_live_$[alnum:99]', 'analyze-restricted');
const testKey = expandTemplate('sk_test_$[alnum:99]', 'analyze-test');
const projectKey = expandTemplate('sk-proj-$[alnum:74]T3BlbkFJ$[alnum:74]', 'analyze-proj');
const adminKey = expandTemplate('sk-admin-$[alnum:58]T3BlbkFJ$[alnum:58]', 'analyze-admin');
const anthropicKey = expandTemplate('sk-ant-api03-$[a-zA-Z0-9_-:93]AA', 'analyze-ant');
const anthropicAdmin = expandTemplate('sk-ant-admin01-$[a-zA-Z0-9_-:93]AA', 'analyze-ant-admin');
const hfWrite = expandTemplate('hf_$[a-zA-Z:34]', 'analyze-hf-write');
const hfRead = expandTemplate('hf_$[a-zA-Z:34]', 'analyze-hf-read');

let emulator: SaasEmulator;
beforeEach(async () => {
  emulator = await startSaasEmulator({
    stripe: [
      { secret: stripeKey, active: true },
      { secret: restrictedKey, active: true, restricted: true, permits: ['/v1/balance', '/v1/charges'] },
      { secret: testKey, active: true },
    ],
    openai: [{ secret: projectKey, active: true }, { secret: adminKey, active: true, admin: true }],
    anthropic: [{ secret: anthropicKey, active: true }, { secret: anthropicAdmin, active: true, admin: true }],
    huggingface: [
      { secret: hfWrite, active: true, whoami: { type: 'user', name: 'alice', orgs: [{ name: 'acme', roleInOrg: 'admin' }, { name: 'lab', roleInOrg: 'read' }], auth: { type: 'access_token', accessToken: { displayName: 'ci', role: 'write' } } } },
      { secret: hfRead, active: true, whoami: { type: 'user', name: 'bob', orgs: [], auth: { type: 'access_token', accessToken: { displayName: 'fg', role: 'fineGrained', fineGrained: { global: ['discussion.write'], scoped: [{ entity: { type: 'model', name: 'bob/tiny' }, permissions: ['repo.content.read'] }] } } } } },
    ],
  });
});
afterEach(() => emulator.close());

const ctxFor = (env: Record<string, string> = {}) => recordingContext({
  STRIPE_API_URL: emulator.base('stripe'), OPENAI_API_URL: emulator.base('openai'), ANTHROPIC_API_URL: emulator.base('anthropic'),
  HUGGINGFACE_API_URL: emulator.base('huggingface'), SPILLKIT_HTTP_RETRIES: '2', ...env,
});
const analyze = (provider: string, rule: string, secret: string, env: Record<string, string> = {}) => {
  const ctx = ctxFor(env);
  return { ctx, outcome: VERIFY_ONLY_ADAPTERS[provider]().analyze!(credentialFor(provider, rule, secret), ctx) };
};
const value = async (o: Promise<Outcome<Analysis>>): Promise<Analysis> => {
  const r = await o;
  if (r.state !== 'ok') throw new Error(`expected ok, got ${r.state} ${r.code}: ${r.message}`);
  return r.value;
};

describe('Stripe analyze', () => {
  it('a live standard secret key: account, full access, critical', async () => {
    const { ctx, outcome } = analyze('stripe', 'stripe-live-secret-key', stripeKey);
    const a = await value(outcome);
    expect(a).toMatchObject({ kind: 'Stripe secret key (live mode)', principal: 'Example Shop', account: 'acct_1EmuLated00000', risk: 'critical' });
    expect(a.summary).toEqual(['mode: live (real money and customers)', 'access: full (a standard secret key can call every API, read and write)', 'admin: yes (standard secret key)']);
    expect(providerCalls(ctx).map((c) => c.call)).toEqual(['GET /v1/account']);
    expect(JSON.stringify([ctx.records, a])).not.toContain(stripeKey);
  });

  it('a restricted key: which read probes it may make; the account it may not read is a gap', async () => {
    const a = await value(analyze('stripe', 'stripe-live-restricted-key', restrictedKey).outcome);
    expect(a.summary).toContain('restricted key: may read balance, charges; may not read customers, payouts');
    expect(a.gaps).toEqual(['could not read the account (denied)']);
    expect(a).toMatchObject({ risk: 'high', permissions: { admin: false, grants: ['read balance', 'read charges'] } });
  });

  it('a test-mode key is low; a dead key is refused', async () => {
    expect((await value(analyze('stripe', 'stripe-test-secret-key', testKey).outcome)).risk).toBe('low');
    emulator.state.stripe[0].active = false;
    expect(await analyze('stripe', 'stripe-live-secret-key', stripeKey).outcome).toMatchObject({ state: 'refused', code: 'invalid-credential' });
  });

  it('429 with Retry-After is waited out; 5xx on a probe is a gap; a timeout could not tell', async () => {
    emulator.fail({ status: 429, retryAfter: '1' });
    expect((await analyze('stripe', 'stripe-live-secret-key', stripeKey).outcome).state).toBe('ok');
    emulator.fail({ status: 500, times: 3, match: (req) => req.path.endsWith('/customers') });
    expect((await value(analyze('stripe', 'stripe-live-restricted-key', restrictedKey).outcome)).gaps).toContain('could not read customers (provider error)');
    emulator.fail({ status: 200, delayMs: 1500, times: 3 });
    expect(await analyze('stripe', 'stripe-live-secret-key', stripeKey, { SPILLKIT_HTTP_TIMEOUT_MS: '300' }).outcome).toMatchObject({ state: 'unknown', code: 'timeout' });
  });
});

describe('OpenAI and Anthropic analyze', () => {
  it('a project key: organisation and project from the response headers', async () => {
    const a = await value(analyze('openai', 'openai-project-key', projectKey).outcome);
    expect(a).toMatchObject({ kind: 'OpenAI project key', account: 'org-emulated', principal: 'proj_emulated', risk: 'high' });
  });

  it('an admin key: the organisation\'s projects, critical', async () => {
    const a = await value(analyze('openai', 'openai-admin-key', adminKey).outcome);
    expect(a.summary).toContain('projects: Default project, Billing');
    expect(a.risk).toBe('critical');
  });

  it('an Anthropic API key names its organisation; an admin key its name too', async () => {
    expect(await value(analyze('anthropic', 'anthropic-api-key', anthropicKey).outcome)).toMatchObject({ account: 'org-emulated-uuid', risk: 'high' });
    const admin = await value(analyze('anthropic', 'anthropic-admin-key', anthropicAdmin).outcome);
    expect(admin).toMatchObject({ principal: 'Example Labs', account: '12345678-1234-5678-1234-567812345678', risk: 'critical' });
  });

  it('a dead key is refused; a 5xx could not tell', async () => {
    emulator.state.openai[0].active = false;
    expect(await analyze('openai', 'openai-project-key', projectKey).outcome).toMatchObject({ state: 'refused', code: 'invalid-credential' });
    emulator.fail({ status: 503, times: 3 });
    expect(await analyze('anthropic', 'anthropic-api-key', anthropicKey).outcome).toMatchObject({ state: 'unknown', code: 'server-error' });
  });
});

describe('Hugging Face analyze', () => {
  it('a write token of an organisation admin is critical', async () => {
    const a = await value(analyze('huggingface', 'huggingface-access-token', hfWrite).outcome);
    expect(a.summary).toEqual(['user: alice', 'token role: write', 'organisations: acme (admin), lab (read)', 'admin: yes (admin of acme)']);
    expect(a.risk).toBe('critical');
  });

  it('a fine-grained token lists its permissions', async () => {
    const a = await value(analyze('huggingface', 'huggingface-access-token', hfRead).outcome);
    expect(a.summary).toContain('fine-grained: discussion.write, repo.content.read on model bob/tiny');
    expect(a.permissions.write).toBe(true);
    expect(a.risk).toBe('high');
  });

  it('a dead token is refused', async () => {
    emulator.state.huggingface[0].active = false;
    expect(await analyze('huggingface', 'huggingface-access-token', hfWrite).outcome).toMatchObject({ state: 'refused', code: 'invalid-credential' });
  });
});

describe('providers of the table without an analysis row', () => {
  it('have no analyze', () => {
    expect(VERIFY_ONLY_ADAPTERS.sendgrid().analyze).toBeUndefined();
    expect(VERIFY_ONLY_ADAPTERS.stripe().analyze).toBeTypeOf('function');
  });
});
