import { finalizeMatches, findRawMatches, type Matcher, type RawMatch } from './matcher.js';
import { lineEndCapped, lineStartCapped } from './lines.js';

/**
 * Secrets stored encoded: base64 (Kubernetes `Secret` data, `.dockercfg` auths, config blobs),
 * URL-encoding (`%2B` in a connection string), JSON string escapes (`\u002f`, `\/`) and UTF-16 text
 * files (PowerShell and Visual Studio write them). Each encoded run is decoded and put back into its
 * line (`password: <decoded>`), so the rules see the same context as for plain text; a match inside
 * the decoded part is reported at the line and column where the encoded run is stored, with the
 * encoding named.
 */
export type Encoding = 'base64' | 'url' | 'json' | 'utf16';

/** What a match found inside an encoding carries: the decoded secret, and its place for UTF-16. */
export interface Decoded {
  kind: Encoding;
  secret: string;
  line?: number;
  column?: number;
}

const LINE_CAP = 4096;
/** How much of its line an encoded run is searched with: names and keys stand close to their values. */
const VARIANT_REACH = 512;
/** Encoded runs longer than this are data (images, archives), not a credential. */
const MAX_RUN = 16384;
/** A Kubernetes Secret value of an 8-character password is 12 base64 characters. */
const MIN_BASE64 = 12;

