import { describe, expect, it } from 'vitest';
import { translateGoRegex } from '../../src/rules/go-regex.js';

describe('translateGoRegex', () => {
  it('hoists a leading (?i) to flag i', () => {
    expect(translateGoRegex('(?i)abc[0-9]+')).toEqual({ pattern: 'abc[0-9]+', flags: 'i' });
  });
  it('applies an inner (?i) to the whole pattern', () => {
    const t = translateGoRegex('key=(?i)[a-z]{4}');
    expect(t).toEqual({ pattern: 'key=[a-z]{4}', flags: 'i' });
  });
  it('rewrites named groups, \\z, \\A and (?s)', () => {
    expect(translateGoRegex('\\A(?s)(?P<secret>x.+)\\z')).toEqual({ pattern: '^(?<secret>x.+)$', flags: 's' });
  });
  it('keeps \\z exact under (?m)', () => {
    const t = translateGoRegex('(?m)^a\\z');
    expect(t.flags).toBe('m');
    const r = new RegExp(t.pattern, t.flags);
    expect(r.test('b\na')).toBe(true);
    expect(r.test('a\nb')).toBe(false);
  });
  it('drops (?-i:...) to (?:...) and flag groups to non-capturing groups', () => {
    expect(translateGoRegex('(?-i:ab)c').pattern).toBe('(?:ab)c');
    expect(translateGoRegex('x(?i:ab)c')).toEqual({ pattern: 'x(?:ab)c', flags: 'i' });
  });
  it('expands POSIX classes', () => {
    const t = translateGoRegex('[[:alnum:]_-]{4}[[:^digit:]][[:punct:]]');
    const r = new RegExp(`^${t.pattern}$`, t.flags);
    expect(r.test('aZ9_x!')).toBe(true);
    expect(r.test('aZ9_5!')).toBe(false);
  });
  it('turns \\x{HHHH} into a JS unicode escape', () => {
    const bmp = translateGoRegex('a\\x{00e9}');
    expect(new RegExp(bmp.pattern, bmp.flags).test('a\u00e9')).toBe(true);
    const astral = translateGoRegex('\\x{1F600}');
    expect(astral.flags).toBe('u');
    expect(new RegExp(astral.pattern, astral.flags).test('\u{1F600}')).toBe(true);
  });
  it('keeps escaped punctuation Go accepts and JS would reject under u', () => {
    const t = translateGoRegex('a\\-b\\_c\\x{1F600}');
    expect(new RegExp(t.pattern, t.flags).test('a-b_c\u{1F600}')).toBe(true);
  });
  it('quotes \\Q...\\E literals', () => {
    const t = translateGoRegex('\\Q.+*\\Ex');
    expect(new RegExp(`^${t.pattern}$`).test('.+*x')).toBe(true);
  });
  it('refuses what JS cannot express', () => {
    expect(() => translateGoRegex('(?U)a+')).toThrow(/ungreedy/);
    expect(() => translateGoRegex('a\\Cb')).toThrow(/unsupported escape/);
    expect(() => translateGoRegex('[a-')).toThrow();
  });
});
