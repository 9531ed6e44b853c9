import { classEnd, groupEnd, topLevelAlternatives } from './secret-run.js';

/**
 * A cheap test placed in front of a pattern that opens with lookbehinds. V8 evaluates a leading
 * lookbehind (`(?<!(?:id|url|host|…)\s*=\s*)`, a long alternation matched backwards) at every position
 * of the text before it looks at a single byte ahead, and skips its own first-character scan because the
 * pattern no longer starts with something it can read. Most long-tail rules open that way, so each of
 * their windows cost a full lookbehind per byte. `(?=[a-z0-9])` in front, the class of the first byte
 * the pattern consumes, rejects almost every position at once; it matches exactly the same strings.
 * (Asking for the whole run the secret opens with, `(?=[a-z0-9]{32})`, was slower: inside long
 * base64 text every position then reads 32 bytes.)
 *
 * Returns the guard, or null when the first consumed atom cannot be found with certainty (an
 * alternation, an optional first atom, a back-reference): then the pattern stays as it is.
 */
export function firstCharGuard(pattern: string): string | null {
  if (!/^(?:\(\?:)?\(\?<[!=]/.test(pattern)) return null;
  const atoms = firstAtoms(pattern);
  if (atoms === null || atoms.length === 0 || atoms.length > 16) return null;
  const unique = [...new Set(atoms)];
  return unique.length === 1 ? `(?=${unique[0]})` : `(?=${unique.map((a) => `(?:${a})`).join('|')})`;
}

/**
 * The single-character atoms one of which every match of `p` starts with: lookarounds are skipped (they
 * consume nothing), groups are entered, and each alternative of a group gives its own first atoms.
 */
function firstAtoms(p: string): string[] | null {
  let i = 0;
  for (;;) {
    if (i >= p.length) return null;
    if (p.startsWith('(?<!', i) || p.startsWith('(?<=', i) || p.startsWith('(?=', i) || p.startsWith('(?!', i)) {
      i = groupEnd(p, i);
      if (i < 0) return null;
      continue;
    }
    let open = 0;
    if (p.startsWith('(?<', i)) open = p.indexOf('>', i) + 1 - i;
    else if (p.startsWith('(?:', i)) open = 3;
    else if (p[i] === '(' && p[i + 1] !== '?') open = 1;
    if (open > 0) {
      const end = groupEnd(p, i);
      if (end < 0) return null;
      const alternatives = topLevelAlternatives(p.slice(i + open, end - 1));
      if (alternatives === null) return null;
      // A group made of lookbehinds only (`(?:(?<!x)|(?<=key-))`) consumes nothing: step over it.
      if (alternatives.every(onlyLookbehinds)) {
        i = end;
        continue;
      }
      if (optional(p, end)) return null;
      const atoms: string[] = [];
      for (const alternative of alternatives) {
        const first = firstAtoms(alternative);
        if (first === null) return null;
        atoms.push(...first);
      }
      return atoms;
    }
    const atom = atomAt(p, i);
    if (atom === null || optional(p, i + atom.length)) return null;
    return [atom];
  }
}

/** What precedes `at` may be left out: a `?`, `*` or `{0,…}` quantifier follows. */
function optional(p: string, at: number): boolean {
  return p[at] === '?' || p[at] === '*' || /^\{0[,}]/.test(p.slice(at, at + 3));
}

/** The alternative is made of lookbehinds only: it consumes nothing. */
function onlyLookbehinds(part: string): boolean {
  let i = 0;
  while (i < part.length) {
    if (!part.startsWith('(?<!', i) && !part.startsWith('(?<=', i)) return false;
    i = groupEnd(part, i);
    if (i < 0) return false;
  }
  return part.length > 0;
}

/** The single-character atom at `at`: a class, an escape of one character, or a literal. */
function atomAt(p: string, at: number): string | null {
  const c = p[at];
  if (c === '[') {
    const end = classEnd(p, at);
    return end < 0 ? null : p.slice(at, end);
  }
  if (c === '\\') {
    const e = p[at + 1];
    if (e === undefined || /[1-9kbBpPux0c]/.test(e)) return null;
    return p.slice(at, at + 2);
  }
  if (c === undefined || '()|^$.*+?{}'.includes(c)) return null;
  return c;
}
