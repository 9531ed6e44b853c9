/**
 * PostgreSQL and MySQL/MariaDB roles whose connection URI leaked (rules postgres-uri-password and
 * mysql-uri-password). Identify reads the URI (role, server, database: no network); verify logs in with
 * it; rotate sets a new password and delivers the new URI (rotate.ts); revoke sets an unguessable
 * password nobody keeps and refuses further logins (NOLOGIN / ACCOUNT LOCK), ending the role's open
 * sessions. The changes go through the operator's connection (SPILLKIT_PG_ADMIN_URL or PGUSER/PGPASSWORD;
 * SPILLKIT_MYSQL_ADMIN_URL), or, when the user chose --use-leaked-key, through the leaked role itself.
 * A finding without a URI (a conninfo string, MYSQL_PASSWORD=) names no server: it gets the checklist.
 */
import { ok, refused, unknown, type Credential, type Outcome, type ProviderAdapter } from '../contract.js';
import { consoleEntryFor, manualStepFor } from '../consoles.js';
import { scrub } from '../http.js';
import { leakedConfig, type EngineDriver } from './engine.js';
import { mysqlDriver } from './mysql-engine.js';
import { newPassword } from './password.js';
import { postgresDriver } from './postgres-engine.js';
import { findRole, openSession, rotateDatabasePassword } from './rotate.js';
import { describeUri, leakedUri, type DbUri, type Engine } from './uri.js';

function driverFor(engine: Engine, env: NodeJS.ProcessEnv): EngineDriver {
  return engine === 'postgres' ? postgresDriver : mysqlDriver(env.SPILLKIT_MYSQL_ACCOUNT_HOST?.trim() || null);
}

export function createDatabaseAdapter(engine: Engine): ProviderAdapter {
  const entry = consoleEntryFor(engine);
  const title = engine === 'postgres' ? 'PostgreSQL' : 'MySQL / MariaDB';
  const uriOf = (cred: Credential): DbUri | null => leakedUri(cred, engine);
  const noUri = <T>(): Outcome<T> => refused('manual', `this ${title} password was not found inside a connection URI, so spillkit cannot tell its server and role: see the manual steps`);

  return {
    id: engine,
    title,
    async identify(cred) {
      const found = uriOf(cred);
      if (!found) return noUri();
      const u = found;
      return ok({ owner: u.user, account: describeUri(u).slice(u.user.length + 1), scopes: [], keyId: describeUri(u), details: { host: u.host, port: String(u.port), ...(u.database ? { database: u.database } : {}) } });
    },
    async verify(cred, ctx) {
      const found = uriOf(cred);
      if (!found) return noUri();
      const probe = await driverFor(engine, ctx.env).probe(leakedConfig(found, ctx.env));
      ctx.record('provider-call', { provider: engine, call: 'connect with the leaked URI', outcome: probe.state });
      if (probe.state === 'connects') return ok({ live: true, detail: `${describeUri(found)} accepts the leaked password` });
      if (probe.state === 'denied') return ok({ live: false, detail: `${describeUri(found)} refuses the leaked password` });
      return unknown('connect-failed', `could not reach ${describeUri(found)}: ${scrub(probe.detail, [found.password])}`);
    },
    async evidence() {
      return unknown('no-api', `${title} keeps no last-use time for a role: read the server's connection log (log_connections / the general or audit log) for logins of the role since the leak`);
    },
    async revoke(cred, ctx, opts) {
      const found = uriOf(cred);
      if (!found) return noUri();
      const db = { driver: driverFor(engine, ctx.env), uri: found };
      const opened = await openSession(ctx, db, opts.useLeakedCredential === true);
      if (opened.state !== 'ok') return opened;
      const { session, signedBy } = opened.value;
      try {
        const role = await findRole(ctx, db, session);
        if (role.state !== 'ok') return role;
        const lock = engine === 'postgres' ? 'NOLOGIN' : 'ACCOUNT LOCK';
        if (ctx.dryRun) return ok({ action: `dry run: would set an unguessable password on ${role.value.account} and ${lock} it, ending its open sessions`, reversible: false });
        try {
          const done = await session.lock(role.value, newPassword(40));
          ctx.record('provider-call', { provider: engine, call: `lock role (${lock})`, outcome: 'ok', signedBy, role: role.value.account });
          return ok({ action: done, reversible: false });
        } catch (error) {
          ctx.record('provider-call', { provider: engine, call: `lock role (${lock})`, outcome: 'failed', signedBy, role: role.value.account });
          return refused('lock-failed', `${title} refused to lock ${role.value.account}: ${scrub((error as Error).message, [found.password])}`);
        }
      } finally {
        await session.close();
      }
    },
    async rotate(cred, ctx, opts) {
      const found = uriOf(cred);
      if (!found) return noUri();
      return rotateDatabasePassword(cred, ctx, opts, { driver: driverFor(engine, ctx.env), uri: found });
    },
    manualSteps: (cred) => [manualStepFor(entry, cred)],
  };
}
