/**
 * Keywords from the literal prefix of a JavaScript pattern: the strings every match must start with,
 * so a custom rule written without `keywords` can still be gated by the keyword prefilter.
 */

interface Alternative {
  prefixes: string[];
  complete: boolean;
}

const MAX_PREFIXES = 16;

/**
 * The literals every match must start with, one per way the pattern can begin: `xox[bp]-` -> [`xox`],
 * `\b(?:ghp|gho)_[0-9a-z]{36}` -> [`ghp_`, `gho_`]. Returns [] when some way to match has a literal
 * prefix shorter than `minLength` (the rule cannot be keyword-gated).
 */
export function literalPrefixKeywords(pattern: string, minLength = 3): string[] {
  let i = 0;

  const quantifier = (): 'none' | 'optional' | 'repeat' => {
    const c = pattern[i];
    if (c === '?' || c === '*') {
      i += 1;
      if (pattern[i] === '?' || pattern[i] === '+') i += 1;
      return 'optional';
    }
    if (c === '+') {
      i += 1;
      if (pattern[i] === '?' || pattern[i] === '+') i += 1;
      return 'repeat';
    }
    const counted = c === '{' ? /^\{(\d+)(,\d*)?\}\??/.exec(pattern.slice(i)) : null;
    if (counted) {
      i += counted[0].length;
      const min = Number(counted[1]);
      if (min === 0) return 'optional';
      return counted[2] === undefined && min === 1 ? 'none' : 'repeat';
    }
    return 'none';
  };

  /** Reads one escape at i; returns the literal char, '' for zero-width, or null for a class. */
  const escape = (): string | null => {
    const c = pattern[i + 1] ?? '';
    const hex = /^\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|u\{([0-9A-Fa-f]+)\})/.exec(pattern.slice(i));
    if (hex) {
      i += hex[0].length;
      return String.fromCodePoint(parseInt(hex[1] ?? hex[2] ?? hex[3], 16));
    }
    if ((c === 'p' || c === 'P') && pattern[i + 2] === '{') {
      i = pattern.indexOf('}', i) + 1;
      return null;
    }
    i += 2;
    if (c === 'b' || c === 'B') return '';
    if (/[dDwWsSnrtfv0-9ck]/.test(c)) return null;
    return c;
  };

  const skipClass = (): void => {
    i += 1;
    if (pattern[i] === '^') i += 1;
    if (pattern[i] === ']') i += 1;
    while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
    i += 1;
  };

  const alternation = (): Alternative[] => {
    const alts: Alternative[] = [];
    for (;;) {
      alts.push(sequence());
      if (pattern[i] !== '|') return alts;
      i += 1;
    }
  };

  const sequence = (): Alternative => {
    let prefixes = [''];
    let open = true;
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== ')') {
      const c = pattern[i];
      if (c === '(') {
        const look = /^\(\?<?[=!]/.exec(pattern.slice(i));
        const head = look ?? /^\((?:\?:|\?<[A-Za-z_][A-Za-z0-9_]*>)?/.exec(pattern.slice(i));
        i += head![0].length;
        const inner = alternation();
        i += 1; // ')'
        const q = quantifier();
        if (look || !open) continue;
        if (q === 'optional') {
          open = false;
          continue;
        }
        const combined = prefixes.flatMap((p) => inner.flatMap((a) => a.prefixes.map((x) => p + x)));
        if (combined.length > MAX_PREFIXES) {
          open = false;
          continue;
        }
        prefixes = combined;
        if (q === 'repeat' || inner.some((a) => !a.complete)) open = false;
        continue;
      }
      let literal: string | null;
      if (c === '\\') literal = escape();
      else if (c === '[') {
        skipClass();
        literal = null;
      } else if (c === '^') {
        i += 1;
        literal = '';
      } else {
        i += 1;
        literal = c === '.' || c === '$' ? null : c;
      }
      const q = quantifier();
      if (!open || literal === '') continue;
      if (literal === null || q === 'optional') {
        open = false;
        continue;
      }
      prefixes = prefixes.map((p) => p + literal);
      if (q === 'repeat') open = false;
    }
    return { prefixes, complete: open };
  };

  const top = alternation();
  const all = top.flatMap((a) => a.prefixes);
  if (all.length === 0 || all.some((p) => p.length < minLength)) return [];
  return [...new Set(all.map((p) => p.toLowerCase()))];
}
