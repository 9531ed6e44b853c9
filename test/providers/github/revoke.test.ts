import { describe, expect, it } from 'vitest';
import { fakeSecret } from '../../../src/rules/fake-secret.js';
import { adapter, contextFor, credentialFor, leakSurface, useEmulator } from './helpers.js';

describe('github adapter: revoke through POST /credentials/revoke', () => {
  const env = useEmulator();

  it('sends the token without any authentication, and GitHub then refuses it', async () => {
    const leaked = env.emulator.issueToken('alice');
    const operator = env.emulator.issueToken('alice');
    const ctx = contextFor(env.emulator, { env: { GITHUB_TOKEN: operator } });
    const result = await adapter.revoke(credentialFor(leaked), ctx, {});
    expect(result.state).toBe('ok');
    if (result.state !== 'ok') return;
    expect(result.value.reversible).toBe(false);
    expect(result.value.action).toMatch(/revocation endpoint \(202 Accepted\)/);
    const post = env.emulator.calls.find((c) => c.method === 'POST')!;
    expect(post).toMatchObject({ path: '/credentials/revoke', auth: null, status: 202, body: { credentials: [leaked] } });
    expect(env.emulator.isRevoked(leaked)).toBe(true);
    expect(env.emulator.isRevoked(operator)).toBe(false);
    expect(await adapter.verify(credentialFor(leaked), ctx)).toMatchObject({ state: 'ok', value: { live: false } });
    expect(ctx.records[0]).toEqual({ type: 'provider-call', data: { provider: 'github', call: 'POST /credentials/revoke', status: 202 } });
    expect(leakSurface(ctx, result)).not.toContain(leaked);
    expect(leakSurface(ctx, result)).not.toContain(operator);
  });

  it('resolves the open secret-scanning alerts holding that token as revoked, and only those', async () => {
    const leaked = env.emulator.issueToken('alice');
    const other = env.emulator.issueToken('alice');
    const operator = env.emulator.issueToken('alice', { scopes: ['repo', 'security_events'] });
    env.emulator.state.alerts.push(
      { repo: 'acme/app', number: 1, secret: leaked, state: 'open', resolution: null },
      { repo: 'acme/app', number: 2, secret: other, state: 'open', resolution: null },
      { repo: 'acme/app', number: 3, secret: leaked, state: 'open', resolution: null },
      { repo: 'acme/site', number: 1, secret: leaked, state: 'open', resolution: null },
    );
    const ctx = contextFor(env.emulator, { env: { GITHUB_TOKEN: operator, SPILLKIT_GITHUB_REPO: 'acme/app' } });
    const result = await adapter.revoke(credentialFor(leaked), ctx, {});
    expect(result.state === 'ok' && result.value.action).toMatch(/resolved secret-scanning alert\(s\) #3, #1 in acme\/app as revoked/);
    const alerts = env.emulator.state.alerts;
    expect(alerts.map((a) => `${a.repo}#${a.number} ${a.state} ${a.resolution}`)).toEqual([
      'acme/app#1 resolved revoked',
      'acme/app#2 open null',
      'acme/app#3 resolved revoked',
      'acme/site#1 open null',
    ]);
    const list = env.emulator.calls.find((c) => c.path.endsWith('/secret-scanning/alerts'))!;
    expect(list.query.state).toBe('open');
    expect(list.auth?.credential).toBe(operator);
    expect(env.emulator.calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([
      expect.objectContaining({ state: 'resolved', resolution: 'revoked' }),
      expect.objectContaining({ state: 'resolved', resolution: 'revoked' }),
    ]);
    expect(leakSurface(ctx, result)).not.toMatch(new RegExp([leaked, other, operator].join('|')));
  });

  it('says why alerts were not checked when no repository or operator token is configured', async () => {
    const leaked = env.emulator.issueToken('alice');
    const noRepo = await adapter.revoke(credentialFor(leaked), contextFor(env.emulator), {});
    expect(noRepo.state === 'ok' && noRepo.value.action).toMatch(/set SPILLKIT_GITHUB_REPO/);
    const again = env.emulator.issueToken('alice');
    const noToken = await adapter.revoke(credentialFor(again), contextFor(env.emulator, { env: { SPILLKIT_GITHUB_REPO: 'acme/app' } }), {});
    expect(noToken.state === 'ok' && noToken.value.action).toMatch(/no GITHUB_TOKEN or GH_TOKEN/);
  });

  it('makes no write call in a dry run and says what would happen', async () => {
    const leaked = env.emulator.issueToken('alice');
    const operator = env.emulator.issueToken('alice');
    env.emulator.state.alerts.push({ repo: 'acme/app', number: 7, secret: leaked, state: 'open', resolution: null });
    const ctx = contextFor(env.emulator, { dryRun: true, env: { GH_TOKEN: operator, SPILLKIT_GITHUB_REPO: 'acme/app' } });
    const result = await adapter.revoke(credentialFor(leaked), ctx, {});
    expect(result.state).toBe('ok');
    if (result.state !== 'ok') return;
    expect(result.value.action).toMatch(/^dry run: would send .*\(POST \/credentials\/revoke, unauthenticated\)/);
    expect(result.value.action).toMatch(/would resolve secret-scanning alert\(s\) #7 in acme\/app/);
    expect(env.emulator.calls.every((c) => c.method === 'GET')).toBe(true);
    expect(env.emulator.isRevoked(leaked)).toBe(false);
    expect(env.emulator.state.alerts[0].state).toBe('open');
    expect(ctx.records[0].data).toMatchObject({ call: 'POST /credentials/revoke', status: 'not-called', reason: 'dry run' });
  });

  it('revokes every token kind through the same endpoint', async () => {
    for (const [kind, rule] of [['fine-grained', 'github-fine-grained-pat'], ['oauth', 'github-oauth-token'], ['user-to-server', 'github-user-to-server-token']] as const) {
      const leaked = env.emulator.issueToken('alice', { kind });
      const result = await adapter.revoke(credentialFor(leaked, rule), contextFor(env.emulator), {});
      expect(result.state).toBe('ok');
      expect(env.emulator.isRevoked(leaked)).toBe(true);
    }
  });

  it('refuses a client secret, which the endpoint does not take, and points at the app page', async () => {
    const secret = fakeSecret('github-pat', 'oauth-app').slice(4);
    const result = await adapter.revoke(credentialFor(secret, 'github-oauth-client-secret'), contextFor(env.emulator), {});
    expect(result).toMatchObject({ state: 'refused', code: 'manual-only' });
    expect(result.state === 'refused' && result.message).toContain('https://github.com/settings/developers');
    expect(env.emulator.calls).toHaveLength(0);
  });

  it('reports a 422 from the endpoint as refused with GitHub\'s message, without the token', async () => {
    const leaked = env.emulator.issueToken('alice');
    env.emulator.failNext(1, 'unprocessable', { match: /^POST \/credentials\/revoke$/ });
    const ctx = contextFor(env.emulator);
    const result = await adapter.revoke(credentialFor(leaked), ctx, {});
    expect(result).toMatchObject({ state: 'refused', code: 'validation-failed' });
    expect(result.state === 'refused' && result.message).toMatch(/did not accept the revocation: Validation Failed/);
    expect(env.emulator.isRevoked(leaked)).toBe(false);
    expect(ctx.records[0].data).toMatchObject({ call: 'POST /credentials/revoke', status: 422, outcome: 'refused', code: 'validation-failed' });
    expect(leakSurface(ctx, result)).not.toContain(leaked);
  });
});
