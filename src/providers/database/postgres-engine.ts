import pg from 'pg';
import type { ConnConfig, DbSession, EngineDriver, PendingChange, Probe, RoleFacts } from './engine.js';
import { scramVerifier } from './password.js';

/**
 * PostgreSQL through `pg`. Every connection setting is given explicitly, so neither the process's
 * PG* variables nor ~/.pgpass choose the server or the login behind the operator's back. Role names are
 * quoted with escapeIdentifier and passwords (as SCRAM verifiers, see password.ts) with escapeLiteral:
 * ALTER ROLE takes no bind parameters.
 */
function clientConfig(c: ConnConfig): pg.ClientConfig {
  return {
    host: c.host,
    port: c.port,
    user: c.user,
    password: c.password,
    database: c.database ?? 'postgres',
    ssl: c.tls === false ? false : { rejectUnauthorized: c.tls.verify },
    connectionTimeoutMillis: c.timeoutMs,
    query_timeout: c.timeoutMs,
    application_name: 'spillkit',
  };
}

async function open(c: ConnConfig): Promise<pg.Client> {
  const client = new pg.Client(clientConfig(c));
  // A server going away mid-step surfaces on the next query; without a listener it would crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return client;
}

/** 28P01 invalid_password, 28000 invalid_authorization_specification (no such role, pg_hba reject, NOLOGIN). */
export function isAuthFailure(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === '28P01' || code === '28000';
}

class PgSession implements DbSession {
  constructor(private readonly client: pg.Client) {}

  async findRole(user: string): Promise<RoleFacts | null> {
    const r = await this.client.query<{ rolname: string; rolcanlogin: boolean; rolsuper: boolean }>('SELECT rolname, rolcanlogin, rolsuper FROM pg_roles WHERE rolname = $1', [user]);
    const row = r.rows[0];
    return row ? { account: row.rolname, canLogin: row.rolcanlogin, superuser: row.rolsuper } : null;
  }

  private async verifierFor(password: string): Promise<string> {
    // SCRAM verifiers exist from PostgreSQL 10; before that the server hashes the literal itself.
    const r = await this.client.query<{ v: string }>('SELECT current_setting($1) AS v', ['server_version_num']);
    return Number(r.rows[0]?.v ?? 0) >= 100000 ? scramVerifier(password) : password;
  }

  async changePassword(role: RoleFacts, password: string): Promise<PendingChange> {
    const verifier = await this.verifierFor(password);
    // ALTER ROLE is transactional: until COMMIT, every new login still needs the old password, and a
    // ROLLBACK (or a dropped connection) leaves it exactly as it was.
    await this.client.query('BEGIN');
    try {
      await this.client.query(`ALTER ROLE ${this.client.escapeIdentifier(role.account)} PASSWORD ${this.client.escapeLiteral(verifier)}`);
    } catch (error) {
      await this.client.query('ROLLBACK').catch(() => {});
      throw error;
    }
    return {
      transactional: true,
      commit: async () => {
        await this.client.query('COMMIT');
      },
      undo: async () => {
        await this.client.query('ROLLBACK');
      },
    };
  }

  async lock(role: RoleFacts, password: string): Promise<string> {
    const ident = this.client.escapeIdentifier(role.account);
    const verifier = await this.verifierFor(password);
    const self = await this.client.query<{ u: string }>('SELECT current_user AS u');
    const isSelf = self.rows[0]?.u === role.account;
    if (isSelf) {
      // The leaked role itself: it may change its own password, not its LOGIN attribute.
      await this.client.query(`ALTER ROLE ${ident} PASSWORD ${this.client.escapeLiteral(verifier)}`);
      return `set an unguessable password nobody holds on role ${role.account} (through the leaked credential; NOLOGIN needs an operator)`;
    }
    await this.client.query(`ALTER ROLE ${ident} NOLOGIN PASSWORD ${this.client.escapeLiteral(verifier)}`);
    const ended = await this.client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND pid <> pg_backend_pid()', [role.account]);
    return `role ${role.account} set NOLOGIN with an unguessable password nobody holds; ${ended.rowCount ?? 0} open session(s) ended`;
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => {});
  }
}

export const postgresDriver: EngineDriver = {
  engine: 'postgres',
  title: 'PostgreSQL',
  async connect(config) {
    return new PgSession(await open(config));
  },
  async probe(config): Promise<Probe> {
    let client: pg.Client | null = null;
    try {
      client = await open(config);
      await client.query('SELECT 1');
      return { state: 'connects' };
    } catch (error) {
      const detail = (error as Error).message;
      return isAuthFailure(error) ? { state: 'denied', detail } : { state: 'error', detail };
    } finally {
      await client?.end().catch(() => {});
    }
  },
};
