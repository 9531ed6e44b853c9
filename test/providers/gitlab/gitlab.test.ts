import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitlabAdapter } from '../../../src/providers/gitlab/index.js';
import { newExpiry } from '../../../src/providers/gitlab/rotate.js';
import { fakeSecret } from '../../../src/rules/fake-secret.js';
import { gitlabToken, startGitlabEmulator, type EmulatedGitlabToken, type GitlabEmulator } from '../../emulators/gitlab.js';
import { credentialFor, providerCalls, recordingContext } from '../../emulators/saas.js';

const adapter = createGitlabAdapter();
const delivery = { kind: 'env-file' as const, file: '/tmp/app.env' };
let emulator: GitlabEmulator;
let token: EmulatedGitlabToken;
let operator: EmulatedGitlabToken;
let admin: EmulatedGitlabToken;

beforeEach(async () => {
  token = gitlabToken('gl-main');
  // The operator's own token of the same user (what GITLAB_TOKEN holds), and an administrator's.
  operator = gitlabToken('gl-operator', { name: 'incident' });
  admin = gitlabToken('gl-admin', { userId: 1, name: 'root-api' });
  emulator = await startGitlabEmulator([token, operator, admin], [{ id: 17, username: 'alice', name: 'Alice Example' }, { id: 1, username: 'root', name: 'Administrator', isAdmin: true }, { id: 23, username: 'bob', name: 'Bob' }]);
});
afterEach(() => emulator.close());

const ctxFor = (opts: { dryRun?: boolean; failDelivery?: boolean; operatorToken?: string | null } = {}) => {
  const op = opts.operatorToken === undefined ? operator.secret : opts.operatorToken;
  return recordingContext({ GITLAB_API_URL: emulator.apiUrl, SPILLKIT_HTTP_RETRIES: '2', ...(op ? { GITLAB_TOKEN: op } : {}) }, opts);
};
const cred = () => credentialFor('gitlab', 'gitlab-pat', token.secret);

