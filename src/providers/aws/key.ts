import { shortAwsKeyId } from '../../incident/aws-key-ids.js';
import type { Credential } from '../contract.js';

/** Long-term IAM user keys (AKIA) can be managed through IAM; STS session keys (ASIA) cannot. */
export type AwsKeyKind = 'long-term' | 'temporary' | 'other';

/** The leaked key as IAM sees it: the id every IAM call needs, and the secret half when the scan found it. */
export interface AwsKey {
  keyId: string;
  /** The secret access key; only ever used to sign requests, never recorded or printed. */
  secretKey: string | null;
  kind: AwsKeyKind;
}

const KEY_ID = /^(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}$/;

function kindOf(keyId: string): AwsKeyKind {
  if (keyId.startsWith('AKIA')) return 'long-term';
  if (keyId.startsWith('ASIA')) return 'temporary';
  return 'other';
}

/**
 * Finds the key id and the secret key in a credential, whichever half the finding is: an access key id
 * finding carries the secret in `pair`, a secret-key finding carries the id there. Null without a key id.
 */
export function awsKeyOf(cred: Credential): AwsKey | null {
  const halves = [cred.secret, cred.pair?.secret].filter((half): half is string => half !== undefined);
  const keyId = halves.find((half) => KEY_ID.test(half));
  if (keyId === undefined) return null;
  const secretKey = halves.find((half) => half !== keyId) ?? null;
  return { keyId, secretKey, kind: kindOf(keyId) };
}

/**
 * `AKIA…XYZ`: enough to recognise a key in messages without spelling it out. The only form of a key id
 * that leaves the adapter: in outcomes, messages, console URLs and the journal (which refuses the rest).
 */
export function shortKeyId(keyId: string): string {
  return shortAwsKeyId(keyId);
}

/** `1234…`: the account, shortened the same way in messages. */
export function shortAccount(account: string | null): string {
  return account === null ? 'an unknown account' : `account ${account.slice(0, 4)}…`;
}

/** The earliest commit date of the credential's halves: when the leak began. */
export function committedAt(cred: Credential): string | null {
  const dates = [cred.finding.date, cred.pair?.finding.date].filter((date): date is string => typeof date === 'string');
  return dates.length === 0 ? null : dates.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
}
