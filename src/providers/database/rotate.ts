import { ok, refused, unknown, type Credential, type Outcome, type ProviderContext, type RotateOptions, type RotateResult } from '../contract.js';
import { deliveryVariable, describeDelivery } from '../delivery-name.js';
import { scrub } from '../http.js';
import { operatorConfig, leakedConfig, noOperatorMessage, type DbSession, type EngineDriver, type PendingChange, type RoleFacts } from './engine.js';
import { newPassword } from './password.js';
import { describeUri, withPassword, type DbUri } from './uri.js';

/**
 * Rotating a database password. A role has one password at a time, so the usual "create the new one,
 * deliver it, retire the old one" becomes, in this order:
 *
 * 1. check the delivery target can be written (ctx.checkDelivery: no write anywhere yet);
 * 2. connect as the operator (or, when the user chose --use-leaked-key, as the leaked role itself) and
 *    find the role;
 * 3. change the password: PostgreSQL inside a transaction (nothing changes for anyone until COMMIT),
 *    MySQL/MariaDB with ALTER USER (in effect at once);
 * 4. deliver the new URI (the leaked one with only the password replaced);
 * 5. if delivery fails, undo: ROLLBACK (PostgreSQL) or the old password set again (MySQL), so the old
 *    password stays active and the service keeps working. Only if that undo also fails is the new URI
 *    written to a 0600 recovery file of the incident (never printed), and the message says where;
 * 6. commit, then check the new URI connects and the old password is refused.
 *
 * A crash between 4 and 6 on PostgreSQL drops the connection, which rolls back: the old password is
 * still the one, the target holds a URI that does not work yet, and running rotate again fixes both.
 */
export interface DbCall {
  driver: EngineDriver;
  uri: DbUri;
}

function journal(ctx: ProviderContext, engine: string, call: string, outcome: string, extra: Record<string, unknown> = {}): void {
  ctx.record('provider-call', { provider: engine, call, outcome, ...extra });
}

/** The session to change passwords through: the operator's, or the leaked role's own when the user chose it. */
export async function openSession(ctx: ProviderContext, db: DbCall, useLeaked: boolean): Promise<Outcome<{ session: DbSession; signedBy: 'operator' | 'leaked-credential' }>> {
  const { driver, uri } = db;
  const config = useLeaked ? leakedConfig(uri, ctx.env) : operatorConfig(driver.engine, uri, ctx.env);
  // 'manual': without an operator connection a person has to act, which is what callers hand to the checklist.
  if (!config) return refused('manual', noOperatorMessage(driver.engine));
  const signedBy = useLeaked ? 'leaked-credential' : 'operator';
  try {
    const session = await driver.connect(config);
    journal(ctx, driver.engine, 'connect', 'ok', { signedBy, server: `${config.host}:${config.port}` });
    return ok({ session, signedBy });
  } catch (error) {
    const message = scrub((error as Error).message, [uri.password, config.password]);
    journal(ctx, driver.engine, 'connect', 'failed', { signedBy, server: `${config.host}:${config.port}` });
    return unknown('connect-failed', `could not connect to ${driver.title} at ${config.host}:${config.port} as ${useLeaked ? 'the leaked role' : `operator ${config.user}`}: ${message}`);
  }
}

export async function findRole(ctx: ProviderContext, db: DbCall, session: DbSession): Promise<Outcome<RoleFacts>> {
  try {
    const role = await session.findRole(db.uri.user);
    journal(ctx, db.driver.engine, 'find role', role ? 'found' : 'not found');
    if (!role) return refused('no-such-role', `${db.driver.title} has no role ${db.uri.user} on ${db.uri.host}:${db.uri.port}: already dropped, or the operator connection reaches another server`);
    return ok(role);
  } catch (error) {
    journal(ctx, db.driver.engine, 'find role', 'failed');
    return refused('role-lookup-failed', scrub((error as Error).message, [db.uri.password]));
  }
}

