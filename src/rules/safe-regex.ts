/**
 * The two regex engines of a scan behind one shape. Built-in rules are spillkit's own, reviewed and
 * tested: they stay on V8's RegExp (fast, full JavaScript syntax), bounded by the matcher's window
 * caps. Every pattern that comes from a config (rule patterns and `allow`, allowlist regexes and
 * paths) may come from the scanned repository itself, so it runs on RE2JS, a pure-JavaScript port of
 * RE2: matching time is linear in the input whatever the pattern, so `(a+)+$` cannot hang a scan.
 *
 * `ScanRegex` is the part of RegExp the matcher uses: `exec` from `lastIndex` with `d` indices and
 * named groups, advancing `lastIndex` as a `g` regex does, and `test`. A V8 RegExp compiled with
 * `gd` is one; `LinearRegex` is the RE2JS one.
 */
import { RE2JS, RE2Set } from 're2js';
import { jsToRe2, UnsupportedPatternError } from './js-to-re2.js';

export { UnsupportedPatternError } from './js-to-re2.js';

export interface ScanRegex {
  lastIndex: number;
  exec(text: string): RegExpExecArray | null;
  test(text: string): boolean;
}

/**
 * Backstops on a config pattern's size. Linear time is linear in the input times the compiled
 * program, so a pattern of megabytes would still be slow; real secret rules compile to a few thousand
 * instructions at most (the largest gitleaks default rule is about 2,000).
 */
export const MAX_PATTERN_LENGTH = 16 << 10;
export const MAX_PROGRAM_SIZE = 20_000;

/** A config pattern on the linear-time engine, behaving as a RegExp with the `g` and `d` flags. */
export class LinearRegex implements ScanRegex {
  lastIndex = 0;
  /** Number of capture groups (group 0, the whole match, not counted). */
  readonly groupCount: number;
  /** Named groups and their numbers. */
  readonly groupNames: Readonly<Record<string, number>>;
  private readonly re: RE2JS;
  private readonly hasNames: boolean;
  /** Lookbehind runs on the NFA only, so the DFA pre-check would be a second NFA pass. */
  private readonly dfaCheck: boolean;
  /** The engine's last group holds a trailing lookahead's character, which the match gives back (js-to-re2.ts). */
  private readonly boundary: boolean;
  private text: string | null = null;
  /** re2js carries lookbehind state from one search of a text to the next, so a walk stays linear. */
  private lookbehind: ReturnType<ReturnType<RE2JS['re2']>['createLookbehindState']> | null = null;

  /** `source` is JavaScript syntax; `flags` any of i, m, s, u (g, d, y are implied or ignored). */
  constructor(
    readonly source: string,
    readonly flags: string,
  ) {
    if (source.length > MAX_PATTERN_LENGTH) {
      throw new UnsupportedPatternError(`pattern is ${source.length} characters long, more than ${MAX_PATTERN_LENGTH}`);
    }
    const { pattern: re2, boundary } = jsToRe2(source, flags);
    this.boundary = boundary;
    this.dfaCheck = !/\(\?<[=!]/.test(re2);
    let mode = RE2JS.LOOKBEHINDS;
    if (flags.includes('i')) mode |= RE2JS.CASE_INSENSITIVE;
    if (flags.includes('m')) mode |= RE2JS.MULTILINE;
    if (flags.includes('s')) mode |= RE2JS.DOTALL;
    try {
      this.re = RE2JS.compile(re2, mode);
    } catch (e) {
      throw new UnsupportedPatternError((e as Error).message.replace(/^error parsing regexp: /, ''));
    }
    const size = this.re.programSize();
    if (size > MAX_PROGRAM_SIZE) {
      throw new UnsupportedPatternError(`pattern compiles to ${size} instructions, more than ${MAX_PROGRAM_SIZE}`);
    }
    this.groupCount = this.re.groupCount() - (boundary ? 1 : 0);
    this.groupNames = { ...this.re.namedGroups() };
    this.hasNames = Object.keys(this.groupNames).length > 0;
  }

  exec(text: string): RegExpExecArray | null {
    if (this.lastIndex > text.length) {
      this.lastIndex = 0;
      return null;
    }
    const re2 = this.re.re2();
    if (this.text !== text || this.lastIndex === 0) {
      this.text = text;
      this.lookbehind = this.dfaCheck ? null : re2.createLookbehindState();
    }
    // Most windows hold no match. Finding one with its groups runs the NFA (or a bounded backtracker);
    // asking only whether one exists runs RE2's DFA, many times faster: ask first, on a new search.
    if (this.dfaCheck && this.lastIndex === 0 && !re2.matchWithGroup(text, 0, text.length, RE2Set.UNANCHORED, 0)[0]) return null;
    // One engine run for every group's span: [start0, end0, start1, end1, ...], -1 when unset.
    const groupCount = this.groupCount + (this.boundary ? 1 : 0);
    const [found, spans] = re2.matchWithGroup(text, this.lastIndex, text.length, RE2Set.UNANCHORED, groupCount + 1, this.lookbehind) as [boolean, number[]];
    if (!found) {
      this.lastIndex = 0;
      return null;
    }
    const values: Array<string | undefined> = [];
    const indices: Array<[number, number] | undefined> = [];
    for (let g = 0; g <= this.groupCount; g++) {
      const start = spans[2 * g];
      if (start < 0) {
        values.push(undefined);
        indices.push(undefined);
      } else {
        values.push(text.slice(start, spans[2 * g + 1]));
        indices.push([start, spans[2 * g + 1]]);
      }
    }
    // The character a trailing lookahead looked at (js-to-re2.ts) is not part of the match.
    const looked = this.boundary ? spans[2 * groupCount] : -1;
    if (looked >= 0) {
      indices[0] = [spans[0], looked];
      values[0] = text.slice(spans[0], looked);
    }
    const result = Object.assign(values, { index: spans[0], input: text, groups: undefined as Record<string, string> | undefined });
    const spanArray = indices as RegExpIndicesArray;
    if (this.hasNames) {
      const groups: Record<string, string> = {};
      const groupSpans: Record<string, [number, number]> = {};
      for (const [name, n] of Object.entries(this.groupNames)) {
        if (values[n] !== undefined) groups[name] = values[n];
        if (indices[n] !== undefined) groupSpans[name] = indices[n];
      }
      result.groups = groups;
      spanArray.groups = groupSpans;
    }
    (result as RegExpExecArray).indices = spanArray;
    this.lastIndex = indices[0]![1];
    return result as RegExpExecArray;
  }

  test(text: string): boolean {
    return this.re.test(text);
  }
}

/** A config pattern on the linear engine; throws UnsupportedPatternError when it cannot run there. */
export function compileLinear(source: string, flags = ''): LinearRegex {
  return new LinearRegex(source, flags);
}

/** Which engine runs a rule: V8 for spillkit's own rules, the linear one for anything from a config. */
export function isTrustedRule(origin: string | undefined): boolean {
  return origin === undefined || origin === 'builtin';
}

/** The secret group when a rule names none: group `secret` if any, else 1 if any group, else 0. */
export function defaultSecretGroup(groupCount: number, names: readonly string[]): number | string {
  if (names.includes('secret')) return 'secret';
  return groupCount > 0 ? 1 : 0;
}

export function isUnsupportedPattern(e: unknown): e is UnsupportedPatternError {
  return e instanceof UnsupportedPatternError;
}
