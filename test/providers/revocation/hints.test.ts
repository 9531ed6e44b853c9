import { describe, expect, it } from 'vitest';
import { hintMatches } from '../../../src/providers/revocation/rows/hints.js';
import { expandTemplate } from '../../../src/rules/fake-secret.js';

/** The masked forms providers list keys by, matched against a leaked key; too little visible never matches. */
describe('key hints', () => {
  const key = expandTemplate('sk-proj-$[b64url:60]', 'hints');
  const head = key.slice(0, 11);
  const last = key.slice(-4);

  it('matches the visible head and tail behind `...`, `…` or `***`, and an unmasked value only exactly', () => {
    for (const hint of [`${head}...${last}`, `sk-…${last}`, `sk-proj-********${last}`]) expect(hintMatches(hint, key), hint).toBe(true);
    expect(hintMatches(key, key)).toBe(true);
    expect(hintMatches(key.slice(0, -1), key)).toBe(false);
  });

  it('does not match another tail, another head, fewer than four visible tail characters, or nothing', () => {
    expect(hintMatches(`${head}...${last === 'abcd' ? 'abce' : 'abcd'}`, key)).toBe(false);
    expect(hintMatches(`sk-admin...${last}`, key)).toBe(false);
    expect(hintMatches(`${head}...${last.slice(1)}`, key)).toBe(false);
    expect(hintMatches(null, key)).toBe(false);
    expect(hintMatches('', key)).toBe(false);
  });
});