const BASE64_RUN = /(?<![A-Za-z0-9+/_-])(?:[A-Za-z0-9+/]{4}){3,}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?(?![A-Za-z0-9+/=_-])/g;
// A run starts where a token does (the lookbehind): tried from every byte of a long token, the
// leading star would rescan the rest of it each time.
const PERCENT_RUN = /(?<![^\s"'<>`%])[^\s"'<>`%]*(?:%[0-9A-Fa-f]{2}[^\s"'<>`%]*)+/g;
const JSON_ESCAPED = /"(?:[^"\\\r\n]|\\["\\/bfnrtu])*\\(?:u[0-9A-Fa-f]{4}|\/)(?:[^"\\\r\n]|\\["\\/bfnrtu])*"/g;

/** Mostly printable text, as a decoded credential or config is (and compressed or image bytes are not). */
function isPrintableText(bytes: Buffer): boolean {
  if (bytes.length < 8) return false;
  let printable = 0;
  for (const b of bytes) {
    if (b === 0) return false;
    if ((b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d) printable++;
  }
  return printable / bytes.length >= 0.95;
}

/** A base64 run worth decoding: long enough, and not a plain word or identifier (`PasswordResetToken`). */
function base64Candidate(run: string): boolean {
  if (run.length < MIN_BASE64 || run.length > MAX_RUN) return false;
  return /[0-9+/=]/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run);
}

interface Candidate {
  kind: Exclude<Encoding, 'utf16'>;
  start: number;
  end: number;
  decoded: string;
}

/**
 * Stored values are assigned or listed: the run follows `:`, `=`, `>`, `(` or a comma-free line start,
 * maybe behind a quote. Base64 inside code (`data:image/png;base64,`, `sha512-` integrity) does not.
 */
function isStoredValue(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '"' || text[i] === "'")) i--;
  return i < 0 || text[i] === '\n' || text[i] === ':' || text[i] === '=' || text[i] === '>' || text[i] === '(' || text[i] === '-';
}

function candidates(text: string, offset: number): Candidate[] {
  const out: Candidate[] = [];
  for (const m of text.matchAll(BASE64_RUN)) {
    if (!base64Candidate(m[0]) || !isStoredValue(text, m.index!)) continue;
    const bytes = Buffer.from(m[0], 'base64');
    if (isPrintableText(bytes)) out.push({ kind: 'base64', start: offset + m.index!, end: offset + m.index! + m[0].length, decoded: bytes.toString('latin1') });
  }
  if (text.includes('%')) {
    for (const m of text.matchAll(PERCENT_RUN)) {
      if (m[0].length > MAX_RUN) continue;
      let decoded: string;
      try {
        decoded = Buffer.from(decodeURIComponent(m[0]), 'utf8').toString('latin1');
      } catch {
        continue;
      }
      if (decoded !== m[0]) out.push({ kind: 'url', start: offset + m.index!, end: offset + m.index! + m[0].length, decoded });
    }
  }
  if (text.includes('\\')) {
    for (const m of text.matchAll(JSON_ESCAPED)) {
      let decoded: string;
      try {
        decoded = JSON.parse(m[0]) as string;
      } catch {
        continue;
      }
      // Keep the quotes so `"key": "<decoded>"` still reads as a quoted value.
      out.push({ kind: 'json', start: offset + m.index!, end: offset + m.index! + m[0].length, decoded: Buffer.from(`"${decoded}"`, 'utf8').toString('latin1') });
    }
  }
  return out;
}

/**
 * Finds matches inside the encoded runs of `regions` (all of `buf` when null) and appends them to
 * `out` with the run's span and the decoded secret. Returns the bytes decoded and searched.
 */
export function findDecodedMatches(m: Matcher, buf: Buffer, regions: Array<[number, number]> | null, out: RawMatch[]): number {
  let searched = 0;
  for (const [ra, rb] of regions ?? [[0, buf.length]]) {
    if (rb <= ra) continue;
    // Decode only around the lines that can hold an encoded value; most text holds none.
    for (const [a, b] of encodedSpans(buf, ra, rb))
    for (const c of candidates(buf.toString('latin1', a, b), a)) {
      // The run put back into its line, with at most VARIANT_REACH bytes of the line on each side: a
      // long line holding many runs would otherwise be searched whole once per run.
      const ls = lineStartCapped(buf, c.start, VARIANT_REACH);
      const le = lineEndCapped(buf, c.end, VARIANT_REACH);
      const before = buf.subarray(ls, c.start);
      const decoded = Buffer.from(c.decoded, 'latin1');
      const variant = Buffer.concat([before, decoded, buf.subarray(c.end, le)]);
      searched += variant.length;
      const raw: RawMatch[] = [];
      findRawMatches(m, variant, null, raw);
      for (const r of finalizeMatches(m, variant, raw)) {
        // Matches outside the decoded part are the plain text's own, found by the plain scan.
        if (r.ss < before.length || r.se > before.length + decoded.length) continue;
        const found: RawMatch = { rule: r.rule, ms: c.start, me: c.end, ss: c.start, se: c.end, dec: { kind: c.kind, secret: variant.toString('utf8', r.ss, r.se) } };
        if (r.check !== undefined) found.check = r.check;
        if (r.madeUp !== undefined) found.madeUp = r.madeUp;
        out.push(found);
      }
    }
  }
  return searched;
}

/** Per byte: 0 not base64; else 1 upper case, 2 lower case, 4 digit or `+/`. */
const B64 = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') B64[c.charCodeAt(0)] = 1;
for (const c of 'abcdefghijklmnopqrstuvwxyz') B64[c.charCodeAt(0)] = 2;
for (const c of '0123456789+/') B64[c.charCodeAt(0)] = 4;
const MIXED = 7;

/** Bytes a stored value follows, after spaces and quotes (the byte-level twin of isStoredValue). */
const VALUE_OPENERS = [0x0a, 0x3a, 0x3d, 0x3e, 0x28, 0x2d];

/**
 * The lines of [from, to) that hold something decodable: a base64 run of MIN_BASE64+ characters that
 * mixes upper case, lower case and a digit or `+/` where a value is stored, a `%XX` escape, or a
 * `\u`/`\/` escape. Found from the bytes that can open one, not by a loop over every byte: a stored
 * base64 run starts after a value opener (`\n : = > ( -`, then spaces and quotes) or at the region's
 * start, and the other encodings start at `%` or `\`. Buffer.indexOf finds those bytes natively, so
 * ordinary text costs a few native scans and a look at the token after each opener.
 */
export function encodedSpans(buf: Buffer, from: number, to: number): Array<[number, number]> {
  const ends: number[] = [];
  const runEnd = (start: number): void => {
    let mix = 0;
    let end = start;
    while (end < to && B64[buf[end]] !== 0) mix |= B64[buf[end++]];
    // A run is maximal: one that does not start after a non-base64 byte is part of a longer one.
    if (start > from && B64[buf[start - 1]] !== 0) return;
    if (end - start >= MIN_BASE64 && mix === MIXED) ends.push(end - 1);
  };
  const afterOpener = (at: number): void => {
    let i = at;
    while (i < to && (buf[i] === 0x20 || buf[i] === 0x09 || buf[i] === 0x22 || buf[i] === 0x27)) i++;
    if (i < to) runEnd(i);
  };
  afterOpener(from);
  for (const opener of VALUE_OPENERS) {
    for (let at = buf.indexOf(opener, from); at >= 0 && at < to; at = buf.indexOf(opener, at + 1)) afterOpener(at + 1);
  }
  for (let at = buf.indexOf(0x25, from); at >= 0 && at < to; at = buf.indexOf(0x25, at + 1)) {
    if (at + 2 < to && isHex(buf[at + 1]) && isHex(buf[at + 2])) ends.push(at);
  }
  for (let at = buf.indexOf(0x5c, from); at >= 0 && at < to; at = buf.indexOf(0x5c, at + 1)) {
    if (at + 1 < to && (buf[at + 1] === 0x75 || buf[at + 1] === 0x2f)) ends.push(at);
  }
  ends.sort((a, b) => a - b);
  const spans: Array<[number, number]> = [];
  for (const at of ends) {
    const prev = spans[spans.length - 1];
    if (prev && at < prev[1]) continue;
    const ls = lineStartCapped(buf, at, LINE_CAP);
    const le = lineEndCapped(buf, at, LINE_CAP);
    if (prev && prev[1] >= ls) prev[1] = Math.max(prev[1], le);
    else spans.push([Math.max(ls, from), Math.min(le, to)]);
  }
  return spans;
}

function isHex(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
}

/** UTF-16 text: a byte-order mark, or NULs in every other byte of the start with printable bytes between. */
export function utf16Encoding(data: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (data.length < 4) return null;
  if (data[0] === 0xff && data[1] === 0xfe) return 'utf-16le';
  if (data[0] === 0xfe && data[1] === 0xff) return 'utf-16be';
  const n = Math.min(data.length & ~1, 512);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (data[i] === 0) evenNul++;
    if (data[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul >= pairs * 0.9 && evenNul === 0) return 'utf-16le';
  if (evenNul >= pairs * 0.9 && oddNul === 0) return 'utf-16be';
  return null;
}

/**
 * Scans a UTF-16 text as UTF-8 and maps each match back: the span is the secret's bytes in the
 * original, and line and column are counted in the decoded text.
 */
export function findUtf16Matches(m: Matcher, data: Buffer, encoding: 'utf-16le' | 'utf-16be', out: RawMatch[]): number {
  const bom = (data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff) ? 2 : 0;
  const text = new TextDecoder(encoding).decode(data.subarray(bom));
  const utf8 = Buffer.from(text, 'utf8');
  const raw: RawMatch[] = [];
  findRawMatches(m, utf8, null, raw);
  for (const r of finalizeMatches(m, utf8, raw)) {
    const before = utf8.toString('utf8', 0, r.ss);
    const secret = utf8.toString('utf8', r.ss, r.se);
    const ss = bom + 2 * before.length;
    const lastBreak = before.lastIndexOf('\n');
    const found: RawMatch = {
      rule: r.rule, ms: ss, me: ss + 2 * secret.length, ss, se: ss + 2 * secret.length,
      dec: { kind: 'utf16', secret, line: before.split('\n').length, column: [...before.slice(lastBreak + 1)].length + 1 },
    };
    if (r.check !== undefined) found.check = r.check;
    if (r.madeUp !== undefined) found.madeUp = r.madeUp;
    out.push(found);
  }
  return utf8.length;
}
