import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Analysis, Outcome } from '../../../src/providers/contract.js';
import { createNpmAdapter } from '../../../src/providers/npm/index.js';
import { npmToken, startNpmEmulator, type EmulatedNpmToken, type NpmEmulator } from '../../emulators/npm.js';
import { credentialFor, providerCalls, recordingContext } from '../../emulators/saas.js';

/** npm blast radius with the leaked token: whoami, the user's packages, the token's own entry. */

const adapter = createNpmAdapter();
let emulator: NpmEmulator;
let leaked: EmulatedNpmToken;

beforeEach(async () => {
  leaked = npmToken('npm-analyze');
  emulator = await startNpmEmulator([npmToken('npm-analyze-other'), leaked]);
  emulator.packages.alice = { '@acme/core': 'read-write', 'left-pad-ng': 'write', '@acme/docs': 'read-only' };
});
afterEach(() => emulator.close());

const ctxFor = (env: Record<string, string> = {}) => recordingContext({ NPM_API_URL: emulator.url, SPILLKIT_HTTP_RETRIES: '2', ...env });
const cred = () => credentialFor('npm', 'npm-access-token', leaked.secret);
const value = (o: Outcome<Analysis>): Analysis => {
  if (o.state !== 'ok') throw new Error(`expected ok, got ${o.state} ${o.code}: ${o.message}`);
  return o.value;
};

describe('npm analyze', () => {
  it('a publishing token: user and the packages it can publish, critical', async () => {
    const ctx = ctxFor();
    const a = value(await adapter.analyze!(cred(), ctx));
    expect(a).toMatchObject({ principal: 'alice', kind: 'npm access token', risk: 'critical' });
    expect(a.summary).toEqual(['user: alice', 'token: can publish', 'packages it can publish: 2 (@acme/core, left-pad-ng)']);
    expect(a.resources.items).toEqual(['package @acme/core', 'package left-pad-ng']);
    expect(providerCalls(ctx).map((c) => c.call)).toEqual(['GET /-/whoami', 'GET /-/user/{name}/package', 'GET /-/npm/v1/tokens']);
    expect(JSON.stringify([ctx.records, a])).not.toContain(leaked.secret);
  });

  it('a granular token that may not list tokens: a gap, the rest still read', async () => {
    leaked.canManageTokens = false;
    const a = value(await adapter.analyze!(cred(), ctxFor()));
    expect(a.gaps).toEqual(['could not read the token\'s own settings (denied)']);
    expect(a.summary).toContain('token: read-only or not: unknown');
    expect(a.risk).toBe('critical');
  });

  it('a user with nothing to publish is medium', async () => {
    emulator.packages.alice = { '@acme/docs': 'read-only' };
    expect(value(await adapter.analyze!(cred(), ctxFor())).risk).toBe('medium');
  });

  it('refuses a revoked token', async () => {
    leaked.revoked = true;
    expect(await adapter.analyze!(cred(), ctxFor())).toMatchObject({ state: 'refused', code: 'invalid-credential' });
  });

  it('429 with Retry-After is waited out; 5xx and a timeout could not tell', async () => {
    emulator.fail({ status: 429, retryAfter: '1' });
    expect((await adapter.analyze!(cred(), ctxFor())).state).toBe('ok');
    emulator.fail({ status: 502, times: 3, match: (req) => req.path.endsWith('/package') });
    expect(value(await adapter.analyze!(cred(), ctxFor())).gaps).toEqual(['could not read packages (provider error)']);
    emulator.fail({ status: 200, delayMs: 1500, times: 3 });
    expect(await adapter.analyze!(cred(), ctxFor({ SPILLKIT_HTTP_TIMEOUT_MS: '300' }))).toMatchObject({ state: 'unknown', code: 'timeout' });
  });
});
