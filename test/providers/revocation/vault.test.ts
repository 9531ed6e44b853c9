import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { revokeWithRow } from '../../../src/providers/revocation/engine.js';
import { VAULT_ROW } from '../../../src/providers/revocation/rows/vault.js';
import { expandTemplate } from '../../../src/rules/fake-secret.js';
import { credentialFor, recordingContext } from '../../emulators/saas.js';
import { bodyOf, startRowEmulator, type RowEmulator } from './harness.js';

/**
 * What the table test cannot reach for Vault: the self-hosted base (VAULT_ADDR required, checked, and
 * the override winning), the namespace header, the token Vault no longer knows, a batch token, an
 * accessor already revoked, and an AppRole secret-id whose role is found by asking every role.
 */

let vault: RowEmulator;
let operator: string;
beforeAll(async () => {
  vault = await startRowEmulator();
});
afterAll(() => vault.loopback.close());
beforeEach(() => {
  vault.requests.length = 0;
  operator = `hvs.${randomBytes(30).toString('hex')}`;
});

const token = (): string => expandTemplate('hvs.CAESI$[a-zA-Z0-9_-:86]', randomBytes(6).toString('hex'));
const env = (extra: Record<string, string> = {}): Record<string, string> => ({ VAULT_ADDR: vault.loopback.url, VAULT_TOKEN: operator, SPILLKIT_HTTP_RETRIES: '0', ...extra });

