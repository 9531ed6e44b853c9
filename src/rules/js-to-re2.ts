/**
 * A JavaScript regex (as written in a spillkit config, or produced from a gitleaks Go regex by
 * go-regex.ts) -> the RE2 syntax of the linear-time engine, keeping JavaScript's meaning where the two
 * differ in ways a secret rule notices:
 * - `.` stops at `\r`, `\u2028` and `\u2029` as well as `\n` (RE2's `.` only stops at `\n`): a rule
 *   like `password=(.+)` must not take the `\r` of a CRLF file into the secret.
 * - `\uHHHH`, `\u{H}`, `\cX`, `\0`, `[^]`, `[]`, `[\b]` and identity escapes become RE2 spellings.
 * - `(?![\s\S])` and `(?<![\s\S])` (how go-regex.ts writes Go's `\z`/`\A` under `m`) become `\z`/`\A`.
 * Lookbehind is kept: the engine runs captureless lookbehind in linear time. A one-character lookahead
 * that ends the pattern (the boundary idiom of spillkit's own rules, `...(?![A-Za-z0-9_-])`) becomes a
 * consuming group, `(?:([^A-Za-z0-9_-])|\z)`, whose character the adapter gives back (`boundary`).
 * Any other lookahead, and backreferences, have no linear-time equivalent: UnsupportedPatternError.
 * Left as RE2 means them: `\s` (no `\v`, no no-break space, which in the scanner's latin1 view is a
 * UTF-8 continuation byte), `^`/`$` under `m` (lines end at `\n` only).
 * The input is assumed to be a valid JavaScript regex (callers compile it with RegExp first).
 */

/** The pattern is valid JavaScript but has no linear-time equivalent (lookahead, backreference, ...). */
export class UnsupportedPatternError extends Error {}

const LINE_TERMINATORS_NOT = '[^\\n\\r\\x{2028}\\x{2029}]';
const END_OF_TEXT = ['(?![\\s\\S])', '(?![^])'];
const START_OF_TEXT = ['(?<![\\s\\S])', '(?<![^])'];

function hex(code: number): string {
  return `\\x{${code.toString(16)}}`;
}

/** Translates one escape at `source[i] === '\\'`; returns the RE2 text and the index after it. */
function escape(source: string, i: number, inClass: boolean, unicode: boolean): [string, number] {
  const c = source[i + 1];
  const rest = source.slice(i + 2);
  if ('dDwWsSnrtfv'.includes(c)) return [`\\${c}`, i + 2];
  if (c === 'b' || c === 'B') {
    if (inClass && c === 'b') return [hex(8), i + 2];
    return [`\\${c}`, i + 2];
  }
  if (c === 'x' && /^[0-9A-Fa-f]{2}/.test(rest)) return [`\\x${rest.slice(0, 2)}`, i + 4];
  const u4 = /^[0-9A-Fa-f]{4}/.exec(rest);
  if (c === 'u' && u4) return [hex(parseInt(u4[0], 16)), i + 6];
  const ubrace = /^\{([0-9A-Fa-f]+)\}/.exec(rest);
  if (c === 'u' && ubrace && unicode) return [hex(parseInt(ubrace[1], 16)), i + 2 + ubrace[0].length];
  if (c === 'c' && /^[A-Za-z]/.test(rest)) return [hex(rest.charCodeAt(0) % 32), i + 3];
  if ((c === 'p' || c === 'P') && rest[0] === '{' && unicode) {
    const close = source.indexOf('}', i + 3);
    return [source.slice(i, close + 1), close + 1];
  }
  if (c === '0' && !/^[0-9]/.test(rest)) return [hex(0), i + 2];
  if (/[0-9]/.test(c)) {
    // Outside a class a digit escape is a backreference; inside one, a legacy octal escape.
    if (!inClass) throw new UnsupportedPatternError(`backreference \`\\${c}\``);
    const octal = /^[0-7]{1,3}/.exec(source.slice(i + 1));
    if (!octal) return [c, i + 2];
    return [hex(parseInt(octal[0], 8)), i + 1 + octal[0].length];
  }
  if (c === 'k' && rest[0] === '<') throw new UnsupportedPatternError('backreference `\\k<name>`');
  // Identity escapes: punctuation stays escaped (RE2 allows that); letters mean themselves in JS.
  const cp = source.codePointAt(i + 1)!;
  const ch = String.fromCodePoint(cp);
  if (/[A-Za-z]/.test(ch) || cp > 0x7f) return [ch, i + 1 + ch.length];
  return [`\\${ch}`, i + 2];
}

