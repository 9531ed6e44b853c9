import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createDatabaseAdapter } from '../../../src/providers/database/index.js';
import { scramVerifier } from '../../../src/providers/database/password.js';
import { postgresUnavailable, runtimePassword, startPostgres, type PostgresServer } from '../../helpers/databases.js';
import { dbContext, uriCredential } from './harness.js';

/**
 * The PostgreSQL adapter against a real PostgreSQL server started for this file: rotation through the
 * operator connection and through the leaked role itself, the order that keeps the old password alive
 * until the new URI is delivered, revocation, and roles whose names need quoting.
 */
const unavailable = postgresUnavailable();
const adapter = createDatabaseAdapter('postgres');
let server: PostgresServer;
let dir: string;

beforeAll(async () => {
  if (unavailable) return;
  server = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'spillkit-pg-test-'));
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

interface Role {
  name: string;
  password: string;
  line: string;
  uri: string;
}

let counter = 0;
async function makeRole(name = `app_${runtimePassword(6).toLowerCase()}`): Promise<Role> {
  const password = runtimePassword();
  await server.query(`CREATE ROLE ${pg.escapeIdentifier(name)} LOGIN PASSWORD ${pg.escapeLiteral(password)}`);
  const uri = `postgres://${encodeURIComponent(name)}:${password}@127.0.0.1:${server.port}/postgres?application_name=web`;
  return { name, password, uri, line: `DATABASE_URL=${uri}` };
}

function envFile(role: Role): string {
  const file = join(dir, `app-${counter++}.env`);
  writeFileSync(file, `# app settings\n${role.line}\nLOG_LEVEL=info\n`);
  return file;
}

const operatorEnv = (): Record<string, string> => ({ SPILLKIT_PG_ADMIN_URL: server.adminUrl });

function passwordIn(file: string): string {
  const m = /^DATABASE_URL=postgres:\/\/[^:]+:([^@]+)@/m.exec(readFileSync(file, 'utf8'));
  return m![1];
}