describe('GitLab adapter', () => {
  it('identifies the token owner, scopes and id', async () => {
    const ctx = ctxFor();
    const identity = await adapter.identify(cred(), ctx);
    expect(identity).toEqual({
      state: 'ok',
      value: expect.objectContaining({ owner: 'alice', scopes: ['api', 'read_user'], keyId: `token #${token.id}`, account: emulator.url }),
    });
    expect(providerCalls(ctx).map((c) => c.call)).toEqual(['GET /personal_access_tokens/self', 'GET /user']);
  });

  it('falls back to the user id when the token may not read /user', async () => {
    token.scopes = ['read_repository'];
    const identity = await adapter.identify(cred(), ctxFor());
    expect(identity.state === 'ok' && identity.value.owner).toBe('user #17');
  });

  it('verifies live and not live', async () => {
    expect(await adapter.verify(cred(), ctxFor())).toEqual({ state: 'ok', value: { live: true, detail: expect.stringContaining('active') } });
    const unknownToken = credentialFor('gitlab', 'gitlab-pat', fakeSecret('gitlab-pat', 'never-issued'));
    const dead = await adapter.verify(unknownToken, ctxFor());
    expect(dead).toEqual({ state: 'ok', value: { live: false, detail: expect.stringContaining('401') } });
  });

  it('reports last use as evidence', async () => {
    const evidence = await adapter.evidence(cred(), ctxFor());
    expect(evidence).toEqual({ state: 'ok', value: expect.objectContaining({ lastUsed: '2025-01-15T08:30:00.000Z' }) });
    expect(evidence.state === 'ok' && evidence.value.notes.join(' ')).toContain('203.0.113.7');
  });

  it('revokes the token by id with the operator token, after which it is dead', async () => {
    const ctx = ctxFor();
    const revoked = await adapter.revoke(cred(), ctx, {});
    expect(revoked).toEqual({ state: 'ok', value: { action: expect.stringContaining('with the operator token in GITLAB_TOKEN'), reversible: false } });
    expect(token.revoked).toBe(true);
    expect(operator.revoked).toBe(false);
    expect(emulator.calls.at(-1)).toMatchObject({ method: 'DELETE', path: `/api/v4/personal_access_tokens/${token.id}`, status: 204 });
    expect((await adapter.verify(cred(), ctx)).state === 'ok').toBe(true);
    expect(await adapter.verify(cred(), ctx)).toMatchObject({ value: { live: false } });
  });

  it('says a token GitLab already rejects is contained, changing nothing', async () => {
    token.revoked = true;
    const revoked = await adapter.revoke(cred(), ctxFor(), {});
    expect(revoked).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('already rejects') } });
    expect(emulator.calls.some((c) => c.method === 'DELETE')).toBe(false);
  });

  it('needs an operator token unless the leaked token is chosen, and journals that choice', async () => {
    expect(await adapter.revoke(cred(), ctxFor({ operatorToken: null }), {})).toMatchObject({ state: 'refused', code: 'no-operator-credential', message: expect.stringContaining('--use-leaked-key') });
    expect(await adapter.revoke(cred(), ctxFor({ operatorToken: token.secret }), {})).toMatchObject({ state: 'refused', code: 'operator-is-leaked' });
    expect(token.revoked).toBe(false);
    const ctx = ctxFor({ operatorToken: null });
    expect(await adapter.revoke(cred(), ctx, { useLeakedCredential: true })).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('as you chose') } });
    expect(emulator.calls.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/v4/personal_access_tokens/self', status: 204 });
    expect(ctx.records.some((r) => r.type === 'revoke-with-leaked-key')).toBe(true);
  });

  it('refuses when the operator is neither the owner nor an administrator; an administrator may', async () => {
    const bobs = gitlabToken('gl-bob', { userId: 23 });
    emulator.tokens.push(bobs);
    expect(await adapter.revoke(cred(), ctxFor({ operatorToken: bobs.secret }), {})).toMatchObject({ state: 'refused', code: 'denied', message: expect.stringContaining('owner or an administrator') });
    expect(token.revoked).toBe(false);
    expect(await adapter.revoke(cred(), ctxFor({ operatorToken: admin.secret }), {})).toMatchObject({ state: 'ok' });
    expect(token.revoked).toBe(true);
  });

  it('rotates: delivers the new token, keeps the expiry, and GitLab revokes the old one', async () => {
    const ctx = ctxFor();
    const rotated = await adapter.rotate!(cred(), ctx, { delivery, deleteOld: false });
    expect(rotated).toMatchObject({ state: 'ok', value: { delivered: ['GITLAB_TOKEN'], old: 'deleted', newKeyId: expect.stringMatching(/^token #\d+$/) } });
    expect(token.revoked).toBe(true);
    const newToken = emulator.tokens.at(-1)!;
    expect(ctx.deliveries).toEqual([{ delivery, values: { GITLAB_TOKEN: newToken.secret } }]);
    expect(emulator.rotateRequests).toEqual([{ expires_at: '2026-12-31' }]);
    expect(JSON.stringify(rotated)).not.toContain(newToken.secret);
    expect(JSON.stringify(ctx.records)).not.toContain(newToken.secret);
  });

  it('delivers under the variable that holds the leaked token in the env file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'spillkit-gitlab-')), '.env');
    writeFileSync(file, `APP=1\nexport CI_API_TOKEN=${token.secret}\n`);
    const ctx = ctxFor();
    const rotated = await adapter.rotate!(cred(), ctx, { delivery: { kind: 'env-file', file }, deleteOld: false });
    expect(rotated).toMatchObject({ state: 'ok', value: { delivered: ['CI_API_TOKEN'] } });
    expect(Object.keys(ctx.deliveries[0].values)).toEqual(['CI_API_TOKEN']);
    const toSecret = await adapter.rotate!(credentialFor('gitlab', 'gitlab-pat', emulator.tokens.at(-1)!.secret), ctx, { delivery: { kind: 'github-secret', owner: 'o', repo: 'r', name: 'GL_TOKEN' }, deleteOld: false });
    expect(toSecret).toMatchObject({ state: 'ok', value: { delivered: ['GL_TOKEN'] } });
  });

  it('revokes the new token when delivery fails, and says so', async () => {
    const rotated = await adapter.rotate!(cred(), ctxFor({ failDelivery: true }), { delivery, deleteOld: false });
    expect(rotated).toMatchObject({ state: 'unknown', code: 'delivery-failed' });
    expect(rotated.state !== 'ok' && rotated.message).toContain('revoked as well');
    expect(emulator.tokens.filter((t) => t !== operator && t !== admin).every((t) => t.revoked)).toBe(true);
  });

  it('refuses self-rotation without the api scope', async () => {
    token.scopes = ['read_api'];
    expect(await adapter.rotate!(cred(), ctxFor({ operatorToken: null }), { delivery, deleteOld: false, useLeakedCredential: true })).toMatchObject({ state: 'refused', code: 'forbidden' });
    expect(token.revoked).toBe(false);
  });

  it('dry run makes read calls only', async () => {
    const ctx = ctxFor({ dryRun: true });
    expect(await adapter.revoke(cred(), ctx, {})).toMatchObject({ state: 'ok', value: { action: expect.stringMatching(/^dry run/) } });
    expect(await adapter.rotate!(cred(), ctx, { delivery, deleteOld: false })).toMatchObject({ state: 'ok', value: { old: 'left active', delivered: [] } });
    expect(emulator.calls.every((c) => c.method === 'GET')).toBe(true);
    expect(token.revoked).toBe(false);
    expect(ctx.deliveries).toEqual([]);
  });

  it('retries a 429 after Retry-After and a 500 on reads', async () => {
    emulator.fail({ status: 429, retryAfter: '0', body: { message: 'Retry later' } });
    emulator.fail({ status: 500 });
    const ctx = ctxFor();
    expect(await adapter.verify(cred(), ctx)).toMatchObject({ state: 'ok', value: { live: true } });
    expect(providerCalls(ctx).map((c) => c.status)).toEqual([429, 500, 200]);
  });

  it('answers unknown when throttling outlasts the retries', async () => {
    emulator.fail({ status: 429, retryAfter: '0', times: 10 });
    expect(await adapter.verify(cred(), ctxFor())).toMatchObject({ state: 'unknown', code: 'throttled' });
  });

  it('never repeats a rotation after a 500 (the first may have rotated)', async () => {
    emulator.fail({ status: 500, match: (req) => req.method === 'POST' });
    const rotated = await adapter.rotate!(cred(), ctxFor(), { delivery, deleteOld: false });
    expect(rotated).toMatchObject({ state: 'unknown', code: 'server-error' });
    expect(emulator.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('answers unknown on a network failure, never "not live"', async () => {
    const ctx = recordingContext({ GITLAB_API_URL: 'http://127.0.0.1:1/api/v4', SPILLKIT_HTTP_RETRIES: '0' });
    expect(await adapter.verify(cred(), ctx)).toMatchObject({ state: 'unknown', code: 'network' });
  });

  it('answers unknown when the API hangs past the timeout', async () => {
    emulator.fail({ status: 200, delayMs: 1500 });
    const ctx = recordingContext({ GITLAB_API_URL: emulator.apiUrl, SPILLKIT_HTTP_TIMEOUT_MS: '200', SPILLKIT_HTTP_RETRIES: '0' });
    expect(await adapter.verify(cred(), ctx)).toMatchObject({ state: 'unknown', code: 'timeout' });
  });

  it('revokes other GitLab token kinds through the administrators\' token API, and only with an administrator', async () => {
    const secret = 'gldt-' + fakeSecret('gitlab-pat', 'd').slice(6);
    emulator.otherTokens.push({ id: 91, secret, name: 'registry-pull', revoked: false });
    const deploy = credentialFor('gitlab', 'gitlab-deploy-token', secret);
    expect(await adapter.revoke(deploy, ctxFor(), {})).toMatchObject({ state: 'refused', code: 'denied', message: expect.stringContaining('administrator') });
    expect(adapter.manualSteps(deploy)[0].checklist.join(' ')).toContain('Deploy tokens');
    expect(emulator.otherTokens[0].revoked).toBe(false);
    const ctx = ctxFor({ operatorToken: admin.secret });
    expect(await adapter.revoke(deploy, ctx, {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('"registry-pull" #91') } });
    expect(emulator.otherTokens[0].revoked).toBe(true);
    expect(JSON.stringify(ctx.records)).not.toContain(secret);
    expect(await adapter.revoke(deploy, ctx, { useLeakedCredential: true })).toMatchObject({ state: 'refused', code: 'no-self-revoke' });
  });

  it('points console links at a self-managed instance', () => {
    const selfManaged = createGitlabAdapter({ GITLAB_API_URL: 'https://git.example.com/api/v4' });
    const deploy = credentialFor('gitlab', 'gitlab-deploy-token', 'gldt-abc');
    expect(selfManaged.manualSteps(deploy)[0].url).toBe('https://git.example.com');
  });

  it('journals every call without the token', async () => {
    const ctx = ctxFor();
    await adapter.identify(cred(), ctx);
    await adapter.evidence(cred(), ctx);
    await adapter.revoke(cred(), ctx, {});
    const calls = providerCalls(ctx);
    expect(calls.length).toBe(5);
    for (const call of calls) expect(Object.keys(call).sort()).toEqual(['attempt', 'call', 'provider', 'status']);
    expect(JSON.stringify(ctx.records)).not.toContain(token.secret);
  });

  it('keeps a future expiry, else the longest lifetime', () => {
    const now = new Date('2025-06-01T00:00:00Z');
    expect(newExpiry('2025-12-01', now)).toBe('2025-12-01');
    expect(newExpiry(null, now)).toBe('2026-05-31');
    expect(newExpiry('2025-06-01', now)).toBe('2026-05-31');
  });
});
