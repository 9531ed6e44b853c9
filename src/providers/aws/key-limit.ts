import type { Outcome, ProviderContext, RotateOptions } from '../contract.js';
import { deleteKey, type KeyOnRecord } from './key-admin.js';
import { shortKeyId, type AwsKey } from './key.js';

const failed = <T>(state: 'refused' | 'unknown', code: string, message: string): Outcome<T> => ({ state, code, message });

export const describeKeys = (keys: KeyOnRecord[]): string => keys.map((k) => `${shortKeyId(k.id)} ${k.status.toLowerCase()}`).join(', ');

/**
 * IAM allows two keys per user. Room can be made only by deleting the leaked key itself, and only when it
 * is already inactive (nothing still uses it) and the user asked for deletion; anything else is refused,
 * naming the two keys. The keys are listed before CreateAccessKey rather than after its LimitExceeded,
 * because the SDK classes LimitExceededException as throttling and would retry it with backoff.
 */
export async function makeRoom(ctx: ProviderContext, key: AwsKey, user: string, keys: KeyOnRecord[], opts: RotateOptions): Promise<Outcome<'deleted'>> {
  const leaked = keys.find((k) => k.id === key.keyId);
  const id = shortKeyId(key.keyId);
  if (leaked?.status === 'Inactive' && opts.deleteOld) {
    const deleted = await deleteKey(ctx, key, user, key.keyId);
    if (deleted.state !== 'ok') return failed(deleted.state, deleted.code, `could not delete the inactive leaked key ${id} to make room: ${deleted.message}`);
    return { state: 'ok', value: 'deleted' };
  }
  return failed('refused', 'LimitExceeded', limitMessage(key, user, keys));
}

export function limitMessage(key: AwsKey, user: string, keys: KeyOnRecord[] | null): string {
  const id = shortKeyId(key.keyId);
  const leaked = keys?.find((k) => k.id === key.keyId);
  const named = keys ? ` (${describeKeys(keys)})` : '';
  const advice = leaked?.status === 'Inactive'
    ? `the leaked key ${id} is inactive: rerun with delete-old to delete it and make room`
    : leaked ? `revoke the leaked key ${id} first (deactivate it), then rerun with delete-old`
    : 'delete the key that is no longer in use, then rerun';
  return `user ${user} already has two access keys${named}, the most IAM allows: ${advice}`;
}

