import mysql from 'mysql2/promise';
import type { ConnConfig, DbSession, EngineDriver, PendingChange, Probe, RoleFacts } from './engine.js';

/**
 * MySQL and MariaDB through `mysql2`. Account names and passwords go in as `?` values, which mysql2
 * escapes as string literals (`'app'@'%'`); the session first drops NO_BACKSLASH_ESCAPES from its
 * sql_mode so that escaping means what mysql2 assumes. ALTER USER commits on its own, so a change is
 * undone by setting the old password again.
 */
async function open(c: ConnConfig): Promise<mysql.Connection> {
  const conn = await mysql.createConnection({
    host: c.host,
    port: c.port,
    user: c.user,
    password: c.password,
    ...(c.database ? { database: c.database } : {}),
    ...(c.tls === false ? {} : { ssl: { rejectUnauthorized: c.tls.verify } }),
    connectTimeout: c.timeoutMs,
    // No multiple statements, no local infile: a hostile value can only ever be a value.
    multipleStatements: false,
  });
  conn.on('error', () => {});
  await conn.query("SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', '')");
  return conn;
}

/**
 * ER_ACCESS_DENIED_ERROR (1045), ER_ACCOUNT_HAS_BEEN_LOCKED (3118 MySQL, 4151 MariaDB). Not 1044
 * (no access to the database): that one comes after the password was accepted.
 */
export function isAuthFailure(error: unknown): boolean {
  const errno = (error as { errno?: number }).errno;
  return errno === 1045 || errno === 3118 || errno === 4151;
}

interface AccountRow {
  User: string;
  Host: string;
}

class MysqlSession implements DbSession {
  constructor(private readonly conn: mysql.Connection, private readonly accountHost: string | null) {}

  private account(role: RoleFacts): [string, string] {
    const m = /^'(.*)'@'(.*)'$/.exec(role.account)!;
    return [m[1], m[2]];
  }

  async findRole(user: string): Promise<RoleFacts | null> {
    // Logged in as the role itself: CURRENT_USER() is the very account, whatever its host part.
    const [current] = await this.conn.query<mysql.RowDataPacket[]>('SELECT CURRENT_USER() AS cu');
    const cu = String(current[0]?.cu ?? '');
    const at = cu.lastIndexOf('@');
    if (at > 0 && cu.slice(0, at) === user) {
      this.self = true;
      return { account: `'${cu.slice(0, at)}'@'${cu.slice(at + 1)}'`, canLogin: true, superuser: false };
    }
    const [rows] = await this.conn.query<(mysql.RowDataPacket & AccountRow)[]>('SELECT User, Host FROM mysql.user WHERE User = ?', [user]);
    const hosts = rows.map((r) => String(r.Host)).filter((h) => this.accountHost === null || h === this.accountHost);
    if (hosts.length === 0) return null;
    if (hosts.length > 1) {
      throw new AmbiguousAccount(`MySQL has ${hosts.length} accounts named ${user} (hosts ${hosts.map((h) => `'${h}'`).join(', ')}): set SPILLKIT_MYSQL_ACCOUNT_HOST to the one to change`);
    }
    return { account: `'${user}'@'${hosts[0]}'`, canLogin: true, superuser: false };
  }

  /** Set when the session is the role's own (--use-leaked-key): it changes its own password. */
  private self = false;

  private async setPassword(role: RoleFacts, password: string, lock = false): Promise<void> {
    if (this.self) {
      try {
        // MySQL lets an account change its own password this way without any privilege...
        await this.conn.query('ALTER USER CURRENT_USER() IDENTIFIED BY ?', [password]);
      } catch (error) {
        // ...MariaDB wants CREATE USER for that (1227), but not for SET PASSWORD on oneself.
        if ((error as { errno?: number }).errno !== 1227) throw error;
        await this.conn.query('SET PASSWORD = PASSWORD(?)', [password]);
      }
      return;
    }
    const [user, host] = this.account(role);
    await this.conn.query(`ALTER USER ?@? IDENTIFIED BY ?${lock ? ' ACCOUNT LOCK' : ''}`, [user, host, password]);
  }

  async changePassword(role: RoleFacts, password: string, oldPassword: string): Promise<PendingChange> {
    await this.setPassword(role, password);
    return {
      transactional: false,
      commit: async () => {},
      undo: () => this.setPassword(role, oldPassword),
    };
  }

  async lock(role: RoleFacts, password: string): Promise<string> {
    const [user] = this.account(role);
    if (this.self) {
      // The leaked account itself may change its password, not lock itself.
      await this.setPassword(role, password);
      return `set an unguessable password nobody holds on ${role.account} (through the leaked credential; ACCOUNT LOCK needs an operator)`;
    }
    await this.setPassword(role, password, true);
    const [sessions] = await this.conn.query<mysql.RowDataPacket[]>('SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ? AND ID <> CONNECTION_ID()', [user]);
    let ended = 0;
    for (const row of sessions) {
      try {
        await this.conn.query('KILL CONNECTION ?', [Number(row.ID)]);
        ended++;
      } catch {
        // The session ended on its own meanwhile.
      }
    }
    return `account ${role.account} locked with an unguessable password nobody holds; ${ended} open session(s) ended`;
  }

  async close(): Promise<void> {
    await this.conn.end().catch(() => {});
  }
}

export class AmbiguousAccount extends Error {}

export function mysqlDriver(accountHost: string | null): EngineDriver {
  return {
    engine: 'mysql',
    title: 'MySQL / MariaDB',
    async connect(config) {
      return new MysqlSession(await open(config), accountHost);
    },
    async probe(config): Promise<Probe> {
      let conn: mysql.Connection | null = null;
      try {
        conn = await open(config);
        await conn.query('SELECT 1');
        return { state: 'connects' };
      } catch (error) {
        const detail = (error as Error).message;
        return isAuthFailure(error) ? { state: 'denied', detail } : { state: 'error', detail };
      } finally {
        await conn?.end().catch(() => {});
      }
    },
  };
}
