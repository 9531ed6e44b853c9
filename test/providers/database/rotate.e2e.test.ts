import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/scan/finding.js';
import { mariadbUnavailable, postgresUnavailable, runtimePassword, startMariadb, startPostgres, type MariadbServer, type PostgresServer } from '../../helpers/databases.js';
import { buildRepo, type Repo } from '../../helpers/repo-builder.js';
import { runCli, scanJson } from '../../helpers/run-cli.js';
import { startVaultEmulator, type VaultEmulator } from '../../emulators/vault.js';

/**
 * The issue's end to end, through the real CLI and real servers: a database URI committed to a
 * repository, `spillkit scan`, then `spillkit rotate --finding FP --to-env-file F --yes`: the new URI in
 * F connects and the leaked one no longer does. A delivery target that refuses the write midway (a
 * Vault whose policy denies the patch) leaves the old password active, and the command says so.
 */
const pgMissing = postgresUnavailable();
const myMissing = mariadbUnavailable();

function journalText(repo: Repo): string {
  const root = join(repo.gitDir, 'spillkit', 'incidents');
  let text = '';
  for (const id of readdirSync(root)) {
    for (const f of readdirSync(join(root, id))) {
      const path = join(root, id, f);
      if (statSync(path).isFile()) text += readFileSync(path, 'utf8');
    }
  }
  return text;
}

async function leakedRepo(line: string): Promise<{ repo: Repo; finding: Finding }> {
  const repo = buildRepo([
    { files: { 'README.md': '# shop\n' }, message: 'init' },
    { files: { '.env': `${line}\nLOG_LEVEL=info\n` }, message: 'add settings' },
  ]);
  const { report } = await scanJson(repo.dir);
  const finding = report.findings.find((f) => f.rule === 'postgres-uri-password' || f.rule === 'mysql-uri-password');
  if (!finding) throw new Error(`no database URI finding in ${JSON.stringify(report.findings.map((f) => f.rule))}`);
  return { repo, finding };
}

const newPassword = (file: string): string => /:\/\/[^:]+:([A-Za-z0-9]{32})@/.exec(readFileSync(file, 'utf8'))![1];

