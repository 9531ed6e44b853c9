/** How a verify-only row builds a read call, and reads a field of its JSON answer. */

export interface ReadCall {
  path: string;
  headers(secret: string): Record<string, string>;
}

export const bearer = (secret: string): Record<string, string> => ({ authorization: `Bearer ${secret}` });

export const call = (path: string, headers: (secret: string) => Record<string, string> = bearer): ReadCall => ({ path, headers });

/** A field of a JSON answer as a non-empty string, else null. */
export const field = (body: unknown, ...path: string[]): string | null => {
  let value: unknown = body;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : null;
};
