import type { AccessKey } from '@aws-sdk/client-iam';
import type { Credential, Outcome, ProviderContext, RotateOptions, RotateResult } from '../contract.js';
import { scrub } from './errors.js';
import { beginIntent, endIntent, intentProgress } from '../intent.js';
import { createKey, deactivateKey, deleteKey, listKeys } from './key-admin.js';
import { limitMessage, makeRoom } from './key-limit.js';
import { CREATE_CALL, recoverInterruptedRotation, rotationSubject } from './rotate-recovery.js';
import { awsKeyOf, shortKeyId, type AwsKey } from './key.js';
import { missingKeyId, temporaryKey, unsupportedKey } from './no-key.js';
import { explainOwnerFailure, lookUpOwner } from './owner.js';

/** The variables a rotated AWS key is delivered as: what every SDK and the CLI read. */
const DELIVERED = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];

const failed = <T>(state: 'refused' | 'unknown', code: string, message: string): Outcome<T> => ({ state, code, message });

/** Undo after a failed delivery: the new key goes, the old one stays active, nothing is lost. */
async function undoCreate(ctx: ProviderContext, key: AwsKey, user: string, created: AccessKey, reason: string, oldDeleted: boolean, intent: string): Promise<Outcome<RotateResult>> {
  const newId = created.AccessKeyId ?? '?';
  const removed = await deleteKey(ctx, key, user, newId, [created.SecretAccessKey ?? '']);
  endIntent(ctx, intent, removed.state === 'ok' ? 'undone' : 'failed', { newKeyId: shortKeyId(newId) });
  const cleanup = removed.state === 'ok'
    ? `deleted the new key ${shortKeyId(newId)} again`
    : `could not delete the new key ${shortKeyId(newId)} (${removed.code}): delete it by hand`;
  const old = oldDeleted
    ? `the old key ${shortKeyId(key.keyId)} was already inactive and has been deleted to make room`
    : `the old key ${shortKeyId(key.keyId)} stays active`;
  return failed('refused', 'DeliveryFailed', `could not deliver the new key: ${reason}; ${cleanup}; ${old}`);
}

/** Retires the old key once the new one is delivered: deactivated by default, deleted on request. */
async function retireOld(ctx: ProviderContext, key: AwsKey, user: string, deleteOld: boolean) {
  if (deleteOld) return { outcome: await deleteKey(ctx, key, user, key.keyId), done: 'deleted' as const };
  return { outcome: await deactivateKey(ctx, key, user), done: 'deactivated' as const };
}

/** The last part of every rotation: retire the old key, and say what was done. */
async function finish(ctx: ProviderContext, key: AwsKey, user: string, newKeyId: string, made: string, oldDeleted: boolean, deleteOld: boolean): Promise<Outcome<RotateResult>> {
  const newId = shortKeyId(newKeyId);
  if (oldDeleted) {
    return { state: 'ok', value: { action: `deleted the inactive leaked key ${shortKeyId(key.keyId)} to make room; ${made}`, newKeyId: newId, delivered: DELIVERED, old: 'deleted' } };
  }
  const retired = await retireOld(ctx, key, user, deleteOld);
  if (retired.outcome.state !== 'ok') {
    const why = `${retired.outcome.code}: ${retired.outcome.message}`;
    return { state: 'ok', value: { action: `${made}; could not retire the old key ${shortKeyId(key.keyId)} (${why}): it is still active`, newKeyId: newId, delivered: DELIVERED, old: 'left active' } };
  }
  return { state: 'ok', value: { action: `${made}; ${retired.done} the old key ${shortKeyId(key.keyId)}`, newKeyId: newId, delivered: DELIVERED, old: retired.done } };
}

async function dryRunPlan(ctx: ProviderContext, key: AwsKey, user: string, opts: RotateOptions): Promise<Outcome<RotateResult>> {
  const listed = await listKeys(ctx, key, user);
  const id = shortKeyId(key.keyId);
  const keys = listed.state === 'ok' ? listed.value : [];
  const plan = `create a new key for user ${user}, deliver it as ${DELIVERED.join(' and ')}, then ${opts.deleteOld ? 'delete' : 'deactivate'} the old key ${id}`;
  const leakedInactive = keys.some((k) => k.id === key.keyId && k.status === 'Inactive');
  const action = keys.length < 2 ? `dry run: would ${plan}`
    : leakedInactive && opts.deleteOld ? `dry run: would delete the inactive leaked key ${id} to make room, then create a new key for user ${user} and deliver it as ${DELIVERED.join(' and ')}`
    : `dry run: would refuse: ${limitMessage(key, user, keys)}`;
  return {
    state: 'ok',
    value: {
      action,
      newKeyId: null,
      delivered: [],
      old: 'left active',
    },
  };
}