export interface Re2Pattern {
  /** RE2 syntax; flags are passed to the engine separately. */
  pattern: string;
  /**
   * The pattern ends with a consuming stand-in for a trailing one-character lookahead: its last
   * capture group holds the character that the match must not include (unset at the end of input).
   */
  boundary: boolean;
}

/** The single-character atom of `(?!X)`/`(?=X)` at `i` and the index after the group, or null. */
function lookaheadAtom(source: string, i: number): { atom: string; end: number } | null {
  const j = i + 3;
  let k: number;
  if (source[j] === '[') {
    k = j + 1;
    if (source[k] === '^') k++;
    if (source[k] === ']') return null; // `[]` and `[^]`
    while (k < source.length && source[k] !== ']') k += source[k] === '\\' ? 2 : 1;
    k++;
  } else if (source[j] === '\\') {
    if (!/[dDwWsS!-/:-@[-`{-~]/.test(source[j + 1] ?? '')) return null;
    k = j + 2;
  } else if (source[j] !== undefined && !'()[]{}|*+?.^$'.includes(source[j])) {
    k = j + 1;
  } else return null;
  return source[k] === ')' ? { atom: source.slice(j, k), end: k + 1 } : null;
}

/** The RE2 atom matching exactly the characters `atom` (RE2 syntax) does not. */
function negateAtom(atom: string): string {
  if (atom.startsWith('[^')) return `[${atom.slice(2)}`;
  if (atom.startsWith('[')) return `[^${atom.slice(1)}`;
  if (/^\\[dDwWsS]$/.test(atom)) return atom[1] === atom[1].toLowerCase() ? `\\${atom[1].toUpperCase()}` : `\\${atom[1].toLowerCase()}`;
  return `[^${atom}]`;
}

/** RE2 syntax for a JavaScript pattern; flags are passed to the engine separately. */
export function jsToRe2(source: string, flags: string): Re2Pattern {
  const dotAll = flags.includes('s');
  const unicode = flags.includes('u');
  let out = '';
  let i = 0;
  let inClass = false;
  let depth = 0;
  let topLevelAlternation = false;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '\\') {
      const [text, next] = escape(source, i, inClass, unicode);
      out += text;
      i = next;
    } else if (inClass) {
      if (ch === ']') inClass = false;
      out += ch === '[' ? '\\[' : ch;
      i++;
    } else if (ch === '[') {
      if (source.startsWith('[^]', i)) {
        out += '[\\x{0}-\\x{10ffff}]';
        i += 3;
      } else if (source.startsWith('[]', i)) {
        out += '[^\\x{0}-\\x{10ffff}]';
        i += 2;
      } else {
        const negate = source[i + 1] === '^';
        out += negate ? '[^' : '[';
        i += negate ? 2 : 1;
        inClass = true;
      }
    } else if (ch === '(' && source[i + 1] === '?') {
      const end = END_OF_TEXT.find((s) => source.startsWith(s, i));
      const start = START_OF_TEXT.find((s) => source.startsWith(s, i));
      if (end) {
        out += '\\z';
        i += end.length;
      } else if (start) {
        out += '\\A';
        i += start.length;
      } else if (source[i + 2] === '=' || source[i + 2] === '!') {
        const look = depth === 0 && !topLevelAlternation ? lookaheadAtom(source, i) : null;
        if (!look || look.end !== source.length) throw new UnsupportedPatternError(`lookahead \`(?${source[i + 2]}\``);
        const atom = jsToRe2(look.atom, flags).pattern;
        out += source[i + 2] === '!' ? `(?:(${negateAtom(atom)})|\\z)` : `(${atom})`;
        return { pattern: out, boundary: true };
      } else {
        depth++;
        const named = /^\(\?<([A-Za-z_$][\w$]*)>/.exec(source.slice(i, i + 260));
        if (named) {
          out += `(?P<${named[1]}>`;
          i += named[0].length;
        } else {
          out += '(?';
          i += 2;
        }
      }
    } else if (ch === '.') {
      out += dotAll ? '.' : LINE_TERMINATORS_NOT;
      i++;
    } else {
      if (ch === '(') depth++;
      else if (ch === ')') depth--;
      else if (ch === '|' && depth === 0) topLevelAlternation = true;
      const cp = source.codePointAt(i)!;
      const text = String.fromCodePoint(cp);
      out += text;
      i += text.length;
    }
  }
  return { pattern: out, boundary: false };
}
