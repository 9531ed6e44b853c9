import { describe, expect, it } from 'vitest';
import { KeywordIndex } from '../../src/scan/keyword-index.js';

const hits = (idx: KeywordIndex, text: string, from = 0, to = Buffer.byteLength(text)): Array<[number, number]> => {
  const out: Array<[number, number]> = [];
  idx.scan(Buffer.from(text, 'latin1'), from, to, (at, k) => out.push([at, k]));
  return out;
};

describe('keyword index', () => {
  const idx = new KeywordIndex(['client_secret', 'secret', 'akia', 'xoxb-']);

  it('finds keywords case-insensitively, longest first, resuming past each hit', () => {
    expect(hits(idx, 'CLIENT_SECRET=1 secret AKIA x XOXB-')).toEqual([[0, 0], [16, 1], [23, 2], [30, 3]]);
    expect(hits(idx, 'secretsecret')).toEqual([[0, 1], [6, 1]]);
  });

  it('agrees with a regex alternation on random text', () => {
    const words = ['client_secret', 'secret', 'akia', 'xoxb-', 'sec', 'aki', 'xo', 'CLIENT', 'Secret'];
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const text = Array.from({ length: 4000 }, () => words[Math.floor(rnd() * words.length)]).join(rnd() < 0.5 ? '' : ' ');
    const re = /client_secret|secret|akia|xoxb-/gi;
    const expected: Array<[number, number]> = [];
    for (let m = re.exec(text); m; m = re.exec(text)) expected.push([m.index, ['client_secret', 'secret', 'akia', 'xoxb-'].indexOf(m[0].toLowerCase())]);
    expect(hits(idx, text)).toEqual(expected);
  });

  it('reports only keywords wholly inside the range', () => {
    expect(hits(idx, 'xx secret yy', 3, 8)).toEqual([]);
    expect(hits(idx, 'xx secret yy', 3, 9)).toEqual([[3, 1]]);
  });
});
