import { describe, expect, it } from 'vitest';
import { literalPrefixKeywords } from '../../src/rules/regex-prefix.js';

describe('literalPrefixKeywords', () => {
  it('finds a plain literal prefix', () => {
    expect(literalPrefixKeywords('xox[baprs]-[0-9]+')).toEqual(['xox']);
  });
  it('expands leading alternatives and skips zero-width heads', () => {
    expect(literalPrefixKeywords('\\b((?:ghp|gho)_[0-9a-zA-Z]{36})')).toEqual(['ghp_', 'gho_']);
    expect(literalPrefixKeywords('^(?:AKIA|ASIA)[A-Z2-7]{16}')).toEqual(['akia', 'asia']);
  });
  it('drops optional characters and stops at repetition', () => {
    expect(literalPrefixKeywords('abcd?e')).toEqual(['abc']);
    expect(literalPrefixKeywords('sk_+live')).toEqual(['sk_']);
    expect(literalPrefixKeywords('glpat-[a-z]')).toEqual(['glpat-']);
  });
  it('returns [] when some way to match has a short or no prefix', () => {
    expect(literalPrefixKeywords('[a-f0-9]{64}')).toEqual([]);
    expect(literalPrefixKeywords('abc|de')).toEqual([]);
    expect(literalPrefixKeywords('(?:abc)?def')).toEqual([]);
  });
  it('reads escaped literals', () => {
    expect(literalPrefixKeywords('https:\\/\\/hooks\\.example')).toEqual(['https://hooks.example']);
  });
});
