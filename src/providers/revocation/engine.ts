/**
 * Revocation and rotation for every row of the table, the same way: choose whose credential acts
 * (the operator's; the leaked key only when the user chose it), find the key at the provider, refuse
 * when it cannot be told which key it is or whose, then end it. A rotation creates the replacement,
 * delivers it, proves it live, and only then retires the old key; a failure anywhere before that
 * leaves the old key active and says so.
 */
import { checkWithRow } from '../../verify/check.js';
import { validatorFor } from '../../verify/validators/index.js';
import { ok, refused, unknown, type Credential, type Outcome, type ProviderContext, type RevokeOptions, type RevokeResult, type RotateOptions, type RotateResult } from '../contract.js';
import { deliveryVariable, describeDelivery } from '../delivery-name.js';
import { errorText, scrub, type JsonResponse } from '../http.js';
import { operatorSecret, rowCall, type OperatorSecret } from './call.js';
import type { Authority, Located, RevocationRow } from './row.js';
import { tail } from './rows/shared.js';

interface Acting {
  authority: Authority;
  operator: OperatorSecret | null;
}

/** Whose credential acts, or why none may. */
export function chooseAuthority(row: RevocationRow, cred: Credential, ctx: ProviderContext, useLeaked: boolean): Outcome<Acting> {
  const operator = operatorSecret(row.operator, ctx.env);
  if (row.unauthenticated) return ok({ authority: 'none', operator });
  const leakedValues = [cred.secret, cred.pair?.secret].filter((v): v is string => Boolean(v));
  if (useLeaked) {
    if (!row.selfRevoke || !row.leakedAuth) {
      const instead = row.operator ? `: set ${row.operator.env[0]} to an operator credential that ${row.operator.needs}` : '';
      return refused('no-self-revoke', `${row.title} does not let a key revoke itself${instead}`);
    }
    return ok({ authority: 'leaked', operator: null });
  }
  const selfHint = row.selfRevoke ? ', or choose --use-leaked-key to have the leaked key revoke itself' : '';
  if (operator && leakedValues.includes(operator.secret)) {
    return refused('operator-is-leaked', `${operator.variable} holds the leaked credential itself: set it to an operator credential that ${row.operator!.needs}${selfHint}`);
  }
  if (!operator || !row.operator) {
    const where = row.operator ? `set ${row.operator.env.join(' or ')}${row.operator.userEnv ? ` with ${row.operator.userEnv.join(' or ')}` : ''} to an operator credential that ${row.operator.needs}` : `${row.title} offers no operator API for this`;
    return refused('no-operator-credential', `${where}${selfHint}`);
  }
  return ok({ authority: 'operator', operator });
}

function whose(target: Located): string {
  const parts = [target.owner, target.account].filter((p): p is string => Boolean(p));
  return parts.length ? ` of ${parts.join(' @ ')}` : '';
}

/** `--expect-owner`: the key's owner or account must be the one the operator named. */
function ownerProblem(target: Located, expected: string | undefined): string | null {
  if (!expected) return null;
  const want = expected.trim().toLowerCase();
  const seen = [target.owner, target.account, ...Object.values(target.params ?? {})].filter((p): p is string => Boolean(p));
  if (seen.some((p) => p.toLowerCase() === want)) return null;
  return seen.length
    ? `the key belongs to ${[target.owner, target.account].filter(Boolean).join(' @ ') || 'someone else'}, not ${expected}: nothing was changed`
    : `the provider does not say whose key this is, so it cannot be matched to ${expected}: nothing was changed`;
}

const byWhom = (acting: Acting): string =>
  acting.authority === 'leaked' ? 'with the leaked key itself, as you chose' : acting.authority === 'none' ? 'unauthenticated' : `with the operator credential in ${acting.operator!.variable}`;

