import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNpmAdapter } from '../../../src/providers/npm/index.js';
import { matchingEntries } from '../../../src/providers/npm/token-key.js';
import { fakeSecret } from '../../../src/rules/fake-secret.js';
import { npmToken, startNpmEmulator, tokenKey, type EmulatedNpmToken, type NpmEmulator } from '../../emulators/npm.js';
import { credentialFor, providerCalls, recordingContext } from '../../emulators/saas.js';

let emulator: NpmEmulator;
let leaked: EmulatedNpmToken;
let operator: EmulatedNpmToken;
let bob: EmulatedNpmToken;

beforeEach(async () => {
  leaked = npmToken('npm-leaked');
  operator = npmToken('npm-operator');
  bob = npmToken('npm-bob', 'bob');
  // Other tokens of the same account, so the list is paged and the right entry must be picked.
  emulator = await startNpmEmulator([npmToken('npm-other-1'), operator, leaked, bob]);
});
afterEach(() => emulator.close());

// The operator's token of the same user, where npm's tooling reads it.
const ctxFor = (dryRun = false, npmToken: string | null = operator.secret) =>
  recordingContext({ NPM_API_URL: emulator.url, SPILLKIT_HTTP_RETRIES: '2', ...(npmToken ? { NPM_TOKEN: npmToken } : {}) }, { dryRun });
const cred = () => credentialFor('npm', 'npm-access-token', leaked.secret);

