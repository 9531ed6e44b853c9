import { SpillkitError } from '../../errors.js';
import { httpTuning } from '../http.js';
import type { DbUri, Engine } from './uri.js';

/**
 * What the database adapter needs of a server, the same for PostgreSQL and MySQL/MariaDB: connect,
 * find the role, change its password in a way that can be undone until delivery is done, lock it.
 */
export interface ConnConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string | null;
  /** TLS as the URI asks (`sslmode=require`…): false, or whether to verify the server certificate. */
  tls: false | { verify: boolean };
  timeoutMs: number;
}

export interface RoleFacts {
  /** The account as the server names it: `app` (PostgreSQL), `'app'@'%'` (MySQL). */
  account: string;
  canLogin: boolean;
  superuser: boolean;
}

/** A password change made but not final: committed once delivery is done, undone if it fails. */
export interface PendingChange {
  /** True when the change is in a transaction: until commit, nothing has changed for anyone else. */
  transactional: boolean;
  commit(): Promise<void>;
  /** Restores the old password (a rollback, or setting it again). */
  undo(): Promise<void>;
}

export interface DbSession {
  findRole(user: string): Promise<RoleFacts | null>;
  /** Starts the change of `role`'s password to `password` (see PendingChange). */
  changePassword(role: RoleFacts, password: string, oldPassword: string): Promise<PendingChange>;
  /** Revocation: an unguessable password nobody keeps, login refused, the role's open sessions ended. */
  lock(role: RoleFacts, password: string): Promise<string>;
  close(): Promise<void>;
}

export type Probe = { state: 'connects' } | { state: 'denied'; detail: string } | { state: 'error'; detail: string };

export interface EngineDriver {
  engine: Engine;
  title: string;
  connect(config: ConnConfig): Promise<DbSession>;
  /** Connects with these credentials and runs SELECT 1: does the server accept them? */
  probe(config: ConnConfig): Promise<Probe>;
}

/** The TLS a URI asks for, in its engine's words (`sslmode`, `ssl-mode`, `ssl`). */
export function tlsOf(uri: { params: URLSearchParams }): ConnConfig['tls'] {
  const mode = (uri.params.get('sslmode') ?? uri.params.get('ssl-mode') ?? uri.params.get('ssl_mode') ?? '').toLowerCase();
  const ssl = (uri.params.get('ssl') ?? '').toLowerCase();
  if (['verify-full', 'verify-ca', 'verify_identity', 'verify_ca'].includes(mode)) return { verify: true };
  if (['require', 'required'].includes(mode) || ssl === 'true' || ssl === '1') return { verify: false };
  return false;
}

/** The leaked credential as a connection. */
export function leakedConfig(uri: DbUri, env: NodeJS.ProcessEnv, password: string = uri.password): ConnConfig {
  return { host: uri.host, port: uri.port, user: uri.user, password, database: uri.database, tls: tlsOf(uri), timeoutMs: httpTuning(env).timeoutMs };
}

const ADMIN_URL: Record<Engine, string> = { postgres: 'SPILLKIT_PG_ADMIN_URL', mysql: 'SPILLKIT_MYSQL_ADMIN_URL' };

/**
 * The operator's connection: SPILLKIT_PG_ADMIN_URL / SPILLKIT_MYSQL_ADMIN_URL (a URI with a role allowed
 * to change passwords); for PostgreSQL also libpq's PGUSER/PGPASSWORD (with PGHOST, PGPORT, PGDATABASE,
 * each defaulting to the leaked URI's server). Null when none is set.
 */
export function operatorConfig(engine: Engine, uri: DbUri, env: NodeJS.ProcessEnv): ConnConfig | null {
  const timeoutMs = httpTuning(env).timeoutMs;
  const admin = env[ADMIN_URL[engine]]?.trim();
  if (admin) {
    let url: URL;
    try {
      url = new URL(admin.replace(/^[a-z0-9+]+:\/\//i, 'spillkit://'));
    } catch {
      throw new SpillkitError('USAGE', `${ADMIN_URL[engine]} is not a connection URI`);
    }
    const decode = (s: string): string => decodeURIComponent(s);
    return {
      host: url.hostname.replace(/^\[|\]$/g, '') || uri.host,
      port: url.port ? Number(url.port) : uri.port,
      user: decode(url.username),
      password: decode(url.password),
      database: decode(url.pathname.replace(/^\//, '')) || (engine === 'postgres' ? 'postgres' : null),
      tls: tlsOf({ params: url.searchParams }),
      timeoutMs,
    };
  }
  if (engine === 'postgres' && env.PGUSER?.trim()) {
    return {
      host: env.PGHOST?.trim() || uri.host,
      port: env.PGPORT ? Number(env.PGPORT) : uri.port,
      user: env.PGUSER.trim(),
      password: env.PGPASSWORD ?? '',
      database: env.PGDATABASE?.trim() || 'postgres',
      tls: env.PGSSLMODE ? tlsOf({ params: new URLSearchParams({ sslmode: env.PGSSLMODE }) }) : tlsOf(uri),
      timeoutMs,
    };
  }
  return null;
}

export function noOperatorMessage(engine: Engine): string {
  const vars = engine === 'postgres' ? 'SPILLKIT_PG_ADMIN_URL (or PGUSER/PGPASSWORD, with PGHOST/PGPORT)' : 'SPILLKIT_MYSQL_ADMIN_URL';
  return `no operator connection: set ${vars} to a login allowed to change passwords, or pass --use-leaked-key to let the leaked credential change its own password`;
}
