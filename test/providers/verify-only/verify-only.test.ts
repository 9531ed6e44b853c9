import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VALIDATOR_ROWS } from '../../../src/verify/validators/index.js';
import { createVerifyOnlyAdapter, VERIFY_ONLY_ADAPTERS } from '../../../src/providers/verify-only/index.js';
import { VERIFY_SPECS } from '../../../src/providers/verify-only/specs.js';
import { expandTemplate, fakeSecret } from '../../../src/rules/fake-secret.js';
import { credentialFor, providerCalls, recordingContext, startLoopback, startSaasEmulator, type SaasEmulator } from '../../emulators/saas.js';

const spec = (provider: string) => VERIFY_SPECS.find((s) => s.provider === provider)!;
const stripe = createVerifyOnlyAdapter(spec('stripe'));
const openai = createVerifyOnlyAdapter(spec('openai'));
const anthropic = createVerifyOnlyAdapter(spec('anthropic'));

const stripeKey = fakeSecret('stripe-live', 'live');
const restrictedKey = expandTemplate('rk_live_$[alnum:99]', 'restricted');
const openaiKey = fakeSecret('openai', 'proj');
const anthropicKey = expandTemplate('sk-ant-api03-$[a-zA-Z0-9_-:93]AA', 'ant');

let emulator: SaasEmulator;
beforeEach(async () => {
  emulator = await startSaasEmulator({
    stripe: [{ secret: stripeKey, active: true }, { secret: restrictedKey, active: true, restricted: true }],
    openai: [{ secret: openaiKey, active: true }],
    anthropic: [{ secret: anthropicKey, active: true }],
  });
});
afterEach(() => emulator.close());

const ctxFor = (dryRun = false) => recordingContext({
  STRIPE_API_URL: emulator.base('stripe'), OPENAI_API_URL: emulator.base('openai'), ANTHROPIC_API_URL: emulator.base('anthropic'), SPILLKIT_HTTP_RETRIES: '2',
}, { dryRun });