describe('npm adapter', () => {
  it('identifies the owner with whoami', async () => {
    expect(await createNpmAdapter().identify(cred(), ctxFor())).toMatchObject({ state: 'ok', value: { owner: 'alice' } });
  });

  it('verifies live and not live', async () => {
    const adapter = createNpmAdapter();
    expect(await adapter.verify(cred(), ctxFor())).toEqual({ state: 'ok', value: { live: true, detail: 'whoami: alice' } });
    const stranger = credentialFor('npm', 'npm-access-token', fakeSecret('npm-token', 'never-issued'));
    expect(await adapter.verify(stranger, ctxFor())).toMatchObject({ state: 'ok', value: { live: false } });
  });

  it('revokes with the operator token: finds the leaked key across pages, and deletes only that token', async () => {
    const ctx = ctxFor();
    const revoked = await createNpmAdapter().revoke(cred(), ctx, {});
    expect(revoked).toEqual({ state: 'ok', value: { action: `deleted npm token ${tokenKey(leaked.secret).slice(0, 6)}… of alice (with the operator token in NPM_TOKEN)`, reversible: false } });
    expect(emulator.tokens.filter((t) => t.revoked)).toEqual([leaked]);
    expect(providerCalls(ctx).map((c) => c.call)).toEqual([
      'GET /-/whoami', 'GET /-/whoami', 'GET /-/npm/v1/tokens', 'GET /-/npm/v1/tokens', 'DELETE /-/npm/v1/tokens/token/{key}',
    ]);
    expect(JSON.stringify(ctx.records)).not.toContain(operator.secret);
  });

  it('lets the leaked token delete itself only when chosen, and journals the choice', async () => {
    const refusedCtx = ctxFor(false, null);
    expect(await createNpmAdapter().revoke(cred(), refusedCtx, {})).toMatchObject({ state: 'refused', code: 'no-operator-credential', message: expect.stringContaining('--use-leaked-key') });
    expect(await createNpmAdapter().revoke(cred(), ctxFor(false, leaked.secret), {})).toMatchObject({ state: 'refused', code: 'operator-is-leaked' });
    expect(leaked.revoked).toBe(false);
    const ctx = ctxFor(false, null);
    const revoked = await createNpmAdapter().revoke(cred(), ctx, { useLeakedCredential: true });
    expect(revoked).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('leaked token itself') } });
    expect(leaked.revoked).toBe(true);
    expect(ctx.records.some((r) => r.type === 'revoke-with-leaked-key')).toBe(true);
  });

  it('refuses an operator token of another user: only the owner\'s tokens can delete it', async () => {
    const revoked = await createNpmAdapter().revoke(cred(), ctxFor(false, bob.secret), {});
    expect(revoked).toMatchObject({ state: 'refused', code: 'manual', message: expect.stringContaining('belongs to alice') });
    expect(emulator.tokens.some((t) => t.revoked)).toBe(false);
  });

  it('dry run lists but deletes nothing', async () => {
    const ctx = ctxFor(true);
    expect(await createNpmAdapter().revoke(cred(), ctx, {})).toMatchObject({ state: 'ok', value: { action: expect.stringMatching(/^dry run: would delete npm token/) } });
    expect(emulator.calls.every((c) => c.method === 'GET')).toBe(true);
    expect(leaked.revoked).toBe(false);
  });

  it('falls back to the exact tokens page when the token may not manage tokens', async () => {
    operator.canManageTokens = false;
    const adapter = createNpmAdapter();
    const revoked = await adapter.revoke(cred(), ctxFor(), {});
    expect(revoked).toMatchObject({ state: 'refused', code: 'manual' });
    expect(revoked.state !== 'ok' && revoked.message).toContain('https://www.npmjs.com/settings/alice/tokens');
    expect(adapter.manualSteps(cred())[0].url).toBe('https://www.npmjs.com/settings/alice/tokens');
  });

  it('falls back to the web UI when npm asks for a one-time password', async () => {
    emulator.otpUsers.add('alice');
    expect(await createNpmAdapter().revoke(cred(), ctxFor(), {})).toMatchObject({ state: 'refused', code: 'manual', message: expect.stringContaining('one-time password') });
    expect(leaked.revoked).toBe(false);
  });

  it('refuses to guess when several tokens share the listed prefix', async () => {
    emulator.prefixLength = 4; // every npm_ token shares "npm_"
    const revoked = await createNpmAdapter().revoke(cred(), ctxFor(), {});
    expect(revoked).toMatchObject({ state: 'refused', code: 'manual', message: expect.stringContaining('share the leaked token\'s prefix') });
    expect(emulator.tokens.some((t) => t.revoked)).toBe(false);
  });

  it('retries 429 and 500 on reads; repeated 5xx answer unknown', async () => {
    emulator.fail({ status: 429, retryAfter: '0' });
    emulator.fail({ status: 503 });
    const ctx = ctxFor();
    expect(await createNpmAdapter().verify(cred(), ctx)).toMatchObject({ state: 'ok', value: { live: true } });
    expect(providerCalls(ctx).map((c) => c.status)).toEqual([429, 503, 200]);
    emulator.fail({ status: 500, times: 3 });
    expect(await createNpmAdapter().verify(cred(), ctxFor())).toMatchObject({ state: 'unknown', code: 'server-error' });
  });

  it('sends legacy _auth (a password) and foreign registries\' tokens to the console', async () => {
    const legacy = credentialFor('npm', 'npmrc-legacy-auth', Buffer.from('alice:hunter2-not-real').toString('base64'));
    const adapter = createNpmAdapter();
    expect(await adapter.revoke(legacy, ctxFor(), {})).toMatchObject({ state: 'refused', code: 'manual' });
    expect(adapter.manualSteps(legacy)[0].checklist[0]).toContain('password');
    expect(emulator.calls).toEqual([]);
  });

  it('matches list entries by prefix, ignoring an ellipsis', () => {
    const secret = fakeSecret('npm-token', 'm');
    const entries = [{ token: `${secret.slice(0, 6)}…`, key: 'k1' }, { token: 'npm_zz', key: 'k2' }, { token: 'np', key: 'k3' }];
    expect(matchingEntries(entries, secret).map((e) => e.key)).toEqual(['k1']);
  });

  it('journals calls without the token', async () => {
    const ctx = ctxFor();
    const adapter = createNpmAdapter();
    await adapter.identify(cred(), ctx);
    await adapter.revoke(cred(), ctx, {});
    expect(JSON.stringify(ctx.records)).not.toContain(leaked.secret);
    expect(providerCalls(ctx).every((c) => c.provider === 'npm')).toBe(true);
  });
});
