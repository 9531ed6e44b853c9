import type { Credential } from '../contract.js';

/**
 * The leaked connection URI around a database password finding: the rules capture the password alone,
 * so the URI is read from the text around it (Credential.context), from its scheme up to the first
 * character a URI cannot hold in the file (space, quote, backtick, angle bracket, backslash).
 *
 * The new URI is the leaked one with exactly the password's characters replaced, so everything else
 * (host, port, database, query parameters like sslmode) stays byte for byte as it was.
 */
export type Engine = 'postgres' | 'mysql';

export interface DbUri {
  engine: Engine;
  /** The URI as it appears in the file. */
  text: string;
  /** Where the password (the finding's secret, as written: maybe percent-encoded) starts and ends in `text`. */
  passwordStart: number;
  passwordEnd: number;
  /** Decoded parts. */
  user: string;
  password: string;
  host: string;
  port: number;
  database: string | null;
  params: URLSearchParams;
}

const SCHEMES: Record<Engine, RegExp> = {
  postgres: /(?:postgres(?:ql)?|postgis)(?:\+[a-z0-9]+)?:\/\/([^\s:@/'"]{1,128}):$/i,
  mysql: /(?:mysqlx?|mariadb)(?:\+[a-z0-9]+)?:\/\/([^\s:@/'"]{1,128}):$/i,
};
const DEFAULT_PORTS: Record<Engine, number> = { postgres: 5432, mysql: 3306 };

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** The leaked URI of a credential, or null when the finding is a password without one (a conninfo string, MYSQL_PASSWORD=). */
export function leakedUri(cred: Credential, engine: Engine): DbUri | null {
  const context = cred.context;
  if (!context) return null;
  const before = context.text.slice(Math.max(0, context.at - 400), context.at);
  const scheme = SCHEMES[engine].exec(before);
  if (!scheme) return null;
  const start = context.at - scheme[0].length;
  const passwordEnd = context.at + cred.secret.length;
  if (context.text[passwordEnd] !== '@') return null;
  let end = passwordEnd;
  while (end < context.text.length && !/[\s'"`<>\\]/.test(context.text[end])) end++;
  let text = context.text.slice(start, end);
  while (/[),;]$/.test(text)) text = text.slice(0, -1);
  const rest = text.slice(scheme[0].length + cred.secret.length + 1);
  // The part after '@' parses as a URL authority and path under a neutral scheme.
  let url: URL;
  try {
    url = new URL(`spillkit://${rest}`);
  } catch {
    return null;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) return null;
  const database = decode(url.pathname.replace(/^\//, '')) || null;
  return {
    engine,
    text,
    passwordStart: scheme[0].length,
    passwordEnd: scheme[0].length + cred.secret.length,
    user: decode(scheme[1]),
    password: decode(cred.secret),
    host,
    port: url.port ? Number(url.port) : DEFAULT_PORTS[engine],
    database,
    params: url.searchParams,
  };
}

/** The same URI with another password (one that needs no percent-encoding). */
export function withPassword(uri: DbUri, password: string): string {
  return `${uri.text.slice(0, uri.passwordStart)}${password}${uri.text.slice(uri.passwordEnd)}`;
}

/** `role@host:port/db`, safe to print (no password). */
export function describeUri(uri: DbUri): string {
  const host = uri.host.includes(':') ? `[${uri.host}]` : uri.host;
  return `${uri.user}@${host}:${uri.port}${uri.database ? `/${uri.database}` : ''}`;
}