describe('Stripe', () => {
  const cred = (secret = stripeKey, rule = 'stripe-live-secret-key') => credentialFor('stripe', rule, secret);

  it('verifies a live key with GET /v1/balance and a dead one by its 401', async () => {
    expect(await stripe.verify(cred(), ctxFor())).toMatchObject({ state: 'ok', value: { live: true, detail: expect.stringContaining('/v1/balance answered 200') } });
    expect(emulator.calls).toEqual([expect.objectContaining({ method: 'GET', path: '/stripe/v1/balance' })]);
    emulator.state.stripe[0].active = false;
    expect(await stripe.verify(cred(), ctxFor())).toMatchObject({ state: 'ok', value: { live: false, detail: expect.stringContaining('401') } });
  });

  it('identifies the account through /v1/account', async () => {
    expect(await stripe.identify(cred(), ctxFor())).toMatchObject({ state: 'ok', value: { owner: 'Example Shop', account: 'acct_1EmuLated00000' } });
  });

  it('counts a restricted key answering 403 as live, without an owner', async () => {
    const restricted = cred(restrictedKey, 'stripe-live-restricted-key');
    expect(await stripe.verify(restricted, ctxFor())).toMatchObject({ state: 'ok', value: { live: true, detail: expect.stringContaining('restricted') } });
    expect(await stripe.identify(restricted, ctxFor())).toMatchObject({ state: 'ok', value: { owner: null, details: { restricted: 'may not call /v1/account' } } });
  });

  it('refuses revoke (no API) and points to the roll-key page, without calling Stripe', async () => {
    const ctx = ctxFor();
    expect(await stripe.revoke(cred(), ctx, {})).toMatchObject({ state: 'refused', code: 'no-api', message: expect.stringContaining('https://dashboard.stripe.com/apikeys') });
    expect(stripe.manualSteps(cred())[0]).toMatchObject({ url: 'https://dashboard.stripe.com/apikeys', checklist: expect.arrayContaining([expect.stringContaining('Roll key')]) });
    expect(stripe.manualSteps(cred('whsec_x', 'stripe-webhook-secret'))[0].url).toBe('https://dashboard.stripe.com/webhooks');
    expect(stripe.rotate).toBeUndefined();
    expect(emulator.calls).toEqual([]);
  });

  it('has no check for a webhook signing secret', async () => {
    expect(await stripe.verify(cred('whsec_x', 'stripe-webhook-secret'), ctxFor())).toMatchObject({ state: 'unknown', code: 'manual' });
  });

  it('retries 429 honouring Retry-After, then answers unknown when throttling persists', async () => {
    emulator.fail({ status: 429, retryAfter: '0', body: { error: { type: 'rate_limit_error', message: 'Too many requests' } } });
    const ctx = ctxFor();
    expect(await stripe.verify(cred(), ctx)).toMatchObject({ state: 'ok', value: { live: true } });
    expect(providerCalls(ctx).map((c) => c.status)).toEqual([429, 200]);
    emulator.fail({ status: 429, retryAfter: '0', times: 5 });
    expect(await stripe.verify(cred(), ctxFor())).toMatchObject({ state: 'unknown', code: 'throttled' });
  });

  it('refuses to wait for a Retry-After longer than its limit', async () => {
    emulator.fail({ status: 429, retryAfter: '3600' });
    const started = Date.now();
    expect(await stripe.verify(cred(), ctxFor())).toMatchObject({ state: 'unknown', code: 'throttled', message: expect.stringContaining('3600') });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('OpenAI', () => {
  const cred = (secret = openaiKey) => credentialFor('openai', 'openai-project-key', secret);

  it('verifies with GET /v1/models and names the organization from the response headers', async () => {
    expect(await openai.verify(cred(), ctxFor())).toMatchObject({ state: 'ok', value: { live: true } });
    expect(await openai.identify(cred(), ctxFor())).toMatchObject({ state: 'ok', value: { account: 'org-emulated', details: { project: 'proj_emulated' } } });
    expect(await openai.verify(cred(fakeSecret('openai', 'revoked')), ctxFor())).toMatchObject({ state: 'ok', value: { live: false } });
  });

  it('answers unknown on a 500 that persists, never "not live"', async () => {
    emulator.fail({ status: 500, times: 3, body: { error: { message: 'The server had an error' } } });
    expect(await openai.verify(cred(), ctxFor())).toMatchObject({ state: 'unknown', code: 'server-error' });
  });

  it('sends revocation to the api-keys page', async () => {
    expect(await openai.revoke(cred(), ctxFor(), {})).toMatchObject({ state: 'refused', code: 'no-api', message: expect.stringContaining('https://platform.openai.com/api-keys') });
  });
});

describe('Anthropic', () => {
  const cred = (secret = anthropicKey, rule = 'anthropic-api-key') => credentialFor('anthropic', rule, secret);

  it('verifies with x-api-key and anthropic-version, and names the organization', async () => {
    expect(await anthropic.verify(cred(), ctxFor())).toMatchObject({ state: 'ok', value: { live: true } });
    expect(await anthropic.identify(cred(), ctxFor())).toMatchObject({ state: 'ok', value: { account: 'org-emulated-uuid' } });
    emulator.state.anthropic[0].active = false;
    expect(await anthropic.verify(cred(), ctxFor())).toMatchObject({ state: 'ok', value: { live: false, detail: expect.stringContaining('invalid x-api-key') } });
  });

  it('sends revocation to the console keys page, and OAuth tokens to their own page', async () => {
    expect(await anthropic.revoke(cred(), ctxFor(), {})).toMatchObject({ state: 'refused', code: 'no-api', message: expect.stringContaining('https://console.anthropic.com/settings/keys') });
    expect(await anthropic.verify(cred('sk-ant-oat01-x', 'anthropic-oauth-token'), ctxFor())).toMatchObject({ state: 'unknown', code: 'manual' });
    expect(emulator.calls.map((c) => c.path)).toEqual([]);
  });
});

describe('every verify-only provider', () => {
  it('never journals the key, and dry run changes nothing (all calls are reads)', async () => {
    const ctx = ctxFor(true);
    await stripe.identify(credentialFor('stripe', 'stripe-live-secret-key', stripeKey), ctx);
    await stripe.revoke(credentialFor('stripe', 'stripe-live-secret-key', stripeKey), ctx, {});
    await openai.verify(credentialFor('openai', 'openai-project-key', openaiKey), ctx);
    await anthropic.verify(credentialFor('anthropic', 'anthropic-api-key', anthropicKey), ctx);
    expect(emulator.calls.every((c) => c.method === 'GET')).toBe(true);
    const journal = JSON.stringify(ctx.records);
    for (const secret of [stripeKey, openaiKey, anthropicKey]) expect(journal).not.toContain(secret);
    expect(providerCalls(ctx).map((c) => c.provider)).toEqual(['stripe', 'openai', 'anthropic']);
  });

  it('sends its check to the documented path with the documented header (table)', async () => {
    const seen: Array<{ provider: string; path: string; auth: string | undefined }> = [];
    const loopback = await startLoopback((req) => {
      const [, provider, ...rest] = req.path.split('/');
      const auth = (req.headers.authorization ?? req.headers['x-api-key'] ?? req.headers['dd-api-key']) as string | undefined;
      seen.push({ provider, path: `/${rest.join('/')}`, auth });
      return auth?.endsWith('live-key') ? { status: 200, body: {} } : { status: provider === 'datadog' ? 403 : 401, body: { error: 'bad key' } };
    });
    try {
      const env = Object.fromEntries(VERIFY_SPECS.map((s) => [s.envVar, `${loopback.url}/${s.provider}`]));
      for (const s of VERIFY_SPECS) {
        // The live check is the validator table's: the first rule of the provider's first row.
        const rule = VALIDATOR_ROWS.find((row) => row.provider === s.provider)!.rules[0]!;
        const adapter = VERIFY_ONLY_ADAPTERS[s.provider]();
        expect(await adapter.verify(credentialFor(s.provider, rule, 'the-live-key'), recordingContext(env))).toMatchObject({ state: 'ok', value: { live: true } });
        expect(await adapter.verify(credentialFor(s.provider, rule, 'the-dead-key'), recordingContext(env))).toMatchObject({ state: 'ok', value: { live: false } });
      }
      expect(seen.filter((_, i) => i % 2 === 0).map((s) => `${s.provider} ${s.path}`)).toEqual([
        'stripe /v1/balance', 'openai /v1/models', 'anthropic /v1/models', 'sendgrid /v3/scopes', 'huggingface /api/whoami-v2',
        'xai /v1/api-key', 'groq /openai/v1/models', 'mistral /v1/models', 'deepseek /models', 'datadog /api/v1/validate',
      ]);
    } finally {
      await loopback.close();
    }
  });
});
