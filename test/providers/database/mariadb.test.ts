import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabaseAdapter } from '../../../src/providers/database/index.js';
import { mariadbUnavailable, runtimePassword, startMariadb, type MariadbServer } from '../../helpers/databases.js';
import { dbContext, uriCredential } from './harness.js';

/**
 * The MySQL/MariaDB adapter against a real MariaDB server started for this file. ALTER USER commits at
 * once, so a failed delivery is undone by setting the old password again; when even that fails (the
 * operator's connection killed mid-rotation), the new URI is kept in a 0600 recovery file.
 */
const unavailable = mariadbUnavailable();
const adapter = createDatabaseAdapter('mysql');
let server: MariadbServer;
let dir: string;

beforeAll(async () => {
  if (unavailable) return;
  server = await startMariadb();
  await server.query('CREATE DATABASE shop');
  dir = mkdtempSync(join(tmpdir(), 'spillkit-mariadb-test-'));
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

interface Account {
  user: string;
  password: string;
  line: string;
}

let counter = 0;
async function makeAccount(user = `shop_${runtimePassword(6).toLowerCase()}`, host = '%'): Promise<Account> {
  const password = runtimePassword();
  await server.query('CREATE USER ?@? IDENTIFIED BY ?', [user, host, password]);
  await server.query('GRANT ALL PRIVILEGES ON shop.* TO ?@?', [user, host]);
  const encoded = encodeURIComponent(user).replace(/'/g, '%27');
  return { user, password, line: `DATABASE_URL=mysql://${encoded}:${password}@127.0.0.1:${server.port}/shop` };
}

function envFile(account: Account): string {
  const file = join(dir, `shop-${counter++}.env`);
  writeFileSync(file, `${account.line}\nWORKERS=4\n`);
  return file;
}

const operatorEnv = (): Record<string, string> => ({ SPILLKIT_MYSQL_ADMIN_URL: server.adminUrl });
const passwordIn = (file: string): string => /^DATABASE_URL=mysql:\/\/[^:]+:([^@]+)@/m.exec(readFileSync(file, 'utf8'))![1];

describe.skipIf(unavailable !== null)(`MySQL / MariaDB adapter, real server${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let account: Account;
  beforeEach(async () => {
    account = await makeAccount();
  });

  it('rotates through the operator: the new URI is delivered and connects, the leaked password is refused', async () => {
    const file = envFile(account);
    const ctx = dbContext(operatorEnv());
    const result = await adapter.rotate!(uriCredential('mysql', account.line, account.password), ctx, { delivery: { kind: 'env-file', file }, deleteOld: false });
    expect(result.state, JSON.stringify(result)).toBe('ok');
    expect(result.state === 'ok' && result.value).toMatchObject({ delivered: ['DATABASE_URL'], old: 'deleted' });
    const fresh = passwordIn(file);
    expect(readFileSync(file, 'utf8')).toBe(`${account.line.replace(account.password, fresh)}\nWORKERS=4\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await server.canLogin(account.user, fresh)).toBe(true);
    expect(await server.canLogin(account.user, account.password)).toBe(false);
    expect(JSON.stringify(ctx.records)).not.toMatch(new RegExp(`${account.password}|${fresh}`));
  });

  it('a failed delivery sets the old password again: it still works, the new one does not', async () => {
    let attempted = '';
    const ctx = dbContext(operatorEnv(), {
      deliver: async (_d, values) => {
        attempted = /:([A-Za-z0-9]{32})@/.exec(Object.values(values)[0])![1];
        throw new Error('HTTP 429 rate limited after 4 attempt(s)');
      },
    });
    const result = await adapter.rotate!(uriCredential('mysql', account.line, account.password), ctx, { delivery: { kind: 'env-file', file: join(dir, 'never.env') }, deleteOld: false });
    expect(result).toMatchObject({ state: 'refused', code: 'delivery-failed' });
    expect(result.state !== 'ok' && result.message).toMatch(/the old password was set again: the old password of 'shop_[a-z0-9]+'@'%' is still active/);
    expect(await server.canLogin(account.user, account.password)).toBe(true);
    expect(await server.canLogin(account.user, attempted)).toBe(false);
    expect(ctx.recoveryFiles).toEqual([]);
  });

  it('if the undo fails too (the operator connection killed), the new URI is kept in a 0600 recovery file, never printed', async () => {
    let attempted = '';
    const ctx = dbContext(operatorEnv(), {
      deliver: async (_d, values) => {
        attempted = Object.values(values)[0];
        // Another administrator kills spillkit's session mid-rotation.
        const sessions = await server.query<Array<{ ID: number }>>("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ? AND INFO IS NULL", [server.adminUser]);
        for (const s of sessions) await server.query('KILL CONNECTION ?', [s.ID]).catch(() => {});
        throw new Error('connection reset');
      },
    });
    const result = await adapter.rotate!(uriCredential('mysql', account.line, account.password), ctx, { delivery: { kind: 'env-file', file: join(dir, 'never.env') }, deleteOld: false });
    expect(result).toMatchObject({ state: 'unknown', code: 'delivery-failed' });
    expect(result.state !== 'ok' && result.message).toMatch(/OLD PASSWORD NO LONGER WORKS .* kept in .*recovery-mysql-.*\.txt \(mode 0600\)/);
    expect(ctx.recoveryFiles).toHaveLength(1);
    expect(statSync(ctx.recoveryFiles[0]).mode & 0o777).toBe(0o600);
    expect(readFileSync(ctx.recoveryFiles[0], 'utf8')).toBe(`${attempted}\n`);
    const kept = /:([A-Za-z0-9]{32})@/.exec(attempted)![1];
    expect(await server.canLogin(account.user, kept)).toBe(true);
    expect(JSON.stringify(result)).not.toContain(kept);
  });

  it('with --use-leaked-key, the account changes its own password (no operator needed)', async () => {
    const file = envFile(account);
    const ctx = dbContext({});
    const result = await adapter.rotate!(uriCredential('mysql', account.line, account.password), ctx, { delivery: { kind: 'env-file', file }, deleteOld: false, useLeakedCredential: true });
    expect(result.state, JSON.stringify(result)).toBe('ok');
    expect(await server.canLogin(account.user, passwordIn(file))).toBe(true);
    expect(await server.canLogin(account.user, account.password)).toBe(false);
  });

  it('refuses to guess between two accounts of the same name, until told which host', async () => {
    const twin = await makeAccount(`twin_${runtimePassword(5).toLowerCase()}`, '%');
    await server.query('CREATE USER ?@? IDENTIFIED BY ?', [twin.user, 'localhost', runtimePassword()]);
    const file = envFile(twin);
    const ambiguous = await adapter.rotate!(uriCredential('mysql', twin.line, twin.password), dbContext(operatorEnv()), { delivery: { kind: 'env-file', file }, deleteOld: false });
    expect(ambiguous).toMatchObject({ state: 'refused', code: 'role-lookup-failed' });
    expect(ambiguous.state !== 'ok' && ambiguous.message).toMatch(/2 accounts named twin_.*SPILLKIT_MYSQL_ACCOUNT_HOST/);
    expect(await server.canLogin(twin.user, twin.password)).toBe(true);
    const chosen = await adapter.rotate!(uriCredential('mysql', twin.line, twin.password), dbContext({ ...operatorEnv(), SPILLKIT_MYSQL_ACCOUNT_HOST: '%' }), { delivery: { kind: 'env-file', file }, deleteOld: false });
    expect(chosen.state, JSON.stringify(chosen)).toBe('ok');
    expect(await server.canLogin(twin.user, passwordIn(file))).toBe(true);
  });

  it('escapes account names and passwords: quotes and backslashes stay values', async () => {
    const hostile = await makeAccount("o'brien\\x");
    const file = envFile(hostile);
    const result = await adapter.rotate!(uriCredential('mysql', hostile.line, hostile.password), dbContext(operatorEnv()), { delivery: { kind: 'env-file', file }, deleteOld: false });
    expect(result.state, JSON.stringify(result)).toBe('ok');
    expect(await server.canLogin(hostile.user, passwordIn(file))).toBe(true);
  });

  it('revokes: the account is locked with a password nobody holds, its sessions end', async () => {
    const session = await mysql.createConnection({ host: '127.0.0.1', port: server.port, user: account.user, password: account.password });
    session.on('error', () => {});
    const result = await adapter.revoke(uriCredential('mysql', account.line, account.password), dbContext(operatorEnv()), {});
    expect(result.state, JSON.stringify(result)).toBe('ok');
    expect(result.state === 'ok' && result.value.action).toMatch(/locked .* 1 open session\(s\) ended/);
    await expect(session.query('SELECT 1')).rejects.toThrow();
    expect(await server.canLogin(account.user, account.password)).toBe(false);
    const [locked] = await server.query<Array<{ locked: string }>>("SELECT JSON_VALUE(Priv, '$.account_locked') AS locked FROM mysql.global_priv WHERE User = ?", [account.user]);
    expect(String(locked.locked)).toMatch(/^(?:1|true)$/);
  });
});
