/**
 * Go RE2 syntax (as written in a gitleaks `.gitleaks.toml`) -> a JavaScript pattern and flags:
 * inline flags, named groups, `\A`/`\z`, `\Q...\E`, `\x{...}`, POSIX classes `[[:alnum:]]`, and
 * escaped punctuation that JS rejects. Used for gitleaks rule regexes, path regexes and allowlists.
 */

export interface TranslatedRegex {
  pattern: string;
  flags: string;
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** Punctuation that keeps its backslash in every JS regex mode; other escaped punctuation becomes \xHH. */
const SYNTAX_CHARS = new Set('^$\\.*+?()[]{}|/');

function hexEscape(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : code <= 0xffff
    ? `\\u${code.toString(16).padStart(4, '0')}`
    : `\\u{${code.toString(16)}}`;
}

/**
 * Translate a Go RE2 pattern. Inline flags are hoisted to the whole pattern because Node 20 has no inline
 * modifiers: a leading `(?i)` is exact; a `(?i)` or `(?i:...)` elsewhere makes the whole pattern
 * case-insensitive, which can only widen what the rule matches (a rule may over-report, never miss).
 * `(?-i:...)` becomes `(?:...)` for the same reason. `\z`/`\A` become `$`/`^` (lookarounds when `m` is
 * set, where `$`/`^` would mean line ends). `\x{HHHH}` becomes `\uHHHH` (no `u` flag needed, which keeps
 * Go's lax escapes compiling); code points above FFFF use `\u{...}` and set `u`. `(?U)` (ungreedy) has no
 * JS equivalent and is refused. Throws Error with a short reason on unsupported syntax.
 */
export function translateGoRegex(source: string): TranslatedRegex {
  const flags = new Set<string>();
  const out: Array<string | 'START' | 'END'> = [];
  let i = 0;
  let inClass = false;

  const readEscape = (): void => {
    const c = source[i + 1];
    if (c === undefined) throw new Error('trailing backslash');
    if (c === 'Q') {
      const end = source.indexOf('\\E', i + 2);
      const literal = source.slice(i + 2, end === -1 ? source.length : end);
      for (const ch of literal) out.push(/[0-9A-Za-z]/.test(ch) ? ch : hexEscape(ch));
      i = end === -1 ? source.length : end + 2;
      return;
    }
    if (c === 'x' && source[i + 2] === '{') {
      const close = source.indexOf('}', i + 3);
      const hex = close === -1 ? '' : source.slice(i + 3, close);
      if (!/^[0-9A-Fa-f]{1,6}$/.test(hex)) throw new Error('bad \\x{...} escape');
      const code = parseInt(hex, 16);
      if (code > 0xffff) flags.add('u');
      out.push(code <= 0xffff ? `\\u${hex.toLowerCase().padStart(4, '0')}` : `\\u{${hex.toLowerCase()}}`);
      i = close + 1;
      return;
    }
    if (c === 'p' || c === 'P') {
      flags.add('u');
      if (source[i + 2] === '{') {
        const close = source.indexOf('}', i + 3);
        if (close === -1) throw new Error('bad \\p{...} escape');
        out.push(`\\${c}{${source.slice(i + 3, close)}}`);
        i = close + 1;
      } else {
        out.push(`\\${c}{${source[i + 2] ?? ''}}`);
        i += 3;
      }
      return;
    }
    i += 2;
    if (c === 'z' && !inClass) return void out.push('END');
    if (c === 'A' && !inClass) return void out.push('START');
    if (c === 'a') return void out.push('\\x07');
    if (c === 'C' || c === 'z' || c === 'A') throw new Error(`unsupported escape \\${c}`);
    if (/[0-7]/.test(c)) {
      let digits = c;
      while (digits.length < 3 && /[0-7]/.test(source[i] ?? '')) digits += source[i++];
      return void out.push(hexEscape(String.fromCharCode(parseInt(digits, 8))));
    }
    if (/[dDwWsSbBnrtfv]/.test(c) || (c === 'x' && /^[0-9A-Fa-f]{2}$/.test(source.slice(i, i + 2)))) {
      return void out.push(`\\${c}`);
    }
    if (/[0-9A-Za-z]/.test(c)) throw new Error(`unsupported escape \\${c}`);
    if (SYNTAX_CHARS.has(c) || (inClass && c === '-')) return void out.push(`\\${c}`);
    out.push(hexEscape(c));
  };

  const readGroupOpen = (): void => {
    const rest = source.slice(i);
    const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
    if (named) {
      out.push(`(?<${named[1]}>`);
      i += named[0].length;
      return;
    }
    const flagGroup = /^\(\?([A-Za-z]*)(?:-([A-Za-z]*))?([:)])/.exec(rest);
    if (flagGroup && (flagGroup[1] || flagGroup[2] !== undefined)) {
      for (const f of flagGroup[1]) {
        if (f === 'U') throw new Error('ungreedy flag (?U) is not supported');
        if (!'ims'.includes(f)) throw new Error(`unknown flag ${f}`);
        flags.add(f);
      }
      if (flagGroup[3] === ':') out.push('(?:');
      i += flagGroup[0].length;
      return;
    }
    out.push('(');
    i += 1;
  };

  const readClass = (): void => {
    // At '[': copy the opening, a negation and a leading literal ']' (Go allows `[]a]`).
    out.push('[');
    i += 1;
    const negatedPosix = /^\[:\^([a-z]+):\]\]/.exec(source.slice(i));
    if (negatedPosix) {
      const body = POSIX_CLASSES[negatedPosix[1]];
      if (!body) throw new Error(`unknown class [:^${negatedPosix[1]}:]`);
      out.push('^', body, ']');
      i += negatedPosix[0].length;
      return;
    }
    if (source[i] === '^') {
      out.push('^');
      i += 1;
    }
    if (source[i] === ']') {
      out.push('\\]');
      i += 1;
    }
    inClass = true;
  };

  while (i < source.length) {
    const ch = source[i];
    if (ch === '\\') {
      readEscape();
    } else if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(source.slice(i));
      if (posix) {
        const body = POSIX_CLASSES[posix[2]];
        if (!body) throw new Error(`unknown class [:${posix[2]}:]`);
        if (posix[1]) throw new Error(`negated class [:^${posix[2]}:] inside a larger class is not supported`);
        out.push(body);
        i += posix[0].length;
      } else {
        if (ch === ']') inClass = false;
        out.push(ch === '[' ? '\\[' : ch);
        i += 1;
      }
    } else if (ch === '[') {
      readClass();
    } else if (ch === '(' && source[i + 1] === '?') {
      readGroupOpen();
    } else {
      out.push(ch);
      i += 1;
    }
  }
  if (inClass) throw new Error('missing closing ]');

  const multiline = flags.has('m');
  const pattern = out
    .map((p) => (p === 'END' ? (multiline ? '(?![\\s\\S])' : '$') : p === 'START' ? (multiline ? '(?<![\\s\\S])' : '^') : p))
    .join('');
  const flagString = ['i', 'm', 's', 'u'].filter((f) => flags.has(f)).join('');
  new RegExp(pattern, flagString); // surfaces what JS still rejects, as a SyntaxError for the caller
  return { pattern, flags: flagString };
}

/** An allowlist/path regex keeps its flags as a leading inline group (see allowlist.ts). */
export function translateGoRegexInline(source: string): string {
  const t = translateGoRegex(source);
  return t.flags ? `(?${t.flags})${t.pattern}` : t.pattern;
}
