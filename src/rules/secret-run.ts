/**
 * A necessary condition a window must meet before a rule's regex runs on it: every secret of the rule
 * holds a run of at least `min` bytes of one character class (`(?<secret>[a-z0-9]{32})`,
 * `(?<secret>standard_[a-f0-9]{256})`), so a window without such a run cannot match. Long-tail rules
 * wake on a provider's name (`wit` in `with`, `aws` all over SDK code) far more often than a value of
 * the key's shape stands near it; one byte loop over the window then saves the regex (and, for a rule
 * that never meets a candidate, compiling it at all).
 */
export interface SecretRun {
  /** 1 for each byte (read as latin1) inside the class. */
  table: Uint8Array;
  min: number;
}

/** Runs shorter than this reject too few windows to pay for the loop. */
const MIN_USEFUL = 8;

export function secretRunOf(pattern: string, flags = ''): SecretRun | null {
  if (/[uv]/.test(flags)) return null;
  const open = pattern.indexOf('(?<secret>');
  if (open < 0) return null;
  const close = groupEnd(pattern, open);
  if (close < 0) return null;
  const alternatives = topLevelAlternatives(pattern.slice(open + '(?<secret>'.length, close - 1));
  if (alternatives === null) return null;
  // With alternatives (`[a-f0-9]{64}|[A-Za-z0-9-]{43}`), a window needs a run of one of them: the
  // union of their classes, the shortest of their lengths.
  const table = new Uint8Array(256);
  let min = Infinity;
  for (const alternative of alternatives) {
    const run = requiredRun(alternative);
    if (run === null) return null;
    for (let b = 0; b < 256; b++) table[b] |= run.table[b];
    min = Math.min(min, run.min);
  }
  if (min < MIN_USEFUL) return null;
  if (flags.includes('i')) {
    for (let b = 0x41; b <= 0x5a; b++) if (table[b] || table[b + 32]) table[b] = table[b + 32] = 1;
  }
  return { table, min };
}

/**
 * The longest class run an alternative must contain: its top-level atoms are read in order (groups
 * and lookarounds are stepped over, a group being possibly optional), and the one with the largest
 * minimum count wins (`[0-9]{1,5}-[A-Za-z0-9]{64}` gives the 64).
 */
function requiredRun(p: string): SecretRun | null {
  let best: SecretRun | null = null;
  let i = 0;
  while (i < p.length) {
    if (p[i] === '(') {
      i = groupEnd(p, i);
      if (i < 0) return best;
      i = skipQuantifier(p, i);
      continue;
    }
    let table: Uint8Array | null = null;
    let end: number;
    if (p[i] === '[') {
      end = classEnd(p, i);
      if (end < 0) return best;
      table = classTable(p.slice(i + 1, end - 1));
    } else if (p[i] === '\\') {
      end = i + 2;
      table = escapeTable(p[i + 1]);
    } else {
      // A literal (or `.`, `^`, `$`): no class run of its own.
      end = i + 1;
    }
    const quantifier = /^\{(\d+)(?:,\d*)?\}/.exec(p.slice(end));
    if (table !== null && quantifier) {
      const min = Number(quantifier[1]);
      if (best === null || min > best.min) best = { table, min };
    }
    i = skipQuantifier(p, end);
  }
  return best;
}

/** The index past a quantifier (and its lazy or possessive mark) at `at`, or `at`. */
function skipQuantifier(p: string, at: number): number {
  const q = /^(?:[?*+]|\{\d+(?:,\d*)?\})\??/.exec(p.slice(at));
  return q ? at + q[0].length : at;
}

/** The window [from, to) holds `min` consecutive bytes of the class. */
export function hasRun(buf: Uint8Array, from: number, to: number, run: SecretRun): boolean {
  const { table, min } = run;
  let n = 0;
  for (let i = from; i < to; i++) {
    if (table[buf[i]] === 1) {
      if (++n >= min) return true;
    } else n = 0;
  }
  return false;
}

function classTable(body: string): Uint8Array | null {
  const table = new Uint8Array(256);
  let negate = false;
  let i = 0;
  if (body[0] === '^') {
    negate = true;
    i = 1;
  }
  const single = (): number | Uint8Array | null => {
    const c = body[i];
    if (c !== '\\') {
      i++;
      return c.charCodeAt(0);
    }
    const e = body[i + 1];
    if (e === undefined) return null;
    if (e === 'x') {
      const hex = /^[0-9a-fA-F]{2}$/.exec(body.slice(i + 2, i + 4));
      if (!hex) return null;
      i += 4;
      return parseInt(hex[0], 16);
    }
    if (e === 'u') {
      const hex = /^[0-9a-fA-F]{4}$/.exec(body.slice(i + 2, i + 6));
      if (!hex) return null;
      i += 6;
      return parseInt(hex[0], 16);
    }
    i += 2;
    const set = escapeTable(e);
    if (set !== null) return set;
    const control: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, '0': 0 };
    if (e in control) return control[e];
    // Any other escaped punctuation stands for itself; an escaped letter may mean something else.
    return /[A-Za-z0-9]/.test(e) ? null : e.charCodeAt(0);
  };
  while (i < body.length) {
    const a = single();
    if (a === null) return null;
    if (typeof a !== 'number') {
      for (let b = 0; b < 256; b++) if (a[b]) table[b] = 1;
      continue;
    }
    if (body[i] === '-' && i + 1 < body.length) {
      i++;
      const z = single();
      if (z === null || typeof z !== 'number' || z < a) return null;
      for (let b = a; b <= Math.min(z, 255); b++) table[b] = 1;
    } else if (a < 256) table[a] = 1;
  }
  if (negate) for (let b = 0; b < 256; b++) table[b] ^= 1;
  return table;
}

function escapeTable(e: string): Uint8Array | null {
  const table = new Uint8Array(256);
  const range = (a: number, z: number): void => {
    for (let b = a; b <= z; b++) table[b] = 1;
  };
  switch (e) {
    case 'd':
      range(0x30, 0x39);
      return table;
    case 'w':
      range(0x30, 0x39);
      range(0x41, 0x5a);
      range(0x61, 0x7a);
      table[0x5f] = 1;
      return table;
    case 's':
      range(9, 13);
      table[0x20] = 1;
      table[0xa0] = 1;
      return table;
    case 'D':
    case 'W':
    case 'S': {
      const positive = escapeTable(e.toLowerCase())!;
      for (let b = 0; b < 256; b++) table[b] = positive[b] ^ 1;
      return table;
    }
    default:
      return null;
  }
}

/** The index just past the group opening at `at`, or -1. */
export function groupEnd(p: string, at: number): number {
  let depth = 0;
  for (let i = at; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      i = classEnd(p, i) - 1;
      if (i < 0) return -1;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

/** The index just past the character class opening at `at`, or -1. */
export function classEnd(p: string, at: number): number {
  let i = at + 1;
  if (p[i] === '^') i++;
  if (p[i] === ']') i++;
  for (; i < p.length; i++) {
    if (p[i] === '\\') i++;
    else if (p[i] === ']') return i + 1;
  }
  return -1;
}

/** The top-level alternatives of a group's body, or null when it does not parse. */
export function topLevelAlternatives(body: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '[') {
      i = classEnd(body, i) - 1;
      if (i < 0) return null;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(body.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(body.slice(from));
  return parts;
}