describe.skipIf(unavailable !== null)(`PostgreSQL adapter, real server${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let role: Role;
  beforeEach(async () => {
    role = await makeRole();
  });

  it('identifies the role and server from the URI alone, without a connection', async () => {
    const cred = uriCredential('postgres', role.line, role.password);
    const ctx = dbContext({});
    const id = await adapter.identify(cred, ctx);
    expect(id).toEqual({ state: 'ok', value: expect.objectContaining({ owner: role.name, keyId: `${role.name}@127.0.0.1:${server.port}/postgres` }) });
    expect(ctx.records).toEqual([]);
  });

  it('verify logs in with the leaked URI, and says so when the server refuses it', async () => {
    const cred = uriCredential('postgres', role.line, role.password);
    expect(await adapter.verify(cred, dbContext({}))).toEqual({ state: 'ok', value: expect.objectContaining({ live: true }) });
    const wrong = uriCredential('postgres', role.line.replace(role.password, `${role.password}x`), `${role.password}x`);
    expect(await adapter.verify(wrong, dbContext({}))).toEqual({ state: 'ok', value: expect.objectContaining({ live: false }) });
  });

  it('rotates through the operator: the env file gets the new URI, it connects, the leaked password is refused', async () => {
    const file = envFile(role);
    const cred = uriCredential('postgres', role.line, role.password);
    const ctx = dbContext(operatorEnv());
    const result = await adapter.rotate!(cred, ctx, { delivery: { kind: 'env-file', file }, deleteOld: false });
    expect(result.state, JSON.stringify(result)).toBe('ok');
    if (result.state !== 'ok') return;
    expect(result.value.delivered).toEqual(['DATABASE_URL']);
    expect(result.value.old).toBe('deleted');
    expect(result.value.action).toMatch(/the new URI connects; the leaked password is refused/);

    const text = readFileSync(file, 'utf8');
    const fresh = passwordIn(file);
    expect(fresh).toMatch(/^[A-Za-z0-9]{32}$/);
    // Only the password changed: every other byte of the line and file is as it was.
    expect(text).toBe(`# app settings\n${role.line.replace(role.password, fresh)}\nLOG_LEVEL=info\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await server.canLogin(role.name, fresh)).toBe(true);
    expect(await server.canLogin(role.name, role.password)).toBe(false);
    // The server stores a SCRAM verifier (the clear password was never sent to it).
    const stored = await server.query<{ rolpassword: string }>('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [role.name]);
    expect(stored.rows[0].rolpassword).toMatch(/^SCRAM-SHA-256\$4096:/);

    const journal = JSON.stringify(ctx.records);
    for (const s of [role.password, fresh]) expect(journal).not.toContain(s);
    expect(JSON.stringify(result)).not.toContain(fresh);
    expect(ctx.records.map((r) => r.type)).toEqual(expect.arrayContaining(['delivery-checked', 'provider-call', 'delivered']));
    expect(ctx.records.find((r) => r.type === 'delivered')!.data).toMatchObject({ kind: 'env-file', entries: ['DATABASE_URL'], verified: true });
  });

  it('checks the target before touching the password: an unwritable target changes nothing', async () => {
    const cred = uriCredential('postgres', role.line, role.password);
    const ctx = dbContext(operatorEnv());
    const result = await adapter.rotate!(cred, ctx, { delivery: { kind: 'env-file', file: join(dir, 'no', 'such', 'dir', '.env') }, deleteOld: false });
    expect(result).toMatchObject({ state: 'refused', code: 'delivery-unavailable' });
    expect(result.state !== 'ok' && result.message).toMatch(/nothing was changed: the old password of .* is still active/);
    expect(await server.canLogin(role.name, role.password)).toBe(true);
    // Not even a connection to the database was made.
    expect(ctx.records.some((r) => r.type === 'provider-call' && r.data.call === 'connect')).toBe(false);
  });

  it('a delivery that fails after the change rolls it back: the leaked password still works, the new one never did', async () => {
    const cred = uriCredential('postgres', role.line, role.password);
    let attempted = '';
    const ctx = dbContext(operatorEnv(), {
      deliver: async (_d, values) => {
        attempted = Object.values(values)[0];
        // While the change is uncommitted, nobody else sees it: the old password still logs in.
        expect(await server.canLogin(role.name, role.password)).toBe(true);
        throw new Error('HTTP 403 permission denied');
      },
    });
    const result = await adapter.rotate!(cred, ctx, { delivery: { kind: 'env-file', file: join(dir, 'x.env') }, deleteOld: false });
    expect(result).toMatchObject({ state: 'refused', code: 'delivery-failed' });
    expect(result.state !== 'ok' && result.message).toMatch(/rolled back \(never committed\): the old password of .* is still active/);
    const newPassword = /:([A-Za-z0-9]{32})@/.exec(attempted)![1];
    expect(await server.canLogin(role.name, role.password)).toBe(true);
    expect(await server.canLogin(role.name, newPassword)).toBe(false);
    expect(JSON.stringify(result)).not.toContain(newPassword);
    expect(JSON.stringify(ctx.records)).not.toContain(newPassword);
  });

  it('with --use-leaked-key and no operator, the role changes its own password, journalled as such', async () => {
    const file = envFile(role);
    const cred = uriCredential('postgres', role.line, role.password);
    const ctx = dbContext({});
    const refusedWithout = await adapter.rotate!(cred, ctx, { delivery: { kind: 'env-file', file }, deleteOld: false });
    expect(refusedWithout).toMatchObject({ state: 'refused', code: 'manual' });
    expect(refusedWithout.state !== 'ok' && refusedWithout.message).toMatch(/no operator connection: set SPILLKIT_PG_ADMIN_URL .* or pass --use-leaked-key/);
    expect(await server.canLogin(role.name, role.password)).toBe(true);

    const result = await adapter.rotate!(cred, ctx, { delivery: { kind: 'env-file', file }, deleteOld: false, useLeakedCredential: true });
    expect(result.state, JSON.stringify(result)).toBe('ok');
    expect(result.state === 'ok' && result.value.action).toMatch(/through the leaked credential itself/);
    expect(await server.canLogin(role.name, passwordIn(file))).toBe(true);
    expect(await server.canLogin(role.name, role.password)).toBe(false);
    expect(ctx.records.find((r) => r.type === 'provider-call' && r.data.call === 'connect' && r.data.outcome === 'ok')!.data.signedBy).toBe('leaked-credential');
  });

  it('quotes role names: a name with quotes and a semicolon is one identifier', async () => {
    const hostile = await makeRole(`app"; DROP ROLE ${server.adminUser}; --`);
    const file = envFile(hostile);
    const cred = uriCredential('postgres', hostile.line, hostile.password);
    const result = await adapter.rotate!(cred, dbContext(operatorEnv()), { delivery: { kind: 'env-file', file }, deleteOld: false });
    expect(result.state, JSON.stringify(result)).toBe('ok');
    expect(await server.canLogin(hostile.name, passwordIn(file))).toBe(true);
    expect((await server.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [server.adminUser])).rowCount).toBe(1);
  });

  it('a dry run connects and reads, and changes nothing', async () => {
    const file = envFile(role);
    const before = readFileSync(file, 'utf8');
    const result = await adapter.rotate!(uriCredential('postgres', role.line, role.password), dbContext(operatorEnv(), { dryRun: true }), { delivery: { kind: 'env-file', file }, deleteOld: false });
    expect(result).toMatchObject({ state: 'ok', value: { delivered: [], old: 'left active' } });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(await server.canLogin(role.name, role.password)).toBe(true);
  });

  it('refuses a role the server does not have, and a finding with no URI', async () => {
    const ghost = { ...role, line: role.line.replace(role.name, 'nobody_here') };
    const result = await adapter.rotate!(uriCredential('postgres', ghost.line, role.password), dbContext(operatorEnv()), { delivery: { kind: 'env-file', file: join(dir, 'g.env') }, deleteOld: false });
    expect(result).toMatchObject({ state: 'refused', code: 'no-such-role' });
    const bare = uriCredential('postgres', `password=${role.password}`, role.password);
    bare.context = { text: `host=db password=${role.password}`, at: 17 };
    expect(await adapter.rotate!(bare, dbContext(operatorEnv()), { delivery: { kind: 'env-file', file: join(dir, 'g.env') }, deleteOld: false })).toMatchObject({ state: 'refused', code: 'manual', message: expect.stringMatching(/not found inside a connection URI/) });
  });

  it('revokes: NOLOGIN with a password nobody holds, and the open sessions of the role end', async () => {
    const session = new pg.Client({ host: '127.0.0.1', port: server.port, user: role.name, password: role.password, database: 'postgres' });
    session.on('error', () => {});
    await session.connect();
    const cred = uriCredential('postgres', role.line, role.password);
    const result = await adapter.revoke(cred, dbContext(operatorEnv()), {});
    expect(result.state, JSON.stringify(result)).toBe('ok');
    expect(result.state === 'ok' && result.value.action).toMatch(/NOLOGIN .* 1 open session\(s\) ended/);
    await expect(session.query('SELECT 1')).rejects.toThrow();
    expect(await server.canLogin(role.name, role.password)).toBe(false);
    const attrs = await server.query<{ rolcanlogin: boolean }>('SELECT rolcanlogin FROM pg_roles WHERE rolname = $1', [role.name]);
    expect(attrs.rows[0].rolcanlogin).toBe(false);
  });

  it('the SCRAM verifier it computes is one PostgreSQL accepts for that password', async () => {
    const password = runtimePassword(32);
    await server.query(`ALTER ROLE ${pg.escapeIdentifier(role.name)} PASSWORD ${pg.escapeLiteral(scramVerifier(password))}`);
    expect(await server.canLogin(role.name, password)).toBe(true);
    expect(await server.canLogin(role.name, `${password}0`)).toBe(false);
  });
});