export async function rotateDatabasePassword(cred: Credential, ctx: ProviderContext, opts: RotateOptions, db: DbCall): Promise<Outcome<RotateResult>> {
  const { driver, uri } = db;
  const who = describeUri(uri);
  const target = describeDelivery(opts.delivery);
  const variable = deliveryVariable(opts.delivery, cred.secret, 'DATABASE_URL');
  const useLeaked = opts.useLeakedCredential === true;

  // 1. The target first: a password must not change unless its new value has somewhere to go.
  if (ctx.checkDelivery) {
    try {
      await ctx.checkDelivery(opts.delivery);
    } catch (error) {
      return refused('delivery-unavailable', `${target} cannot take the new URI (${scrub((error as Error).message, [uri.password])}); nothing was changed: the old password of ${who} is still active`);
    }
  }
  // 2. The session that will change it, and the role.
  const opened = await openSession(ctx, db, useLeaked);
  if (opened.state !== 'ok') return opened;
  const { session, signedBy } = opened.value;
  try {
    const role = await findRole(ctx, db, session);
    if (role.state !== 'ok') return role;
    const how = driver.engine === 'postgres' ? 'ALTER ROLE … PASSWORD (a SCRAM verifier), in a transaction committed after delivery' : 'ALTER USER … IDENTIFIED BY';
    if (ctx.dryRun) {
      return ok({ action: `dry run: would set a new password for ${role.value.account} on ${uri.host}:${uri.port} (${how}${signedBy === 'leaked-credential' ? ', through the leaked credential' : ''}), deliver the new URI as ${variable} to ${target}, then check it connects`, newKeyId: null, delivered: [], old: 'left active' });
    }
    // 3. The change.
    const password = newPassword();
    const newUri = withPassword(uri, password);
    const secrets = [uri.password, cred.secret, password, newUri];
    let change: PendingChange;
    try {
      change = await session.changePassword(role.value, password, uri.password);
      journal(ctx, driver.engine, driver.engine === 'postgres' ? 'ALTER ROLE PASSWORD (uncommitted)' : 'ALTER USER IDENTIFIED BY', 'ok', { role: role.value.account, signedBy });
    } catch (error) {
      journal(ctx, driver.engine, 'change password', 'failed', { role: role.value.account, signedBy });
      return refused('alter-failed', `${driver.title} refused to change the password of ${role.value.account}: ${scrub((error as Error).message, secrets)}; the old password is still active`);
    }
    // 4. Delivery, 5. undone if it fails.
    try {
      await ctx.deliver(opts.delivery, { [variable]: newUri });
    } catch (error) {
      const why = scrub((error as Error).message, secrets);
      return await undoAfterFailedDelivery(ctx, db, change, role.value, newUri, `could not deliver the new URI to ${target} (${why})`);
    }
    // 6. Final, then checked from outside.
    try {
      await change.commit();
      if (change.transactional) journal(ctx, driver.engine, 'COMMIT', 'ok', { role: role.value.account });
    } catch (error) {
      journal(ctx, driver.engine, 'COMMIT', 'failed', { role: role.value.account });
      return await settleUncertainCommit(ctx, db, variable, target, scrub((error as Error).message, secrets), password);
    }
    return ok(await confirmRotation(ctx, db, role.value, variable, target, password, signedBy));
  } finally {
    await session.close();
  }
}

async function undoAfterFailedDelivery(ctx: ProviderContext, db: DbCall, change: PendingChange, role: RoleFacts, newUri: string, failure: string): Promise<Outcome<RotateResult>> {
  const { driver } = db;
  try {
    await change.undo();
    journal(ctx, driver.engine, change.transactional ? 'ROLLBACK' : 'restore old password', 'ok', { role: role.account });
    const undone = change.transactional ? 'the password change was rolled back (never committed)' : 'the old password was set again';
    return refused('delivery-failed', `${failure}; ${undone}: the old password of ${role.account} is still active, nothing changed for its users`);
  } catch (error) {
    journal(ctx, driver.engine, 'undo password change', 'failed', { role: role.account });
    const why = scrub((error as Error).message, [newUri, db.uri.password]);
    const file = ctx.saveRecovery?.(`${driver.engine}-${role.account}`, `${newUri}\n`);
    const kept = file ? `the new URI is kept in ${file} (mode 0600): deliver it by hand, then delete the file` : 'the new password is lost: set another through the operator connection (run rotate again)';
    return unknown('delivery-failed', `${failure}, and undoing the change failed too (${why}): the OLD PASSWORD NO LONGER WORKS for ${role.account}; ${kept}`);
  }
}

/** A COMMIT that failed or went unanswered: the server says which password now works. */
async function settleUncertainCommit(ctx: ProviderContext, db: DbCall, variable: string, target: string, why: string, password: string): Promise<Outcome<RotateResult>> {
  const { driver, uri } = db;
  const fresh = await driver.probe(leakedConfig(uri, ctx.env, password));
  if (fresh.state === 'connects') {
    return ok({ action: `set a new password for ${uri.user} (the COMMIT answer was lost: ${why}, but the new URI connects) and delivered it as ${variable} to ${target}`, newKeyId: null, delivered: [variable], old: 'deleted' });
  }
  return unknown('commit-failed', `the COMMIT of the new password failed (${why}): the old password of ${uri.user} is still active, but ${target} now holds a URI that does not work: run rotate again`);
}

async function confirmRotation(ctx: ProviderContext, db: DbCall, role: RoleFacts, variable: string, target: string, password: string, signedBy: string): Promise<RotateResult> {
  const { driver, uri } = db;
  const fresh = await driver.probe(leakedConfig(uri, ctx.env, password));
  const stale = await driver.probe(leakedConfig(uri, ctx.env));
  journal(ctx, driver.engine, 'connect with the new URI', fresh.state);
  journal(ctx, driver.engine, 'connect with the leaked password', stale.state);
  const checks = [
    fresh.state === 'connects' ? 'the new URI connects' : `the new URI does NOT connect yet (${scrub(fresh.detail, [password, uri.password])})`,
    stale.state === 'denied' ? 'the leaked password is refused' : stale.state === 'connects' ? 'the leaked password STILL connects' : `the leaked password could not be tried (${scrub(stale.detail, [password, uri.password])})`,
  ];
  const through = signedBy === 'leaked-credential' ? ' through the leaked credential itself' : '';
  return {
    action: `set a new password for ${role.account} on ${uri.host}:${uri.port}${through} and delivered the new URI as ${variable} to ${target}; ${checks.join('; ')}; sessions opened before keep running until they end`,
    newKeyId: null,
    delivered: [variable],
    old: stale.state === 'connects' ? 'left active' : 'deleted',
  };
}
