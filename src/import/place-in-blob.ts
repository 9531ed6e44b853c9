import type { TextMatch } from '../scan/matcher.js';
import type { ImportEntry } from './types.js';

/** What one entry is, in one version of its file: our rule's match there, or the secret's bytes alone. */
export type Placement =
  | { ok: true; ours: TextMatch; secret: Buffer }
  | { ok: true; ours: null; secret: Buffer }
  | { ok: false; reason: string };

/** How many lines a tool's line number may be off (diff-based line counting, a leading blank line). */
const LINE_SLACK = 1;
/** Containment between the report's secret and ours counts only from this length (no `abc` in `xabcx`). */
const MIN_CONTAINED = 8;

/**
 * Places an entry in the text of one blob. The report's own evidence is only ever used to find the
 * place: the secret it carries (searched on the reported line, one line either side), the text around a
 * redacted secret, or columns known to cover the secret. Where one of our rules matches overlapping
 * that place, that match is the answer (our rule, our secret); otherwise the bytes at that place are.
 * Without any evidence, our rule matching on the reported line is the answer, or nothing is.
 */
export function placeInBlob(entry: ImportEntry, text: Buffer, ours: TextMatch[]): Placement {
  const lines = lineStarts(text);
  const total = text.length > 0 && text[text.length - 1] === 10 ? lines.length - 1 : lines.length;
  const L = entry.line;
  if (L !== null && L > total) return { ok: false, reason: `line ${L} is past the end of the file (${total} lines)` };
  const lineOf = (n: number): [number, number] => [lines[n - 1], n < lines.length ? lines[n] - 1 : text.length];
  const window: [number, number] = L === null ? [0, text.length] : [lineOf(Math.max(1, L - LINE_SLACK))[0], lineOf(Math.min(total, L + LINE_SLACK))[1]];
  const onLine: [number, number] = L === null ? window : lineOf(L);
  const hint = L !== null && entry.column !== null ? onLine[0] + entry.column - 1 : onLine[0];
  const closest = <T>(items: T[], at: (t: T) => number): T | undefined =>
    [...items].sort((a, b) => Number(!inside(onLine, at(a))) - Number(!inside(onLine, at(b))) || Math.abs(at(a) - hint) - Math.abs(at(b) - hint))[0];
  const where = L === null ? 'in the file' : `at line ${L}`;

  let span: [number, number] | null = null;
  if (entry.secret) {
    const needle = Buffer.from(entry.secret, 'utf8');
    const hits: number[] = [];
    for (let i = text.indexOf(needle, window[0]); i >= 0 && i <= window[1]; i = text.indexOf(needle, i + 1)) hits.push(i);
    const best = closest(hits, (h) => h);
    if (best !== undefined) span = [best, best + needle.length];
    else {
      // Tools normalise some secrets (a PEM block's line breaks): ours, where one contains the other.
      const bare = squeeze(entry.secret);
      const near = ours.filter((m) => inside(window, m.start) && contains(bare, squeeze(m.secret)));
      const pick = closest(near, (m) => m.start);
      if (pick) return { ok: true, ours: pick, secret: Buffer.from(pick.secret, 'utf8') };
      return { ok: false, reason: `the secret the report carries is not ${where} of the file` };
    }
  } else if (entry.around) {
    span = aroundSpan(text, window, entry.around);
    if (!span) return { ok: false, reason: `the text around the redacted secret is not ${where} of the file` };
  } else if (entry.span && L !== null) {
    const s = offsetOfColumn(text, onLine, entry.span.start);
    const e = offsetOfColumn(text, onLine, entry.span.end);
    if (s === null || e === null || e <= s) return { ok: false, reason: `columns ${entry.span.start}-${entry.span.end} are outside line ${L}` };
    span = [s, e];
  }

  if (span) {
    const [s, e] = span;
    const overlapping = ours.filter((m) => m.start < e && s < m.end);
    const pick = overlapping.sort((a, b) => overlap(b, s, e) - overlap(a, s, e))[0];
    if (pick) return { ok: true, ours: pick, secret: Buffer.from(pick.secret, 'utf8') };
    return { ok: true, ours: null, secret: text.subarray(s, e) };
  }
  if (L === null) return { ok: false, reason: 'the report gives neither a line nor the secret: nothing to place' };
  const pick = closest(ours.filter((m) => inside(onLine, m.start)), (m) => m.start);
  if (pick) return { ok: true, ours: pick, secret: Buffer.from(pick.secret, 'utf8') };
  return { ok: false, reason: `the report carries no secret (redacted) and no spillkit rule matches ${where}: nothing to read back` };
}

const inside = (range: [number, number], at: number): boolean => at >= range[0] && at <= range[1];
const overlap = (m: TextMatch, s: number, e: number): number => Math.min(m.end, e) - Math.max(m.start, s);
/** Bytes that end a value: blanks, quotes, CR. */
const VALUE_END = new Set([0x20, 0x09, 0x0d, 0x22, 0x27, 0x60]);
const squeeze = (s: string): string => s.replace(/\s+/g, '');

function contains(a: string, b: string): boolean {
  if (a.length < MIN_CONTAINED || b.length < MIN_CONTAINED) return a === b;
  return a.includes(b) || b.includes(a);
}

/** Offsets where each line starts. */
export function lineStarts(text: Buffer): number[] {
  const out = [0];
  for (let i = text.indexOf(10); i >= 0; i = text.indexOf(10, i + 1)) out.push(i + 1);
  return out;
}

/** The byte offset of 1-based column `col` (in characters) on the line [from, to]; null past its end. */
function offsetOfColumn(text: Buffer, [from, to]: [number, number], col: number): number | null {
  let c = 1;
  for (let i = from; i <= to; i++) {
    if ((text[i] & 0xc0) === 0x80) continue;
    if (c === col) return i;
    c++;
  }
  return null;
}

/** The secret between the text before and after it, on one line of the window. */
function aroundSpan(text: Buffer, window: [number, number], around: { before: string; after: string; prefix: string }): [number, number] | null {
  const before = Buffer.from(around.before, 'utf8');
  const after = Buffer.from(around.after.split('\n')[0], 'utf8');
  const prefix = Buffer.from(around.prefix, 'utf8');
  const starts: number[] = [];
  if (before.length === 0) {
    for (const s of lineStarts(text)) if (s >= window[0] && s <= window[1]) starts.push(s);
  } else {
    for (let i = text.indexOf(before, window[0]); i >= 0 && i <= window[1]; i = text.indexOf(before, i + 1)) starts.push(i + before.length);
  }
  for (const s of starts) {
    const lineEnd = text.indexOf(10, s) < 0 ? text.length : text.indexOf(10, s);
    if (!text.subarray(s, s + prefix.length).equals(prefix)) continue;
    let e = lineEnd;
    if (after.length > 0) {
      const a = text.indexOf(after, s + Math.max(1, prefix.length));
      if (a < 0 || a > lineEnd) continue;
      e = a;
    } else {
      // Nothing after the secret in the match: it ends where the value does (a blank, a quote, the line's end).
      for (e = s + prefix.length; e < lineEnd && !VALUE_END.has(text[e]); e++);
    }
    if (e > s) return [s, e];
  }
  return null;
}