describe.skipIf(pgMissing !== null)(`rotate a leaked PostgreSQL URI end to end${pgMissing ? ` (skipped: ${pgMissing})` : ''}`, () => {
  let server: PostgresServer;
  let vault: VaultEmulator;
  const repos: Repo[] = [];
  beforeAll(async () => {
    server = await startPostgres();
    vault = await startVaultEmulator([{ token: 'vault-operator-token', capabilities: ['create', 'read', 'update', 'patch'] }]);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await vault?.close();
    for (const r of repos) rmSync(r.root, { recursive: true, force: true });
  });

  async function role(): Promise<{ name: string; password: string; line: string }> {
    const name = `shop_${runtimePassword(6).toLowerCase()}`;
    const password = runtimePassword();
    await server.query(`CREATE ROLE ${pg.escapeIdentifier(name)} LOGIN PASSWORD ${pg.escapeLiteral(password)}`);
    return { name, password, line: `DATABASE_URL=postgres://${name}:${password}@127.0.0.1:${server.port}/postgres` };
  }

  it('scan → rotate --to-env-file --yes: the new URI in the file connects, the leaked one fails, nothing secret is printed or journalled', async () => {
    const r = await role();
    const { repo, finding } = await leakedRepo(r.line);
    repos.push(repo);
    const envFile = join(repo.root, 'deploy.env');
    writeFileSync(envFile, `${r.line}\n`);
    const result = await runCli(['rotate', '--finding', finding.fingerprint, '--repo', repo.dir, '--to-env-file', envFile, '--yes'], { env: { SPILLKIT_PG_ADMIN_URL: server.adminUrl } });
    expect(result.code, result.stderr).toBe(0);
    const fresh = newPassword(envFile);
    expect(readFileSync(envFile, 'utf8')).toBe(`${r.line.replace(r.password, fresh)}\n`);
    expect(await server.canLogin(r.name, fresh)).toBe(true);
    expect(await server.canLogin(r.name, r.password)).toBe(false);
    expect(result.stdout).toMatch(/delivered DATABASE_URL to .*deploy\.env; read back: DATABASE_URL assigned; mode 0600/);
    expect(result.stdout).toMatch(/the new URI connects; the leaked password is refused; .* old credential deleted/);
    for (const text of [result.stdout, result.stderr, journalText(repo)]) {
      expect(text).not.toContain(r.password);
      expect(text).not.toContain(fresh);
    }
  });

  it('a target that refuses the write midway leaves the old password active, and says so (exit 2)', async () => {
    const r = await role();
    const { repo, finding } = await leakedRepo(r.line);
    repos.push(repo);
    vault.v2.set('secret/shop', [{ data: { DATABASE_URL: 'whatever', OTHER: 'x' }, created_time: '2025-01-01T00:00:00Z' }]);
    // The capability check passes; the write itself is then refused, after the ALTER ROLE.
    vault.fail({ status: 403, body: { errors: ['1 error occurred:\n\t* permission denied'] }, match: (req) => req.method === 'PATCH' });
    const result = await runCli(['rotate', '--finding', finding.fingerprint, '--repo', repo.dir, '--to-vault-kv', 'secret/shop:DATABASE_URL', '--yes'], {
      env: { SPILLKIT_PG_ADMIN_URL: server.adminUrl, VAULT_ADDR: vault.url, VAULT_TOKEN: 'vault-operator-token' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/rotation did not complete: could not deliver the new URI to Vault KV secret\/shop:DATABASE_URL .*HTTP 403.*the password change was rolled back \(never committed\): the old password of shop_\w+ is still active/);
    expect(await server.canLogin(r.name, r.password)).toBe(true);
    expect(vault.current('secret/shop')).toEqual({ DATABASE_URL: 'whatever', OTHER: 'x' });
    expect(journalText(repo)).toMatch(/"type":"delivery-failed"/);
    expect(journalText(repo)).not.toContain(r.password);
  });

  it('an unreachable target stops it before any change (exit 2)', async () => {
    const r = await role();
    const { repo, finding } = await leakedRepo(r.line);
    repos.push(repo);
    const result = await runCli(['rotate', '--finding', finding.fingerprint, '--repo', repo.dir, '--to-doppler', 'shop/prd:DATABASE_URL', '--yes'], {
      env: { SPILLKIT_PG_ADMIN_URL: server.adminUrl, DOPPLER_TOKEN: 'dp-token', DOPPLER_API_URL: 'http://127.0.0.1:9', SPILLKIT_HTTP_RETRIES: '0' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nothing was changed: the old password of shop_\w+@127\.0\.0\.1:\d+\/postgres is still active/);
    expect(await server.canLogin(r.name, r.password)).toBe(true);
  });

  it('without an operator connection rotate hands over to a person (exit 1, console steps); revoke --yes with one locks the role', async () => {
    const r = await role();
    const { repo, finding } = await leakedRepo(r.line);
    repos.push(repo);
    const envFile = join(repo.root, 'deploy.env');
    writeFileSync(envFile, `${r.line}\n`);
    const manual = await runCli(['rotate', '--finding', finding.fingerprint, '--repo', repo.dir, '--to-env-file', envFile, '--yes']);
    expect(manual.code).toBe(1);
    expect(manual.stdout).toMatch(/no operator connection: set SPILLKIT_PG_ADMIN_URL/);
    expect(manual.stdout).toMatch(/Change the password of the user named in the connection string/);
    expect(readFileSync(envFile, 'utf8')).toBe(`${r.line}\n`);
    const revoked = await runCli(['revoke', '--finding', finding.fingerprint, '--repo', repo.dir, '--yes'], { env: { SPILLKIT_PG_ADMIN_URL: server.adminUrl } });
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toMatch(/NOLOGIN with an unguessable password nobody holds/);
    expect(await server.canLogin(r.name, r.password)).toBe(false);
    expect(journalText(repo)).not.toContain(r.password);
  });
});

describe.skipIf(myMissing !== null)(`rotate a leaked MariaDB URI end to end${myMissing ? ` (skipped: ${myMissing})` : ''}`, () => {
  let server: MariadbServer;
  let repo: Repo | undefined;
  beforeAll(async () => {
    server = await startMariadb();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (repo) rmSync(repo.root, { recursive: true, force: true });
  });

  it('scan → rotate --to-env-file --yes with the operator URL: the new URI connects, the leaked one fails', async () => {
    const user = `shop_${runtimePassword(6).toLowerCase()}`;
    const password = runtimePassword();
    await server.query('CREATE USER ?@? IDENTIFIED BY ?', [user, '%', password]);
    const line = `DATABASE_URL=mysql://${user}:${password}@127.0.0.1:${server.port}/`;
    const leaked = await leakedRepo(line);
    repo = leaked.repo;
    const envFile = join(repo.root, 'deploy.env');
    writeFileSync(envFile, `export ${line} # primary\n`);
    const result = await runCli(['rotate', '--finding', leaked.finding.fingerprint, '--repo', repo.dir, '--to-env-file', envFile, '--yes'], { env: { SPILLKIT_MYSQL_ADMIN_URL: server.adminUrl } });
    expect(result.code, result.stderr).toBe(0);
    const fresh = newPassword(envFile);
    expect(readFileSync(envFile, 'utf8')).toBe(`export ${line.replace(password, fresh)} # primary\n`);
    expect(await server.canLogin(user, fresh)).toBe(true);
    expect(await server.canLogin(user, password)).toBe(false);
    expect(result.stdout + result.stderr + journalText(repo)).not.toMatch(new RegExp(`${password}|${fresh}`));
  });
});
