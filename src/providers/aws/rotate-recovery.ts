import { createHash } from 'node:crypto';
import type { Outcome, ProviderContext } from '../contract.js';
import { endIntent, type OpenIntent } from '../intent.js';
import { deleteKey, listKeys, type KeyOnRecord } from './key-admin.js';
import { shortKeyId, type AwsKey } from './key.js';

/**
 * Recovery of a rotation that a crash interrupted (see ../intent.ts). A rotation journals an intent
 * before CreateAccessKey, with the user and the keys that existed then; `created` and `delivered` as it
 * goes; and its end. An intent still open on the next run means the process died somewhere between:
 *
 * - the key it made is the user's key that is not the leaked one, was not there before, and was
 *   created after the intent (IAM's CreateDate, allowing for clock skew);
 * - if the journal shows it was delivered, it is adopted: the rotation resumes at retiring the old key;
 * - otherwise nobody holds its secret (it died with the process): it is deleted, and the rotation runs
 *   again from the start, so the user ends with exactly one new key.
 *
 * If IAM cannot be asked, nothing is retried: a blind retry is what makes the second key.
 */
export const CREATE_CALL = 'iam:CreateAccessKey';

/** AWS's SigV4 tolerates five minutes of skew, so IAM's clock may be that far from ours. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** What the intents name: the leaked key, by a hash of its id (the id itself never goes to the journal). */
export function rotationSubject(key: AwsKey): string {
  return `aws-key:${createHash('sha256').update(key.keyId).digest('hex').slice(0, 16)}`;
}

export interface Recovered {
  /** The IAM user the interrupted rotation worked on (journaled with the intent). */
  user: string;
  /** A key made and delivered before the crash: the rotation continues with it. */
  adopted: KeyOnRecord | null;
  /** Short ids of keys the interrupted rotation made and nobody holds, now deleted. */
  deleted: string[];
  /** Whether the leaked key is gone already (an interrupted rotation deleted it to make room). */
  leakedGone: boolean;
}

const failed = <T>(state: 'refused' | 'unknown', code: string, message: string): Outcome<T> => ({ state, code, message });

/** Null when no rotation of this key was interrupted. */
export async function recoverInterruptedRotation(ctx: ProviderContext, key: AwsKey): Promise<Outcome<Recovered> | null> {
  const open = (ctx.openIntents?.(CREATE_CALL, rotationSubject(key)) ?? []).filter((i) => typeof i.facts.user === 'string');
  if (open.length === 0) return null;
  // Several open intents: a recovery itself was interrupted. The oldest one's listing predates them all.
  const oldest = open[0];
  const user = open[open.length - 1].facts.user as string;
  const listed = await listKeys(ctx, key, user);
  if (listed.state !== 'ok') {
    return failed(listed.state, listed.code, `an earlier rotation of ${shortKeyId(key.keyId)} was interrupted and IAM could not list the keys of user ${user} to see whether it made a key (${listed.message}); not retrying, so no second key is made: run the rotation again once IAM answers`);
  }
  const keys = listed.value;
  const made = keys.filter((k) => k.id !== key.keyId && madeBy(oldest, k));
  const deliveredId = open.map(delivered).filter((id) => id !== null).pop() ?? null;
  const adopted = deliveredId === null ? undefined : made.find((k) => shortKeyId(k.id) === deliveredId);
  const leakedGone = !keys.some((k) => k.id === key.keyId);
  if (adopted) {
    endIntentAll(ctx, open, 'adopted', { newKeyId: shortKeyId(adopted.id) });
    return { state: 'ok', value: { user, adopted, deleted: [], leakedGone } };
  }
  const deleted: string[] = [];
  for (const orphan of made) {
    const removed = await deleteKey(ctx, key, user, orphan.id);
    if (removed.state !== 'ok' && removed.code !== 'NoSuchEntity') {
      return failed(removed.state, removed.code, `an earlier rotation of ${shortKeyId(key.keyId)} was interrupted after creating key ${shortKeyId(orphan.id)}, whose secret nobody holds, and it could not be deleted (${removed.message}): delete it by hand, then run the rotation again`);
    }
    deleted.push(shortKeyId(orphan.id));
  }
  endIntentAll(ctx, open, 'undone', { deleted });
  return { state: 'ok', value: { user, adopted: null, deleted, leakedGone } };
}

/** A key the intent's call made: absent from the listing taken before it, created no earlier than it. */
function madeBy(intent: OpenIntent, k: KeyOnRecord): boolean {
  const before = Array.isArray(intent.facts.before) ? (intent.facts.before as unknown[]) : null;
  if (before !== null && before.includes(shortKeyId(k.id))) return false;
  if (k.created === null) return before !== null;
  return Date.parse(k.created) >= Date.parse(intent.at) - CLOCK_SKEW_MS;
}

function delivered(intent: OpenIntent): string | null {
  const stage = intent.progress.find((p) => p.stage === 'delivered' && typeof p.newKeyId === 'string');
  return stage ? (stage.newKeyId as string) : null;
}

function endIntentAll(ctx: ProviderContext, intents: OpenIntent[], outcome: string, facts: Record<string, unknown>): void {
  for (const intent of intents) endIntent(ctx, intent.id, outcome, facts);
}
