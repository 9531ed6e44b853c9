import type { AccessKey } from '@aws-sdk/client-iam';
import type { Credential, Outcome, ProviderContext, RotateOptions, RotateResult } from '../contract.js';
import { scrub } from './errors.js';
import { createKey, deactivateKey, deleteKey, listKeys } from './key-admin.js';
import { fullKeys, limitMessage, makeRoom } from './key-limit.js';
import { awsKeyOf, shortKeyId, type AwsKey } from './key.js';
import { missingKeyId, temporaryKey, unsupportedKey } from './no-key.js';
import { explainOwnerFailure, lookUpOwner } from './owner.js';

/** The variables a rotated AWS key is delivered as: what every SDK and the CLI read. */
const DELIVERED = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];

const failed = <T>(state: 'refused' | 'unknown', code: string, message: string): Outcome<T> => ({ state, code, message });

/** Undo after a failed delivery: the new key goes, the old one stays active, nothing is lost. */
async function undoCreate(ctx: ProviderContext, key: AwsKey, user: string, created: AccessKey, reason: string, oldDeleted: boolean): Promise<Outcome<RotateResult>> {
  const newId = created.AccessKeyId ?? '?';
  const removed = await deleteKey(ctx, key, user, newId, [created.SecretAccessKey ?? '']);
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
 * new key again and leaves the old one active.
 */
export async function rotate(cred: Credential, ctx: ProviderContext, opts: RotateOptions): Promise<Outcome<RotateResult>> {
  const key = awsKeyOf(cred);
  if (key === null) return missingKeyId();
  if (key.kind === 'temporary') return temporaryKey(key, 'rotate');
  if (key.kind !== 'long-term') return unsupportedKey(key);
  const owner = await lookUpOwner(ctx, key);
  if (owner.state !== 'ok') {
    const failure = await explainOwnerFailure(ctx, key, owner);
    return failed(failure.state, failure.code, failure.message);
  }
  const user = owner.value.user;
  if (ctx.dryRun) return dryRunPlan(ctx, key, user, opts);

  let oldDeleted = false;
  const full = await fullKeys(ctx, key, user);
  if (full !== null) {
    const room = await makeRoom(ctx, key, user, full, opts);
    if (room.state !== 'ok') return room;
    oldDeleted = true;
  }
  const created = await createKey(ctx, key, user);
  if (created.state !== 'ok' && created.code === 'LimitExceeded') {
    // Another key appeared since the listing (or the listing was denied).
    const relisted = await listKeys(ctx, key, user);
    return failed('refused', 'LimitExceeded', limitMessage(key, user, relisted.state === 'ok' ? relisted.value : null));
  }
  if (created.state !== 'ok') return failed(created.state, created.code, `could not create a new key for user ${user}: ${created.message}`);
  const newKey = created.value;
  if (!newKey?.AccessKeyId || !newKey.SecretAccessKey) return failed('unknown', 'UnexpectedAnswer', 'IAM created a key but did not return it');

  try {
    await ctx.deliver(opts.delivery, { AWS_ACCESS_KEY_ID: newKey.AccessKeyId, AWS_SECRET_ACCESS_KEY: newKey.SecretAccessKey });
  } catch (error) {
    const reason = scrub(error instanceof Error ? error.message : String(error), [newKey.SecretAccessKey, key.secretKey]);
    return undoCreate(ctx, key, user, newKey, reason, oldDeleted);
  }

  const newId = shortKeyId(newKey.AccessKeyId);
  const made = `created key ${newId} for user ${user} and delivered it`;
  if (oldDeleted) {
    return { state: 'ok', value: { action: `deleted the inactive leaked key ${shortKeyId(key.keyId)} to make room; ${made}`, newKeyId: newKey.AccessKeyId, delivered: DELIVERED, old: 'deleted' } };
  }
  const retired = await retireOld(ctx, key, user, opts.deleteOld);
  if (retired.outcome.state !== 'ok') {
    const why = `${retired.outcome.code}: ${retired.outcome.message}`;
    return { state: 'ok', value: { action: `${made}; could not retire the old key ${shortKeyId(key.keyId)} (${why}): it is still active`, newKeyId: newKey.AccessKeyId, delivered: DELIVERED, old: 'left active' } };
  }
  return { state: 'ok', value: { action: `${made}; ${retired.done} the old key ${shortKeyId(key.keyId)}`, newKeyId: newKey.AccessKeyId, delivered: DELIVERED, old: retired.done } };
}