/**
 * New key for the same user, delivered before the old one is retired, so nothing that uses the key goes
 * down: CreateAccessKey, deliver, then deactivate (or delete) the old key. A failed delivery deletes the
 * new key again and leaves the old one active. CreateAccessKey is not idempotent: the rotation is
 * journaled as an intent, and one a crash interrupted is reconciled first (rotate-recovery.ts).
 */
export async function rotate(cred: Credential, ctx: ProviderContext, opts: RotateOptions): Promise<Outcome<RotateResult>> {
  const key = awsKeyOf(cred);
  if (key === null) return missingKeyId();
  if (key.kind === 'temporary') return temporaryKey(key, 'rotate');
  if (key.kind !== 'long-term') return unsupportedKey(key);
  const recovered = ctx.dryRun ? null : await recoverInterruptedRotation(ctx, key);
  if (recovered && recovered.state !== 'ok') return recovered;
  const recovery = recovered?.value ?? null;
  const owner = await lookUpOwner(ctx, key);
  if (owner.state !== 'ok' && recovery === null) {
    const failure = await explainOwnerFailure(ctx, key, owner);
    return failed(failure.state, failure.code, failure.message);
  }
  // An interrupted rotation may have deleted the leaked key already; its intent still names the user.
  const user = owner.state === 'ok' ? owner.value.user : recovery!.user;
  if (ctx.dryRun) return dryRunPlan(ctx, key, user, opts);
  if (recovery?.adopted) {
    const made = `adopted key ${shortKeyId(recovery.adopted.id)}, created for user ${user} and delivered before an interruption`;
    return finish(ctx, key, user, recovery.adopted.id, made, recovery.leakedGone, opts.deleteOld);
  }
  const redone = recovery && recovery.deleted.length ? `deleted key ${recovery.deleted.join(', ')} left without a holder by an interrupted rotation; ` : '';

  const listed = await listKeys(ctx, key, user);
  let oldDeleted = recovery?.leakedGone ?? false;
  if (listed.state === 'ok' && listed.value.length >= 2) {
    const room = await makeRoom(ctx, key, user, listed.value, opts);
    if (room.state !== 'ok') return room;
    oldDeleted = true;
  }
  const before = listed.state === 'ok' ? listed.value.filter((k) => !(oldDeleted && k.id === key.keyId)).map((k) => shortKeyId(k.id)) : null;
  const intent = beginIntent(ctx, 'aws', CREATE_CALL, rotationSubject(key), { user, before });
  const created = await createKey(ctx, key, user);
  if (created.state !== 'ok') endIntent(ctx, intent, 'failed', { code: created.code });
  if (created.state !== 'ok' && created.code === 'LimitExceeded') {
    // Another key appeared since the listing (or the listing was denied).
    const relisted = await listKeys(ctx, key, user);
    return failed('refused', 'LimitExceeded', limitMessage(key, user, relisted.state === 'ok' ? relisted.value : null));
  }
  if (created.state !== 'ok') return failed(created.state, created.code, `could not create a new key for user ${user}: ${created.message}`);
  const newKey = created.value;
  if (!newKey?.AccessKeyId || !newKey.SecretAccessKey) {
    endIntent(ctx, intent, 'failed', { code: 'UnexpectedAnswer' });
    return failed('unknown', 'UnexpectedAnswer', 'IAM created a key but did not return it');
  }
  const newId = shortKeyId(newKey.AccessKeyId);
  intentProgress(ctx, intent, 'created', { newKeyId: newId });

  try {
    await ctx.deliver(opts.delivery, { AWS_ACCESS_KEY_ID: newKey.AccessKeyId, AWS_SECRET_ACCESS_KEY: newKey.SecretAccessKey });
  } catch (error) {
    const reason = scrub(error instanceof Error ? error.message : String(error), [newKey.SecretAccessKey, key.secretKey]);
    return undoCreate(ctx, key, user, newKey, reason, oldDeleted, intent);
  }
  intentProgress(ctx, intent, 'delivered', { newKeyId: newId });
  const result = await finish(ctx, key, user, newKey.AccessKeyId, `${redone}created key ${newId} for user ${user} and delivered it`, oldDeleted, opts.deleteOld);
  endIntent(ctx, intent, 'done', { newKeyId: newId });
  return result;
}