/** Reads the answer to a revoke call: done, already gone, or why not. */
function revokeVerdict(row: RevocationRow, res: JsonResponse, acting: Acting, secrets: string[]): Outcome<'done' | 'gone'> {
  if (res.status >= 200 && res.status < 300) return ok('done');
  if (res.status === 404 || res.status === 410) return ok('gone');
  const said = scrub(errorText(res.body), secrets);
  const why = said ? ` (${said})` : '';
  if (res.status === 401 && acting.authority === 'leaked') return ok('gone');
  if (res.status === 401) return refused('operator-rejected', `${row.title} does not accept the operator credential in ${acting.operator?.variable ?? 'the environment'}${why}: nothing was revoked`);
  if (res.status === 403) {
    const needs = acting.authority === 'operator' && row.operator ? `: the operator credential must be one that ${row.operator.needs}` : '';
    return refused('denied', `${row.title} refused to ${row.effect}${why}${needs}`);
  }
  return refused('rejected', `${row.title} answered HTTP ${res.status} to ${row.effect}${why}`);
}

export async function locateWithRow(row: RevocationRow, cred: Credential, ctx: ProviderContext, useLeaked: boolean): Promise<Outcome<{ acting: Acting; target: Located }>> {
  if (!row.rules.includes(cred.finding.rule)) return refused('manual', `${row.title} has no API spillkit uses for a ${cred.finding.rule} credential: see the manual steps`);
  const acting = chooseAuthority(row, cred, ctx, useLeaked);
  if (acting.state !== 'ok') return acting;
  const call = rowCall(row, cred, ctx, acting.value.authority, acting.value.operator);
  const target = await row.locate(call, cred, acting.value.authority);
  if (target.state !== 'ok') return target;
  return ok({ acting: acting.value, target: target.value });
}

export async function revokeWithRow(row: RevocationRow, cred: Credential, ctx: ProviderContext, opts: RevokeOptions): Promise<Outcome<RevokeResult>> {
  const located = await locateWithRow(row, cred, ctx, opts.useLeakedCredential === true);
  // A key the provider already rejects is contained: nothing is left to revoke.
  if (located.state === 'refused' && located.code === 'already-invalid') return ok({ action: located.message, reversible: false });
  if (located.state !== 'ok') return located;
  const { acting, target } = located.value;
  const mismatch = ownerProblem(target, opts.expectOwner);
  if (mismatch) return refused('owner-mismatch', mismatch);
  const what = `${target.label}${whose(target)}`;
  if (acting.authority === 'leaked') ctx.record('revoke-with-leaked-key', { provider: row.provider, chosen: 'by the user (--use-leaked-key)' });
  if (ctx.dryRun) return ok({ action: `dry run: would ${row.effect} ${what} (${byWhom(acting)})`, reversible: row.reversible });
  const call = rowCall(row, cred, ctx, acting.authority, acting.operator);
  const answer = await row.revoke(call, target, acting.authority);
  if (answer.state !== 'ok') return answer;
  const verdict = revokeVerdict(row, answer.value, acting, [cred.secret, ...(acting.operator ? [acting.operator.secret] : [])]);
  if (verdict.state !== 'ok') return verdict;
  const done = verdict.value === 'gone' ? `already gone at ${row.title} (HTTP ${answer.value.status}): ${what} no longer exists` : `${row.title}: ${row.effect} ${what} — done (HTTP ${answer.value.status})`;
  return ok({ action: `${done}, ${byWhom(acting)}`, reversible: row.reversible && verdict.value === 'done' });
}

/** The variable the replacement goes under: the one that holds the leaked key in the target, else the row's. */
function variableFor(row: RevocationRow, cred: Credential, opts: RotateOptions, ctx: ProviderContext): string {
  const fallback = ctx.env[`SPILLKIT_${row.provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_VAR`]?.trim() || `${row.provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`;
  return deliveryVariable(opts.delivery, cred.secret, fallback);
}

