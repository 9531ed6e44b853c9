import { describe, expect, it } from 'vitest';
import { anchorOffset, KeywordIndex } from '../../src/scan/keyword-index.js';

const hits = (idx: KeywordIndex, text: string, from = 0, to = Buffer.byteLength(text)): Array<[number, number]> => {
  const out: Array<[number, number]> = [];
  idx.scan(Buffer.from(text, 'latin1'), from, to, (at, k) => out.push([at, k]));
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
};

/** Every occurrence of every keyword, case-insensitively, overlapping ones included. */
function bruteForce(keywords: string[], text: string): Array<[number, number]> {
  const lower = text.toLowerCase();
  const out: Array<[number, number]> = [];
  for (let i = 0; i < lower.length; i++) keywords.forEach((k, n) => { if (lower.startsWith(k.toLowerCase(), i)) out.push([i, n]); });
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

describe('keyword index', () => {
  const keywords = ['client_secret', 'secret', 'akia', 'xoxb-', 'getresponse', 'languagelayer'];
  const idx = new KeywordIndex(keywords);

  it('finds every occurrence case-insensitively, a keyword inside a longer one too', () => {
    expect(hits(idx, 'CLIENT_SECRET=1 secret AKIA x XOXB-')).toEqual([[0, 0], [7, 1], [16, 1], [23, 2], [30, 3]]);
    expect(hits(idx, 'secretsecret')).toEqual([[0, 1], [6, 1]]);
  });

  it('anchors a keyword on its rarest trigram, not a common start', () => {
    expect(anchorOffset(Buffer.from('getresponse'))).toBeGreaterThan(0);
    expect(hits(idx, 'GETRESPONSE_API_KEY=1 getresponse')).toEqual([[0, 4], [22, 4]]);
  });

  it('agrees with a brute-force search on random text', () => {
    const words = ['client_secret', 'secret', 'akia', 'xoxb-', 'sec', 'aki', 'xo', 'CLIENT', 'Secret', 'getresponse', 'get', 'layer', 'language'];
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const text = Array.from({ length: 4000 }, () => words[Math.floor(rnd() * words.length)]).join(rnd() < 0.5 ? '' : ' ');
    expect(hits(idx, text)).toEqual(bruteForce(keywords, text));
  });

  it('reports only keywords wholly inside the range', () => {
    expect(hits(idx, 'xx secret yy', 3, 8)).toEqual([]);
    expect(hits(idx, 'xx secret yy', 3, 9)).toEqual([[3, 1]]);
    expect(hits(idx, 'xxgetresponse', 3, 13)).toEqual([]);
  });
});
