/**
 * Reading fields of a gitleaks TOML table: the FieldError that carries where the bad value sits (for
 * findLine), the reading context, and checks shared by rules and allowlists.
 */
import { compileAllowlistRegex } from './allowlist.js';
import { linearReason } from './config-fields.js';
import type { TomlSection } from './config-locate.js';
import { translateGoRegexInline } from './go-regex.js';
import { isUnsupportedPattern } from './safe-regex.js';

export type Table = Record<string, unknown>;

/**
 * A bad field: the message, strings to look for in the source and the table they are under.
 * `unsupported`: the regex is valid but cannot run on the linear-time engine; a repository's own
 * config skips what holds it (with a warning) instead of failing the scan.
 */
export class FieldError extends Error {
  constructor(
    message: string,
    readonly needles: string[],
    readonly section: TomlSection | null,
    readonly unsupported = false,
  ) {
    super(message);
  }
}

/** Which table is being read (for findLine) and how messages name it. */
export interface Ctx {
  section: TomlSection | null;
  where: string;
  /** Set for a repository's own config: receives an `unsupported` FieldError of a part that is skipped. */
  skip?: (e: FieldError) => void;
}

/** Runs `read`; an `unsupported` error goes to `ctx.skip` when there is one (the result is then null). */
export function orSkip<T>(ctx: Ctx, read: () => T): T | null {
  try {
    return read();
  } catch (e) {
    if (e instanceof FieldError && e.unsupported && ctx.skip) {
      ctx.skip(e);
      return null;
    }
    throw e;
  }
}

export { linearReason } from './config-fields.js';

export function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

export function stringList(v: unknown, what: string, ctx: Ctx): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw new FieldError(`${what} must be a list of strings`, [what.split('.').pop() ?? what], ctx.section);
  }
  return v as string[];
}

/** A JS SyntaxError repeats the whole pattern; keep only the reason. */
export function reason(e: unknown): string {
  return (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
}

/** A Go regex as an allowlist/path regex (flags inline), or a FieldError pointing at it. */
export function translateInline(source: string, what: string, ctx: Ctx): string {
  let translated: string;
  try {
    translated = translateGoRegexInline(source);
  } catch (e) {
    throw new FieldError(`${ctx.where}: ${what} ${JSON.stringify(source)} does not compile: ${reason(e)}`, [source], ctx.section);
  }
  try {
    compileAllowlistRegex(translated);
  } catch (e) {
    if (!isUnsupportedPattern(e)) throw e;
    throw new FieldError(`${ctx.where}: ${what} ${JSON.stringify(source)} ${linearReason(e)}`, [source], ctx.section, true);
  }
  return translated;
}
