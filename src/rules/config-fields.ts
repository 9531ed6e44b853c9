/**
 * Checks on the values of a spillkit YAML/JSON config: the FieldError that carries the bad field's
 * path (turned into a line by config-locate.ts), its name in messages, and typed readers.
 */
import type { Path } from './config-locate.js';

/**
 * A bad value at `path`; parseSpillkitConfig turns the path into a line of the file. `unsupported`: a
 * valid regex that the linear-time engine cannot run; a repository's own config skips the rule or
 * allowlist holding it (with a warning) instead of failing the scan.
 */
export class FieldError extends Error {
  constructor(
    readonly path: Path,
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A path as messages name it: `rules[0].id`. */
export function where(path: Path): string {
  return path.map((p, n) => (typeof p === 'number' ? `[${p}]` : n === 0 ? p : `.${p}`)).join('');
}

/** Refuses a key not in `allowed` (a typo must not silently drop a setting). */
export function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], path: Path): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw new FieldError([...path, key], `unknown field ${where([...path, key])} (expected one of: ${allowed.join(', ')})`);
  }
}

export function strings(v: unknown, path: Path): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new FieldError(path, `${where(path)} must be a list of strings`);
  v.forEach((x, n) => {
    if (typeof x !== 'string') throw new FieldError([...path, n], `${where([...path, n])} must be a string`);
  });
  return v as string[];
}

export function optionalString(v: unknown, path: Path): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new FieldError(path, `${where(path)} must be a string`);
  return v;
}

export function oneOf<T extends string>(v: unknown, choices: readonly T[], fallback: T, path: Path): T {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw new FieldError(path, `${where(path)} must be one of ${choices.join(', ')}, not ${JSON.stringify(v)}`);
  }
  return v as T;
}

/** Why the linear-time engine refused a pattern, in one message. */
export function linearReason(e: unknown): string {
  return `cannot run on the linear-time engine config patterns use: ${(e as Error).message}`;
}

/** A JS SyntaxError repeats the whole pattern; keep only the reason. */
export function regexError(e: unknown): string {
  return (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
}