export async function rotateWithRow(row: RevocationRow, cred: Credential, ctx: ProviderContext, opts: RotateOptions & { useLeakedCredential?: boolean; expectOwner?: string }): Promise<Outcome<RotateResult>> {
  const spec = row.rotate;
  if (!spec) return refused('no-rotate', `${row.title} has no API to create a replacement: create it in the console, deliver it, then run spillkit revoke`);
  const located = await locateWithRow(row, cred, ctx, opts.useLeakedCredential === true);
  if (located.state !== 'ok') return located;
  const { acting, target } = located.value;
  const mismatch = ownerProblem(target, opts.expectOwner);
  if (mismatch) return refused('owner-mismatch', mismatch);
  const variable = variableFor(row, cred, opts, ctx);
  const destination = describeDelivery(opts.delivery);
  const retire = `${row.effect} ${target.label}${whose(target)}`;
  if (ctx.dryRun) {
    return ok({ action: `dry run: would create a new ${row.title} key (${byWhom(acting)}), deliver it as ${variable} to ${destination}, check it works, then ${retire}`, newKeyId: null, delivered: [], old: 'left active' });
  }
  const call = rowCall(row, cred, ctx, acting.authority, acting.operator);
  const created = await spec.create(call, target, cred);
  if (created.state !== 'ok') {
    return { ...created, message: `could not create the replacement: ${created.message}; the leaked key was left active` };
  }
  const fresh = created.value;
  const secrets = [cred.secret, fresh.secret, ...(acting.operator ? [acting.operator.secret] : [])];
  const freshCall = rowCall(row, cred, ctx, acting.authority, acting.operator, [fresh.secret]);
  const undo = async (why: string): Promise<string> => {
    const discarded = await spec.discard(freshCall, fresh, target);
    const gone = discarded.state === 'ok' ? `the new key ${fresh.label} was deleted again` : `the new key ${fresh.label} could not be deleted (${discarded.message}): delete it in the console`;
    ctx.record('provider-call', { provider: row.provider, call: 'discard new key', status: discarded.state });
    return `${why}; ${gone}; the leaked key was left active`;
  };

  try {
    await ctx.deliver(opts.delivery, { ...fresh.extra, [variable]: fresh.secret });
  } catch (error) {
    ctx.record('provider-call', { provider: row.provider, call: 'deliver new key', status: 'failed', target: destination });
    return unknown('delivery-failed', await undo(`the new key could not be delivered to ${destination} (${scrub((error as Error).message, secrets)})`));
  }
  ctx.record('provider-call', { provider: row.provider, call: 'deliver new key', status: 'ok', target: destination, variable });
  const delivered = [...Object.keys(fresh.extra ?? {}), variable];

  const validator = validatorFor(cred.finding.rule);
  let proof = 'not checked (no live check for this kind)';
  if (validator?.kind === 'row') {
    const verdict = await checkWithRow(validator.row, fresh.secret, cred.pair?.secret, ctx);
    if (verdict.state !== 'live') {
      return ok({
        action: `new key ${fresh.label} delivered as ${variable} to ${destination}, but it does not answer as live yet (${verdict.detail}): the leaked key was left active; check the new key, then run spillkit revoke`,
        newKeyId: tail(fresh.id), delivered, old: 'left active',
      });
    }
    proof = 'checked live';
  }
  const retired = await row.revoke(freshCall, target, acting.authority);
  const verdict = retired.state === 'ok' ? revokeVerdict(row, retired.value, acting, secrets) : retired;
  const made = `new key ${fresh.label} created, delivered as ${variable} to ${destination} and ${proof}`;
  if (verdict.state !== 'ok') {
    return ok({ action: `${made}; retiring the leaked key failed (${verdict.code}: ${verdict.message}): it is still active, run spillkit revoke`, newKeyId: tail(fresh.id), delivered, old: 'left active' });
  }
  return ok({ action: `${made}; then ${retire} (${byWhom(acting)})`, newKeyId: tail(fresh.id), delivered, old: row.reversible ? 'deactivated' : 'deleted' });
}
