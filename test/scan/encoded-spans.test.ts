// encodedSpans finds decodable spans from the bytes that can open them (native indexOf); the byte
// loop it replaced is kept as the reference: on random text made of the pieces that matter (base64
// runs of every mix, value openers, spaces and quotes, %XX, \u and \/ escapes, ordinary words) and on
// any region of it, both must give the same spans.
import { describe, expect, it } from 'vitest';
import { encodedSpans, encodedSpansByLoop } from '../../src/scan/decode.js';

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
