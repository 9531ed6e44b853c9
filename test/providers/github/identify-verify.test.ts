import { describe, expect, it } from 'vitest';
import { fakeSecret } from '../../../src/rules/fake-secret.js';
import { adapter, contextFor, credentialFor, leakSurface, useEmulator } from './helpers.js';

describe('github adapter: identify and verify (GET /user with the leaked token)', () => {
  const env = useEmulator();

  it('names the owner, type, scopes and expiry of a classic token', async () => {
    const token = env.emulator.issueToken('alice', { scopes: ['repo', 'read:org'], expiration: '2030-01-01 00:00:00 UTC' });
    const ctx = contextFor(env.emulator);
    const identity = await adapter.identify(credentialFor(token), ctx);
    expect(identity).toEqual({
      state: 'ok',
      value: {
        owner: 'alice',
        account: new URL(env.emulator.url).host,
        scopes: ['repo', 'read:org'],
        keyId: credentialFor(token).finding.redacted,
        details: { kind: 'classic personal access token', type: 'User', via: 'GET /user', expires: '2030-01-01 00:00:00 UTC' },
      },
    });
    const call = env.emulator.calls[0];
    expect(call).toMatchObject({ method: 'GET', path: '/user', status: 200 });
    expect(call.auth?.credential).toBe(token);
    expect(ctx.records).toEqual([{ type: 'provider-call', data: { provider: 'github', call: 'GET /user', status: 200 } }]);
    expect(leakSurface(ctx, identity)).not.toContain(token);
  });

  it('reports no scopes for a fine-grained token, which has permissions instead', async () => {
    const token = env.emulator.issueToken('alice', { kind: 'fine-grained', scopes: [] });
    const identity = await adapter.identify(credentialFor(token, 'github-fine-grained-pat'), contextFor(env.emulator));
    expect(identity.state).toBe('ok');
    if (identity.state !== 'ok') return;
    expect(identity.value.owner).toBe('alice');
    expect(identity.value.scopes).toEqual([]);
    expect(identity.value.details.permissions).toMatch(/fine-grained/);
  });

  it('names the account an installation token was installed on', async () => {
    const token = env.emulator.issueToken('acme', { kind: 'installation', installationRepos: ['acme/app', 'acme/site'] });
    const ctx = contextFor(env.emulator);
    const identity = await adapter.identify(credentialFor(token, 'github-app-installation-token'), ctx);
    expect(identity).toMatchObject({ state: 'ok', value: { owner: 'acme', details: { via: 'GET /installation/repositories', type: 'Organization' } } });
    expect(env.emulator.calls.map((c) => c.path)).toEqual(['/installation/repositories']);
    const live = await adapter.verify(credentialFor(token, 'github-app-installation-token'), ctx);
    expect(live).toMatchObject({ state: 'ok', value: { live: true } });
  });

  it('tells an installation token by its prefix when the rule does not say', async () => {
    const token = env.emulator.issueToken('acme', { kind: 'installation', installationRepos: ['acme/app'] });
    const identity = await adapter.identify(credentialFor(token, 'generic-token'), contextFor(env.emulator));
    expect(identity).toMatchObject({ state: 'ok', value: { owner: 'acme' } });
    expect(env.emulator.calls.map((c) => `${c.path} ${c.status}`)).toEqual(['/installation/repositories 200']);
  });

  it('asks as an app when GET /user answers 403 "not accessible by integration" (the token is live)', async () => {
    const token = env.emulator.issueToken('alice');
    // A token GitHub treats as an app's although its rule said PAT: /user refuses, the installation route answers.
    env.emulator.state.tokens.find((t) => t.value === token)!.installationRepos = ['acme/app'];
    const identity = await adapter.identify(credentialFor(token), contextFor(env.emulator));
    expect(identity).toMatchObject({ state: 'ok', value: { owner: 'acme' } });
    expect(env.emulator.calls.map((c) => `${c.path} ${c.status}`)).toEqual(['/user 403', '/installation/repositories 200']);
  });

  it('verifies a live token as live and a revoked or unknown one as not live', async () => {
    const live = env.emulator.issueToken('alice');
    const revoked = env.emulator.issueToken('alice');
    env.emulator.state.tokens.find((t) => t.value === revoked)!.revoked = true;
    const never = fakeSecret('github-pat', 'never-issued');
    const ctx = contextFor(env.emulator);
    expect(await adapter.verify(credentialFor(live), ctx)).toMatchObject({ state: 'ok', value: { live: true } });
    const dead = await adapter.verify(credentialFor(revoked), ctx);
    expect(dead).toMatchObject({ state: 'ok', value: { live: false } });
    if (dead.state === 'ok') expect(dead.value.detail).toMatch(/401.*Bad credentials/);
    expect(await adapter.verify(credentialFor(never), ctx)).toMatchObject({ state: 'ok', value: { live: false } });
    expect(ctx.records.map((r) => r.data.status)).toEqual([200, 401, 401]);
    expect(leakSurface(ctx)).not.toMatch(new RegExp([live, revoked, never].join('|')));
  });

  it('refuses to name the owner of a dead token instead of guessing', async () => {
    const identity = await adapter.identify(credentialFor(fakeSecret('github-pat', 'dead')), contextFor(env.emulator));
    expect(identity).toMatchObject({ state: 'refused', code: 'bad-credentials' });
  });

  it('says it cannot tell for kinds GET /user cannot check, without calling GitHub', async () => {
    const ctx = contextFor(env.emulator);
    const secret = fakeSecret('github-pat', 'client-secret').slice(4);
    expect(await adapter.verify(credentialFor(secret, 'github-oauth-client-secret'), ctx)).toMatchObject({ state: 'unknown', code: 'not-checkable' });
    expect(env.emulator.calls).toHaveLength(0);
  });

  it('answers unknown, not "dead", when GitHub cannot be reached', async () => {
    const token = env.emulator.issueToken('alice');
    const ctx = contextFor(env.emulator, { env: { GITHUB_API_URL: 'http://127.0.0.1:9/api/v3' } });
    const result = await adapter.verify(credentialFor(token), ctx);
    expect(result).toMatchObject({ state: 'unknown', code: 'network' });
    expect(ctx.records[0].data).toMatchObject({ call: 'GET /user', status: 'no-response', outcome: 'unknown' });
  });
});
