import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Delivery } from '../../../src/providers/contract.js';
import { vaultKvTarget } from '../../../src/providers/delivery/vault.js';
import { runtimePassword } from '../../helpers/databases.js';
import { startVaultEmulator, type VaultEmulator } from '../../emulators/vault.js';
import { deliveryRun, failure } from './harness.js';

/** The Vault KV target through the real HTTP client against a loopback Vault. */
let vault: VaultEmulator;
let operator: string;
let readOnly: string;

beforeEach(async () => {
  operator = runtimePassword(28);
  readOnly = runtimePassword(28);
  vault = await startVaultEmulator([
    { token: operator, capabilities: ['create', 'read', 'update', 'patch', 'list'] },
    { token: readOnly, capabilities: ['read', 'list'] },
  ]);
});
afterEach(async () => {
  await vault.close();
});

const env = (token = operator): Record<string, string> => ({ VAULT_ADDR: vault.url, VAULT_TOKEN: token, VAULT_NAMESPACE: 'team-a' });
const d = (spec: string): Delivery => vaultKvTarget.parse(spec);

describe('Vault KV delivery', () => {
  it('parses MOUNT/PATH:KEY and refuses anything else in one line', () => {
    expect(d('secret/app/prod:DATABASE_URL')).toEqual({ kind: 'vault-kv', path: 'secret/app/prod', key: 'DATABASE_URL' });
    for (const bad of ['secret:KEY', 'secret/app', '/secret/app:K', 'secret/app:K:L']) expect(() => d(bad)).toThrow(/--to-vault-kv takes MOUNT\/PATH:KEY/);
  });

  it('KV v2: patches one key with check-and-set, keeps the others, reads back the version it made', async () => {
    vault.v2.set('secret/app/prod', [{ data: { DATABASE_URL: 'old', OTHER: 'keep-me' }, created_time: '2025-01-01T00:00:00Z' }]);
    const value = `postgres://app:${runtimePassword()}@db/app`;
    const run = deliveryRun(env());
    expect(await run.check(d('secret/app/prod:DATABASE_URL'))).toMatch(/KV v2 at mount secret\/, exists \(version 1\)/);
    await run.deliver(d('secret/app/prod:DATABASE_URL'), { DATABASE_URL: value });
    expect(vault.current('secret/app/prod')).toEqual({ DATABASE_URL: value, OTHER: 'keep-me' });
    expect(vault.v2.get('secret/app/prod')).toHaveLength(2);
    expect(vault.calls.map((c) => `${c.method} ${c.path}`)).toContain('PATCH /v1/secret/data/app/prod');
    expect(run.lines).toEqual(['delivered DATABASE_URL to Vault KV secret/app/prod:DATABASE_URL; read back: KV v2 version 2 is current']);
    expect(vault.namespaces.every((n) => n === 'team-a')).toBe(true);
    expect(run.surface()).not.toContain(value);
    expect(run.surface()).not.toContain(operator);
  });

  it('KV v2: a secret that does not exist yet is created with cas=0', async () => {
    const run = deliveryRun(env());
    await run.deliver(d('secret/new/app:TOKEN_VALUE'), { TOKEN_VALUE: 'v1-value' });
    expect(vault.current('secret/new/app')).toEqual({ TOKEN_VALUE: 'v1-value' });
    expect(run.records.find((r) => r.type === 'delivered')!.data).toMatchObject({ created: ['TOKEN_VALUE'], verified: true });
  });

  it('KV v2: a concurrent writer between the read and the patch makes it fail, never overwrite', async () => {
    vault.v2.set('secret/app/prod', [{ data: { A: '1' }, created_time: '2025-01-01T00:00:00Z' }]);
    vault.beforeWrite = (path) => {
      vault.beforeWrite = null;
      vault.v2.get(path)!.push({ data: { A: '2' }, created_time: '2025-01-02T00:00:00Z' });
    };
    const run = deliveryRun(env());
    expect(await failure(run.deliver(d('secret/app/prod:A'), { A: 'mine' }))).toMatch(/check-and-set on version 1\): HTTP 400 rejected \(check-and-set parameter did not match/);
    expect(vault.current('secret/app/prod')).toEqual({ A: '2' });
    expect(run.records.at(-1)).toMatchObject({ type: 'delivery-failed', data: { kind: 'vault-kv', status: 400 } });
  });

  it('KV v1: reads, merges one key and writes the secret whole', async () => {
    vault.v1.set('kv1/app', { KEEP: 'x', DB: 'old' });
    const run = deliveryRun(env());
    await run.deliver(d('kv1/app:DB'), { DB: 'new-url' });
    expect(vault.current('kv1/app')).toEqual({ KEEP: 'x', DB: 'new-url' });
    expect(run.lines[0]).toMatch(/read back: KV v1 keys present: DB$/);
  });

  it('a Vault without mount discovery is taken as KV v1 under the first segment', async () => {
    vault.noMountDiscovery = true;
    const run = deliveryRun(env());
    await run.deliver(d('kv1/legacy:K'), { K: 'v' });
    expect(vault.current('kv1/legacy')).toEqual({ K: 'v' });
  });

  it('checks capabilities first: a read-only token is refused before anything is written', async () => {
    const run = deliveryRun(env(readOnly));
    expect(await failure(run.check(d('secret/app/prod:K')))).toMatch(/may not create secret\/data\/app\/prod \(it has: read, list\)/);
    expect(vault.calls.filter((c) => c.method !== 'GET' && c.path !== '/v1/sys/capabilities-self')).toEqual([]);
  });

  it('a rejected token, a 429 with Retry-After, a 5xx and a hang each answer the way they should', async () => {
    expect(await failure(deliveryRun(env('wrong-token-value')).deliver(d('secret/x:K'), { K: 'v' }))).toMatch(/HTTP 403 permission denied/);

    vault.fail({ status: 429, retryAfter: '0', match: (r) => r.method === 'PATCH' || r.method === 'POST' });
    await deliveryRun(env()).deliver(d('secret/throttled:K'), { K: 'v' });
    expect(vault.current('secret/throttled')).toEqual({ K: 'v' });
    expect(vault.calls.filter((c) => c.status === 429)).toHaveLength(1);

    vault.fail({ status: 503, times: 10, match: (r) => r.path.startsWith('/v1/secret/data') });
    expect(await failure(deliveryRun(env()).deliver(d('secret/down:K'), { K: 'v' }))).toMatch(/^vault POST :mount\/data\/:path: HTTP 503/);
    vault.faults.length = 0;

    vault.fail({ delayMs: 2500, times: 5 });
    expect(await failure(deliveryRun({ ...env(), SPILLKIT_HTTP_RETRIES: '0' }).deliver(d('secret/slow:K'), { K: 'v' }))).toMatch(/did not answer in time/);
  });
});
