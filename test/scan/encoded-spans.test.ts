// encodedSpans finds decodable spans from the bytes that can open them (native indexOf); the byte
// loop it replaced is the reference here: on random text made of the pieces that matter (base64 runs
// of every mix, value openers, spaces and quotes, %XX, \u and \/ escapes, ordinary words) and on any
// region of it, both must give the same spans.
import { describe, expect, it } from 'vitest';
import { encodedSpans } from '../../src/scan/decode.js';
import { lineEndCapped, lineStartCapped } from '../../src/scan/lines.js';

/** The reference: one pass over every byte, tracking base64 runs and the byte before each. */
function encodedSpansByLoop(buf: Buffer, from: number, to: number): Array<[number, number]> {
  const kind = (b: number): number => (b >= 0x41 && b <= 0x5a ? 1 : b >= 0x61 && b <= 0x7a ? 2 : (b >= 0x30 && b <= 0x39) || b === 0x2b || b === 0x2f ? 4 : 0);
  const isHex = (b: number): boolean => /[0-9A-Fa-f]/.test(String.fromCharCode(b));
  const stored = (at: number): boolean => {
    let i = at - 1;
    while (i >= from && ' \t"\''.includes(String.fromCharCode(buf[i]))) i--;
    return i < from || '\n:=>(-'.includes(String.fromCharCode(buf[i]));
  };
  const spans: Array<[number, number]> = [];
  const add = (at: number): void => {
    const last = spans[spans.length - 1];
    if (last && at < last[1]) return;
    const ls = lineStartCapped(buf, at, 4096);
    const le = lineEndCapped(buf, at, 4096);
    if (last && last[1] >= ls) last[1] = Math.max(last[1], le);
    else spans.push([Math.max(ls, from), Math.min(le, to)]);
  };
  let run = 0;
  let mix = 0;
  for (let i = from; i <= to; i++) {
    const b = i < to ? buf[i] : -1;
    if (b >= 0 && kind(b) !== 0) {
      run++;
      mix |= kind(b);
      continue;
    }
    if (run >= 12 && mix === 7 && stored(i - run)) add(i - 1);
    run = 0;
    mix = 0;
    if (b === 0x25 && i + 2 < to && isHex(buf[i + 1]) && isHex(buf[i + 2])) add(i);
    else if (b === 0x5c && i + 1 < to && (buf[i + 1] === 0x75 || buf[i + 1] === 0x2f)) add(i);
  }
  return spans;
}

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['\n', ':', '=', '>', '(', '-', ' ', '\t', '"', "'", '%2F', '%4', '\\u0041', '\\/', '\\n', 'word', 'camelCase', ',', ';', '+', '/'];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function text(rand: () => number, length: number): Buffer {
  let out = '';
  while (out.length < length) {
    if (rand() < 0.3) {
      const n = 6 + Math.floor(rand() * 20);
      const alphabet = rand() < 0.3 ? 'abcdefghij' : B64;
      for (let i = 0; i < n; i++) out += alphabet[Math.floor(rand() * alphabet.length)];
    } else out += PIECES[Math.floor(rand() * PIECES.length)];
  }
  return Buffer.from(out, 'latin1');
}

describe('encodedSpans', () => {
  it('gives the byte loop\'s spans on random text and regions', () => {
    const rand = prng(20261203);
    for (let k = 0; k < 400; k++) {
      const buf = text(rand, 50 + Math.floor(rand() * 3000));
      const from = Math.floor(rand() * 40);
      const to = Math.max(from, buf.length - Math.floor(rand() * 40));
      expect(encodedSpans(buf, from, to), `case ${k}`).toEqual(encodedSpansByLoop(buf, from, to));
    }
  });

  it('finds a stored value, an escape and a percent-encoding, and nothing in plain code', () => {
    const b = Buffer.from('a: dXNlcjpwYXNzd29yZDEy\nfn(x);\ny = "a%2Fb"\n', 'latin1');
    expect(encodedSpans(b, 0, b.length)).toEqual([[0, 23], [31, 42]]);
    const plain = Buffer.from('const value = computeSomething(input);\n', 'latin1');
    expect(encodedSpans(plain, 0, plain.length)).toEqual([]);
  });
});
