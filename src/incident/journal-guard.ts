import { SpillkitError } from '../errors.js';
import { containsAwsKeyId, redactAwsKeyIds } from './aws-key-ids.js';

/**
 * The journal outlives the incident and gets copied into reports, so it must never hold a credential.
 * Callers journal fingerprints, `redacted` hints and `secretHash`, never the value. This guard catches
 * the programming mistake of passing one anyway (a Finding with `secret` set by --show-secrets, a
 * provider response carrying a new key...) and throws SpillkitError('INTERNAL') before anything is
 * written.
 *
 * A key is refused when, lowercased and without `_`/`-`, it is or ends with one of SECRET_KEY_NAMES:
 * `secret`, `clientSecret`, `SECRET_ACCESS_KEY`, `private_key`, `apiToken`, `password` all match;
 * `secretHash`, `tokenType`, `redacted` do not. Nested objects and arrays are searched too. Values that
 * cannot carry a secret (booleans, null, undefined) pass, so `{ hasPassword: true }` is fine.
 *
 * A full AWS access key id is refused too where code journals one on purpose: under a key named like
 * one (`keyId`, `newKeyId`, `AccessKeyId`); journal `AKIA…7HM` (shortAwsKeyId) instead. Anywhere else
 * (a file path, a provider's error message) redactKeyIdsIn shortens it on the way into the journal, so
 * repository text that happens to hold one can neither reach the journal nor stop the incident.
 */
const SECRET_KEY_NAMES = ['secret', 'token', 'password', 'privatekey', 'secretaccesskey'];

export function assertNoSecrets(data: unknown, where = 'data'): void {
  const found = findSecretKey(data, where, new Set());
  if (found !== null) {
    throw new SpillkitError(
      'INTERNAL',
      `refusing to journal ${found}: the key looks like it holds a secret; journal its fingerprint or redacted hint instead`,
      { path: found },
    );
  }
}

function findSecretKey(value: unknown, path: string, seen: Set<object>): string | null {
  if (value === null || typeof value !== 'object') return null;
  if (seen.has(value)) return null;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findSecretKey(value[i], `${path}[${i}]`, seen);
      if (hit !== null) return hit;
    }
    return null;
  }
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}.${key}`;
    if (looksLikeSecretKey(key) && canCarrySecret(child)) return childPath;
    if (looksLikeKeyIdKey(key) && holdsAwsKeyId(child)) return `${childPath} (a full AWS access key id)`;
    const hit = findSecretKey(child, childPath, seen);
    if (hit !== null) return hit;
  }
  return null;
}

export function looksLikeSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[_-]/g, '');
  return SECRET_KEY_NAMES.some((name) => normalized.endsWith(name));
}

function looksLikeKeyIdKey(key: string): boolean {
  return key.toLowerCase().replace(/[_-]/g, '').endsWith('keyid');
}

function holdsAwsKeyId(value: unknown): boolean {
  if (typeof value === 'string') return containsAwsKeyId(value);
  return Array.isArray(value) && value.some((item) => typeof item === 'string' && containsAwsKeyId(item));
}

/** A copy of plain JSON data with every full AWS access key id in its strings shortened. */
export function redactKeyIdsIn<T>(value: T): T {
  if (typeof value === 'string') return redactAwsKeyIds(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactKeyIdsIn(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[redactAwsKeyIds(key)] = redactKeyIdsIn(child);
  return out as T;
}

function canCarrySecret(value: unknown): boolean {
  return value !== null && value !== undefined && typeof value !== 'boolean';
}
