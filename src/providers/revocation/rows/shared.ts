/** Small readers the revocation rows share. */
import { refused, type Outcome } from '../../contract.js';
import { errorText, type JsonResponse } from '../../http.js';

/** The last four characters of an id, for labels: enough to find it in a console, never the whole id. */
export const tail = (id: string): string => (id.length > 8 ? `…${id.slice(-4)}` : id);

/** A list of strings at `key` of a JSON object (scopes, permissions). */
export function fieldList(body: unknown, key: string): string[] {
  const value = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The JSON object at a path, or null. */
export function objectAt(body: unknown, ...path: string[]): Record<string, unknown> | null {
  let value: unknown = body;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The array at a path, or []. */
export function arrayAt(body: unknown, ...path: string[]): unknown[] {
  let value: unknown = body;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return Array.isArray(value) ? value : [];
}

/**
 * A read or create call that did not succeed, in the contract's words: the leaked key is already dead
 * (401 where it signed), the operator is denied (403) or rejected (401), the account is at its key limit
 * (`limit` matches the provider's words), or the provider said something else.
 */
export function denialOf<T>(title: string, call: string, res: JsonResponse, limit?: RegExp): Outcome<T> {
  const said = errorText(res.body);
  const why = said ? ` (${said.slice(0, 160)})` : '';
  if (limit && limit.test(said)) return refused('limit-reached', `${title} holds as many keys as it allows${why}: delete an unused key first`);
  if (res.status === 401) return refused('operator-rejected', `${title} rejects the credential used for ${call}${why}`);
  if (res.status === 403) return refused('denied', `${title} refused ${call}${why}`);
  if (res.status === 404) return refused('not-found', `${title} found nothing for ${call}${why}`);
  return refused('unexpected-answer', `${title} answered HTTP ${res.status} to ${call}${why}`);
}

/** A locate answer saying the leaked key is already dead: nothing is left to revoke. */
export const alreadyInvalid = <T>(title: string, detail: string): Outcome<T> =>
  refused('already-invalid', `${title} rejects the leaked key (${detail}): it is already revoked or expired`);
