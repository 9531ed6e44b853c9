/**
 * Real database servers for the database adapter's tests: PostgreSQL and MariaDB from Debian's packages
 * (`apt-get install postgresql mariadb-server`; .ci/run installs them), each started by the test in a
 * temporary directory on a free loopback port, and stopped and removed after. Never a mock.
 *
 * PostgreSQL refuses to run as root: when the tests run as root, initdb and the server run as the
 * `postgres` system user the Debian package creates (setpriv, no shell), in a directory given to it.
 * MariaDB runs as the current user (`--user=root` when that is root). A missing binary makes
 * `unavailable` say which, so the test file skips with that reason instead of failing.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A password made at run time (never a literal in the repository). */
export function runtimePassword(length = 24): string {
  return Array.from(randomBytes(length), (b) => ALNUM[b % 62]).join('');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function which(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin', '/sbin'])) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

const run = (file: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile(file, args, { ...opts, timeout: 120_000, maxBuffer: 16 << 20, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')}: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/* ---------------- PostgreSQL ---------------- */

export interface PostgresServer {
  host: string;
  port: number;
  adminUser: string;
  adminPassword: string;
  adminUrl: string;
  /** Runs SQL as the admin (one connection per call). */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<pg.QueryResult<T>>;
  /** Whether these credentials log in (SELECT 1). */
  canLogin(user: string, password: string, database?: string): Promise<boolean>;
  stop(): Promise<void>;
}

function postgresBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(base, versions[0], 'bin');
  }
  const initdb = which('initdb');
  return initdb ? join(initdb, '..') : null;
}

/** Why PostgreSQL cannot be started here, or null when it can. */
export function postgresUnavailable(): string | null {
  const bin = postgresBin();
  if (!bin || !existsSync(join(bin, 'pg_ctl'))) return 'PostgreSQL binaries (initdb, pg_ctl) not installed: apt-get install postgresql';
  if (process.getuid?.() === 0) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    } catch {
      return 'running as root and there is no postgres user to run PostgreSQL as';
    }
  }
  return null;
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBin()!;
  const root = mkdtempSync(join(tmpdir(), 'spillkit-pg-'));
  const asRoot = process.getuid?.() === 0;
  // initdb and postgres refuse root: run them as the postgres user, in a directory it owns.
  const wrap = (file: string, args: string[]): [string, string[]] => {
    if (!asRoot) return [file, args];
    return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--clear-groups', file, ...args]];
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
  }
  const adminUser = 'spillkit_admin';
  const adminPassword = runtimePassword();
  const pwfile = join(root, 'pw');
  writeFileSync(pwfile, `${adminPassword}\n`, { mode: 0o644 });
  const data = join(root, 'data');
  await run(...wrap(join(bin, 'initdb'), ['-D', data, '-U', adminUser, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-instructions', '--no-sync']));
  rmSync(pwfile);
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${root} -c fsync=off -c synchronous_commit=off`;
  await run(...wrap(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(root, 'server.log'), '-w', '-t', '60', 'start']));
  const adminUrl = `postgres://${adminUser}:${adminPassword}@127.0.0.1:${port}/postgres`;
  const connect = async (user: string, password: string, database = 'postgres'): Promise<pg.Client> => {
    const client = new pg.Client({ host: '127.0.0.1', port, user, password, database, connectionTimeoutMillis: 10_000 });
    client.on('error', () => {});
    await client.connect();
    return client;
  };
  return {
    host: '127.0.0.1',
    port,
    adminUser,
    adminPassword,
    adminUrl,
    async query(sql, values) {
      const client = await connect(adminUser, adminPassword);
      try {
        return await client.query(sql, values);
      } finally {
        await client.end();
      }
    },
    async canLogin(user, password, database = 'postgres') {
      try {
        const client = await connect(user, password, database);
        await client.query('SELECT 1');
        await client.end();
        return true;
      } catch {
        return false;
      }
    },
    async stop() {
      await run(...wrap(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'])).catch(() => {});
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/* ---------------- MariaDB ---------------- */

export interface MariadbServer {
  host: string;
  port: number;
  adminUser: string;
  adminPassword: string;
  adminUrl: string;
  query<T = mysql.RowDataPacket[]>(sql: string, values?: unknown[]): Promise<T>;
  canLogin(user: string, password: string): Promise<boolean>;
  stop(): Promise<void>;
}

function mariadbBins(): { install: string; server: string } | null {
  const install = which('mariadb-install-db') ?? which('mysql_install_db');
  const server = which('mariadbd') ?? which('mysqld');
  return install && server ? { install, server } : null;
}

export function mariadbUnavailable(): string | null {
  return mariadbBins() ? null : 'MariaDB binaries (mariadb-install-db, mariadbd) not installed: apt-get install mariadb-server';
}

export async function startMariadb(): Promise<MariadbServer> {
  const bins = mariadbBins()!;
  const root = mkdtempSync(join(tmpdir(), 'spillkit-mariadb-'));
  const data = join(root, 'data');
  const socket = join(root, 'sock');
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? ['--user=root'] : [];
  await run(bins.install, ['--no-defaults', `--datadir=${data}`, ...user, '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve']);
  const port = await freePort();
  const child: ChildProcess = spawn(bins.server, [
    '--no-defaults', `--datadir=${data}`, `--socket=${socket}`, `--port=${port}`, '--bind-address=127.0.0.1', ...user,
    `--pid-file=${join(root, 'pid')}`, `--log-error=${join(root, 'error.log')}`, '--skip-log-bin', '--innodb-buffer-pool-size=16M',
    '--skip-name-resolve', '--innodb-flush-log-at-trx-commit=0', '--performance-schema=OFF',
  ], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let rootConn: mysql.Connection | null = null;
  for (let i = 0; i < 120 && !rootConn; i++) {
    try {
      rootConn = await mysql.createConnection({ socketPath: socket, user: 'root' });
    } catch {
      if (child.exitCode !== null) throw new Error(`mariadbd exited with ${child.exitCode}; see ${join(root, 'error.log')}`);
      await sleep(250);
    }
  }
  if (!rootConn) throw new Error('mariadbd did not accept connections within 30 s');
  const adminUser = 'spillkit_admin';
  const adminPassword = runtimePassword();
  await rootConn.query('CREATE USER ?@? IDENTIFIED BY ?', [adminUser, '127.0.0.1', adminPassword]);
  await rootConn.query('GRANT ALL PRIVILEGES ON *.* TO ?@? WITH GRANT OPTION', [adminUser, '127.0.0.1']);
  await rootConn.end();
  const connect = (u: string, p: string): Promise<mysql.Connection> => mysql.createConnection({ host: '127.0.0.1', port, user: u, password: p, connectTimeout: 10_000 });
  return {
    host: '127.0.0.1',
    port,
    adminUser,
    adminPassword,
    adminUrl: `mysql://${adminUser}:${adminPassword}@127.0.0.1:${port}`,
    async query<T>(sql: string, values?: unknown[]): Promise<T> {
      const conn = await connect(adminUser, adminPassword);
      try {
        const [rows] = await conn.query(sql, values);
        return rows as T;
      } finally {
        await conn.end();
      }
    },
    async canLogin(u, p) {
      try {
        const conn = await connect(u, p);
        await conn.query('SELECT 1');
        await conn.end();
        return true;
      } catch {
        return false;
      }
    },
    async stop() {
      if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGTERM');
      await Promise.race([exited, sleep(20_000)]);
      if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
      rmSync(root, { recursive: true, force: true });
    },
  };
}
