import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../src/providers/slack/index.js';
import { fakeSecret } from '../../../src/rules/fake-secret.js';
import { credentialFor, providerCalls, recordingContext } from '../../emulators/saas.js';
import { slackToken, startSlackEmulator, type EmulatedSlackToken, type SlackEmulator } from '../../emulators/slack.js';

const adapter = createSlackAdapter();
let emulator: SlackEmulator;
let token: EmulatedSlackToken;

beforeEach(async () => {
  token = slackToken('slack-main');
  emulator = await startSlackEmulator([token]);
});
afterEach(() => emulator.close());

const ctxFor = (dryRun = false) => recordingContext({ SLACK_API_URL: emulator.apiUrl, SPILLKIT_HTTP_RETRIES: '2' }, { dryRun });
const cred = () => credentialFor('slack', 'slack-bot-token', token.secret);

describe('Slack adapter', () => {
  it('identifies the user, team and scopes with auth.test', async () => {
    const ctx = ctxFor();
    expect(await adapter.identify(cred(), ctx)).toEqual({
      state: 'ok',
      value: { owner: 'deploybot @ Example Corp', account: 'T0EMU5678', scopes: ['chat:write', 'channels:read'], keyId: cred().finding.redacted, details: expect.objectContaining({ user_id: 'U0EMU1234', bot_id: 'B0EMU9999', url: 'https://examplecorp.slack.com/' }) },
    });
    expect(emulator.calls).toEqual([expect.objectContaining({ method: 'POST', path: '/api/auth.test', status: 200 })]);
  });

  it('verifies live and not live (Slack says invalid_auth with HTTP 200)', async () => {
    expect(await adapter.verify(cred(), ctxFor())).toMatchObject({ state: 'ok', value: { live: true } });
    const stranger = credentialFor('slack', 'slack-bot-token', fakeSecret('slack-bot-token', 'unknown'));
    expect(await adapter.verify(stranger, ctxFor())).toEqual({ state: 'ok', value: { live: false, detail: 'auth.test: invalid_auth' } });
    expect(await adapter.identify(stranger, ctxFor())).toMatchObject({ state: 'refused', code: 'invalid-credential' });
  });

  it('revokes with auth.revoke only when the user chooses the leaked token; the token is dead afterwards', async () => {
    const ctx = ctxFor();
    expect(await adapter.revoke(cred(), ctx, {})).toMatchObject({ state: 'refused', code: 'manual', message: expect.stringContaining('--use-leaked-key') });
    expect(token.revoked).toBe(false);
    expect(emulator.calls).toEqual([]);
    expect(await adapter.revoke(cred(), ctx, { useLeakedCredential: true })).toEqual({ state: 'ok', value: { action: expect.stringContaining('auth.revoke'), reversible: false } });
    expect(token.revoked).toBe(true);
    expect(ctx.records.some((r) => r.type === 'revoke-with-leaked-key')).toBe(true);
    expect(await adapter.verify(cred(), ctx)).toEqual({ state: 'ok', value: { live: false, detail: 'auth.test: token_revoked' } });
    expect(await adapter.revoke(cred(), ctx, { useLeakedCredential: true })).toMatchObject({ state: 'refused', code: 'invalid-credential' });
  });

  it('dry run sends no auth.revoke', async () => {
    const ctx = ctxFor(true);
    await adapter.identify(cred(), ctx);
    expect(await adapter.revoke(cred(), ctx, { useLeakedCredential: true })).toMatchObject({ state: 'ok', value: { action: expect.stringMatching(/^dry run/) } });
    expect(emulator.calls.map((c) => c.path)).toEqual(['/api/auth.test']);
    expect(token.revoked).toBe(false);
  });

  it('retries ratelimited (429 with Retry-After)', async () => {
    emulator.fail({ status: 429, retryAfter: '1', body: { ok: false, error: 'ratelimited' } });
    const ctx = ctxFor();
    const started = Date.now();
    expect(await adapter.verify(cred(), ctx)).toMatchObject({ state: 'ok', value: { live: true } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(providerCalls(ctx).map((c) => c.status)).toEqual([429, 200]);
  });

  it('answers unknown on repeated 500s and on an unexpected Slack error', async () => {
    emulator.fail({ status: 500, times: 5 });
    expect(await adapter.verify(cred(), ctxFor())).toMatchObject({ state: 'unknown', code: 'server-error' });
    emulator.fail({ status: 200, body: { ok: false, error: 'fatal_error' } });
    expect(await adapter.verify(cred(), ctxFor())).toEqual({ state: 'unknown', code: 'slack-error', message: 'Slack auth.test: fatal_error' });
    emulator.fail({ status: 200, body: '<html>maintenance</html>' });
    expect(await adapter.identify(cred(), ctxFor())).toMatchObject({ state: 'unknown', code: 'unexpected-answer' });
  });

  it('sends webhooks, app tokens and refresh tokens to the console', async () => {
    const webhook = credentialFor('slack', 'slack-webhook-url', fakeSecret('slack-webhook', 'hook'));
    const ctx = ctxFor();
    expect(await adapter.verify(webhook, ctx)).toMatchObject({ state: 'unknown', code: 'manual' });
    expect(await adapter.revoke(webhook, ctx, {})).toMatchObject({ state: 'refused', code: 'manual' });
    const [step] = adapter.manualSteps(webhook);
    expect(step.url).toBe('https://api.slack.com/apps');
    expect(step.checklist[0]).toContain('Incoming Webhooks');
    expect(adapter.manualSteps(credentialFor('slack', 'slack-app-token', 'xapp-1-A0EMU-1-abc'))[0].checklist[0]).toContain('App-Level Tokens');
    expect(adapter.manualSteps(cred())[0].url).toBe('https://api.slack.com/apps');
    expect(adapter.rotate).toBeUndefined();
    expect(emulator.calls).toEqual([]);
  });

  it('journals calls without the token', async () => {
    const ctx = ctxFor();
    await adapter.identify(cred(), ctx);
    await adapter.revoke(cred(), ctx, { useLeakedCredential: true });
    expect(providerCalls(ctx)).toEqual([
      { provider: 'slack', call: 'POST auth.test', status: 200, attempt: 1 },
      { provider: 'slack', call: 'POST auth.revoke', status: 200, attempt: 1 },
    ]);
    expect(JSON.stringify(ctx.records)).not.toContain(token.secret);
  });
});
