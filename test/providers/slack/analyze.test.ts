import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Analysis, Outcome } from '../../../src/providers/contract.js';
import { createSlackAdapter } from '../../../src/providers/slack/index.js';
import { expandTemplate } from '../../../src/rules/fake-secret.js';
import { credentialFor, providerCalls, recordingContext } from '../../emulators/saas.js';
import { slackToken, startSlackEmulator, type EmulatedSlackToken, type SlackEmulator } from '../../emulators/slack.js';

/** Slack blast radius from auth.test with the leaked token, against the Web API emulator. */

const adapter = createSlackAdapter();
let emulator: SlackEmulator;
let token: EmulatedSlackToken;

beforeEach(async () => {
  token = slackToken('slack-analyze');
  emulator = await startSlackEmulator([token]);
});
afterEach(() => emulator.close());

const ctxFor = (env: Record<string, string> = {}) => recordingContext({ SLACK_API_URL: emulator.apiUrl, SPILLKIT_HTTP_RETRIES: '2', ...env });
const cred = () => credentialFor('slack', 'slack-bot-token', token.secret);
const value = (o: Outcome<Analysis>): Analysis => {
  if (o.state !== 'ok') throw new Error(`expected ok, got ${o.state} ${o.code}: ${o.message}`);
  return o.value;
};

describe('Slack analyze', () => {
  it('a bot token: workspace, bot, scopes; writing is high', async () => {
    const ctx = ctxFor();
    const a = value(await adapter.analyze!(cred(), ctx));
    expect(a).toMatchObject({ kind: 'Slack bot token', principal: 'deploybot @ Example Corp', account: 'T0EMU5678', risk: 'high' });
    expect(a.summary).toEqual(['workspace: Example Corp (T0EMU5678)', 'acts as: bot deploybot (B0EMU9999)', 'scopes: chat:write, channels:read', 'admin: no']);
    expect(providerCalls(ctx).map((c) => c.call)).toEqual(['POST auth.test']);
    expect(JSON.stringify([ctx.records, a])).not.toContain(token.secret);
  });

  it('a user token reading history is high; an admin scope is critical; read-only channel listing is medium', async () => {
    const user = slackToken('slack-user', { secret: expandTemplate('xoxp-$[digits:11]-$[digits:11]-$[digits:13]-$[alnum:32]', 'slack-user'), botId: undefined, user: 'alice', scopes: ['channels:history', 'users:read'] });
    emulator.tokens.push(user);
    const a = value(await adapter.analyze!(credentialFor('slack', 'slack-user-token', user.secret), ctxFor()));
    expect(a.kind).toBe('Slack user token');
    expect(a.summary).toContain('acts as: user alice (U0EMU1234)');
    expect(a.summary).toContain('reads messages or files: channels:history');
    expect(a.risk).toBe('high');
    user.scopes = ['admin.users:write'];
    expect(value(await adapter.analyze!(credentialFor('slack', 'slack-user-token', user.secret), ctxFor())).risk).toBe('critical');
    token.scopes = ['channels:read'];
    expect(value(await adapter.analyze!(cred(), ctxFor())).risk).toBe('medium');
  });

  it('refuses a revoked token', async () => {
    token.revoked = true;
    expect(await adapter.analyze!(cred(), ctxFor())).toMatchObject({ state: 'refused', code: 'invalid-credential' });
  });

  it('429 with Retry-After is waited out; 5xx and a timeout could not tell', async () => {
    emulator.fail({ status: 429, retryAfter: '1', body: { ok: false, error: 'ratelimited' } });
    expect((await adapter.analyze!(cred(), ctxFor())).state).toBe('ok');
    emulator.fail({ status: 500, times: 3 });
    expect(await adapter.analyze!(cred(), ctxFor())).toMatchObject({ state: 'unknown', code: 'server-error' });
    emulator.fail({ status: 200, delayMs: 1500, times: 3 });
    expect(await adapter.analyze!(cred(), ctxFor({ SPILLKIT_HTTP_TIMEOUT_MS: '300' }))).toMatchObject({ state: 'unknown', code: 'timeout' });
  });
});
