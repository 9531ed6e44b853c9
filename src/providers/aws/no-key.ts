import type { Outcome } from '../contract.js';
import type { AwsKey } from './key.js';

/** The refusals that come before any call: no key id to work with, or a key IAM cannot manage. */
export function missingKeyId<T>(): Outcome<T> {
  return {
    state: 'refused',
    code: 'NoKeyId',
    message: 'the scan found an AWS secret access key without its access key id, and every IAM call needs the id: find the key by its use (CloudTrail) or rotate every key of the suspected user',
  };
}

export function temporaryKey<T>(key: AwsKey, what: string): Outcome<T> {
  return {
    state: 'refused',
    code: 'TemporaryCredential',
    message: `the key is an STS session key (ASIA…), which IAM cannot ${what}: it expires by itself; revoke the role's active sessions (IAM console, role > Revoke active sessions) and find its source in CloudTrail`,
  };
}

export function unsupportedKey<T>(key: AwsKey): Outcome<T> {
  return { state: 'refused', code: 'UnsupportedKey', message: `the key ${key.keyId.slice(0, 4)}… is not an IAM user access key: follow the manual steps` };
}