describe('Vault revocation', () => {
  it('needs VAULT_ADDR: without it, one line names the variable and nothing is sent', async () => {
    const result = await revokeWithRow(VAULT_ROW, credentialFor('vault', 'vault-service-token', token()), recordingContext({ VAULT_TOKEN: operator }), {});
    expect(result).toEqual({ state: 'refused', code: 'no-base', message: 'HashiCorp Vault runs on your own server: set VAULT_ADDR to its address' });
    expect(vault.requests).toHaveLength(0);
  });

  it('refuses a VAULT_ADDR that is not an http(s) address, and lets VAULT_API_URL win over it', async () => {
    const cred = credentialFor('vault', 'vault-service-token', token());
    expect(await revokeWithRow(VAULT_ROW, cred, recordingContext(env({ VAULT_ADDR: 'file:///etc/passwd' })), {})).toMatchObject({ state: 'refused', code: 'bad-base' });
    expect(vault.requests).toHaveLength(0);
    vault.answer = () => ({ status: 403, body: { errors: ['bad token'] } });
    const viaOverride = await revokeWithRow(VAULT_ROW, cred, recordingContext(env({ VAULT_ADDR: 'https://vault.invalid', VAULT_API_URL: vault.loopback.url })), {});
    expect(viaOverride).toMatchObject({ state: 'ok' });
    expect(vault.requests).toHaveLength(1);
  });

  it('revokes by accessor in the operator\'s namespace, never sending the token anywhere but the lookup body', async () => {
    const leaked = token();
    const accessor = expandTemplate('$[alnum:24]', 'accessor');
    vault.answer = (req) => {
      if (req.path === '/v1/auth/token/lookup') return { status: 200, body: { data: { accessor, display_name: 'github-ci', policies: ['default'], type: 'service' } } };
      if (req.path === '/v1/auth/token/revoke-accessor') return { status: 204 };
      return { status: 404, body: { errors: [] } };
    };
    const ctx = recordingContext(env({ VAULT_NAMESPACE: 'team-a/' }));
    const result = await revokeWithRow(VAULT_ROW, credentialFor('vault', 'vault-service-token', leaked), ctx, { expectOwner: 'github-ci' });
    expect(result).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('"github-ci"') } });
    expect(vault.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/auth/token/lookup', 'POST /v1/auth/token/revoke-accessor']);
    for (const req of vault.requests) {
      expect(req.headers['x-vault-namespace']).toBe('team-a/');
      expect(req.headers['x-vault-token']).toBe(operator);
    }
    expect(bodyOf(vault.requests[0]!)).toEqual({ token: leaked });
    expect(bodyOf(vault.requests[1]!)).toEqual({ accessor });
    expect(JSON.stringify(ctx.records)).not.toContain(accessor);
    expect(ctx.records.filter((r) => r.type === 'provider-call').map((r) => r.data.call)).toEqual(['POST /v1/auth/token/lookup (as operator)', 'POST /v1/auth/token/revoke-accessor (as operator)']);
  });

  it('reads "bad token" as already revoked, and an accessor Vault no longer knows as already gone', async () => {
    vault.answer = () => ({ status: 403, body: { errors: ['bad token'] } });
    const dead = await revokeWithRow(VAULT_ROW, credentialFor('vault', 'vault-service-token', token()), recordingContext(env()), {});
    expect(dead).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('already revoked or expired') } });
    expect(vault.writes().filter((r) => r.path.includes('revoke'))).toHaveLength(0);

    vault.answer = (req) => (req.path.endsWith('/lookup') ? { status: 200, body: { data: { accessor: 'acc1', display_name: 'x' } } } : { status: 400, body: { errors: ['invalid accessor'] } });
    expect(await revokeWithRow(VAULT_ROW, credentialFor('vault', 'vault-service-token', token()), recordingContext(env()), {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('already gone') } });
  });

  it('tells a denied operator from an unknown token', async () => {
    vault.answer = () => ({ status: 403, body: { errors: ['1 error occurred:\n\t* permission denied\n\n'] } });
    expect(await revokeWithRow(VAULT_ROW, credentialFor('vault', 'vault-service-token', token()), recordingContext(env()), {})).toMatchObject({ state: 'refused', code: 'denied' });
  });

  it('refuses a batch token before calling Vault', async () => {
    const batch = expandTemplate('hvb.AAAAAQ$[a-zA-Z0-9_-:150]', 'batch');
    const result = await revokeWithRow(VAULT_ROW, credentialFor('vault', 'vault-batch-token', batch), recordingContext(env()), {});
    expect(result).toMatchObject({ state: 'refused', code: 'manual', message: expect.stringContaining('batch token') });
    expect(vault.requests).toHaveLength(0);
  });

  it('finds an AppRole secret-id\'s role by asking each role, then destroys it by accessor', async () => {
    const secretId = randomUUID();
    vault.answer = (req) => {
      if (req.path === '/v1/auth/ci-approle/role' && req.query.get('list') === 'true') return { status: 200, body: { data: { keys: ['builder', 'deployer'] } } };
      if (req.path === '/v1/auth/ci-approle/role/deployer/secret-id/lookup') return { status: 200, body: { data: { secret_id_accessor: 'acc-deployer', secret_id_num_uses: 0 } } };
      if (req.path === '/v1/auth/ci-approle/role/builder/secret-id/lookup') return { status: 204 };
      if (req.path === '/v1/auth/ci-approle/role/deployer/secret-id-accessor/destroy') return { status: 204 };
      return { status: 404, body: { errors: [] } };
    };
    const result = await revokeWithRow(VAULT_ROW, credentialFor('vault', 'vault-approle-secret-id', secretId), recordingContext(env({ SPILLKIT_VAULT_APPROLE_MOUNT: 'ci-approle' })), { expectOwner: 'deployer' });
    expect(result).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('AppRole role "deployer"') } });
    const destroy = vault.writes().filter((r) => r.path.endsWith('/destroy'));
    expect(destroy.map((r) => r.path)).toEqual(['/v1/auth/ci-approle/role/deployer/secret-id-accessor/destroy']);
    expect(bodyOf(destroy[0]!)).toEqual({ secret_id_accessor: 'acc-deployer' });
  });

  it('refuses an AppRole secret-id no role knows, and one offered to revoke itself', async () => {
    vault.answer = (req) => (req.path === '/v1/auth/approle/role' ? { status: 200, body: { data: { keys: ['builder'] } } } : { status: 204 });
    const cred = credentialFor('vault', 'vault-approle-secret-id', randomUUID());
    expect(await revokeWithRow(VAULT_ROW, cred, recordingContext(env()), {})).toMatchObject({ state: 'refused', code: 'ambiguous', message: expect.stringContaining('no role under auth/approle') });
    expect(await revokeWithRow(VAULT_ROW, cred, recordingContext(env({ VAULT_TOKEN: '' })), { useLeakedCredential: true })).toMatchObject({ state: 'refused', code: 'no-self-revoke' });
    expect(vault.writes().filter((r) => r.path.endsWith('/destroy'))).toHaveLength(0);
  });
});
