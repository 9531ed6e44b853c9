import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { expandTemplate, fakeSecret } from '../../src/rules/fake-secret.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { translateGoRegex } from '../../src/rules/go-regex.js';
import { compileLinear, MAX_PROGRAM_SIZE, UnsupportedPatternError, type ScanRegex } from '../../src/rules/safe-regex.js';

/** Every match of a `g` regex as the matcher walks them: index, whole match, groups and spans. */
function walk(re: ScanRegex, text: string): unknown[] {
  const out: unknown[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push({ index: m.index, values: [...m], indices: [...m.indices!], groups: m.groups ?? null, named: m.indices!.groups ?? null });
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

describe('LinearRegex', () => {
  it('walks matches from lastIndex with the spans of every group, as a V8 gd regex does', () => {
    const pattern = 'key=(?<secret>[a-z0-9]+)(;(x))?';
    const text = 'a key=abc1;x b key=zz9 key=';
    const linear = walk(compileLinear(pattern), text);
    expect(linear).toEqual(walk(new RegExp(pattern, 'gd'), text));
    expect(linear).toHaveLength(2);
    expect(linear[0]).toMatchObject({ index: 2, values: ['key=abc1;x', 'abc1', ';x', 'x'], named: { secret: [6, 10] } });
    expect(linear[1]).toMatchObject({ values: ['key=zz9', 'zz9', undefined, undefined], indices: [[15, 22], [19, 22], undefined, undefined] });
  });

  it('reports group counts and names', () => {
    const re = compileLinear('(a)(?:b)(?<tok>c)');
    expect(re.groupCount).toBe(2);
    expect(re.groupNames).toEqual({ tok: 2 });
  });

  it('counts offsets in characters of the latin1 view the scanner uses', () => {
    const text = Buffer.from('\u00e9\u00e9 tok=ab', 'utf8').toString('latin1');
    const m = compileLinear('tok=(\\w+)').exec(text)!;
    expect(m.index).toBe(5);
    expect(m.indices![1]).toEqual([9, 11]);
  });

  it('honours the flags i, m and s', () => {
    expect(compileLinear('^abc$', 'i').test('ABC')).toBe(true);
    expect(compileLinear('^abc$').test('ABC')).toBe(false);
    expect(compileLinear('^b$', 'm').test('a\nb\nc')).toBe(true);
    expect(compileLinear('^b$').test('a\nb\nc')).toBe(false);
    expect(compileLinear('a.b', 's').test('a\nb')).toBe(true);
    expect(compileLinear('a.b').test('a\nb')).toBe(false);
  });

  it('keeps JavaScript meanings: . stops at \\r, \\u escapes, [^], identity escapes, (?![\\s\\S])', () => {
    expect(compileLinear('=(.+)').exec('k=value\r\n')![1]).toBe('value');
    expect(compileLinear('\\u0041\\x42\\cJ').test('AB\n')).toBe(true);
    expect(compileLinear('a[^]b').test('a\nb')).toBe(true);
    expect(compileLinear('\\/\\-\\e').test('/-e')).toBe(true);
    expect(compileLinear('[\\b]').test('\b')).toBe(true);
    expect(compileLinear('a(?![\\s\\S])', 'm').test('a\nb')).toBe(false);
    expect(compileLinear('a(?![\\s\\S])', 'm').test('b\na')).toBe(true);
  });

  it('runs a trailing one-character lookahead, the boundary of spillkit\'s own rules, giving its character back', () => {
    const re = compileLinear('(?<secret>tok_[a-z0-9]{4,8})(?![a-z0-9_-])');
    expect(re.groupCount).toBe(1);
    const text = 'tok_abcd tok_abcdefghij tok_ab12,tok_zz99';
    expect(walk(re, text)).toEqual(walk(new RegExp(re.source, 'gd'), text));
    const m = compileLinear('key=(\\w+)(?=;)').exec('key=abc;')!;
    expect([m[0], m[1], m.indices![0]]).toEqual(['key=abc', 'abc', [0, 7]]);
    expect(compileLinear('ab(?!\\d)', 'i').test('AB7')).toBe(false);
    expect(compileLinear('ab(?!\\d)', 'i').test('AB')).toBe(true);
  });

  it('runs captureless lookbehind', () => {
    const re = compileLinear('(?<![A-Za-z0-9])tok_[a-z]{4}');
    expect(re.test('x tok_abcd')).toBe(true);
    expect(re.test('xtok_abcd')).toBe(false);
  });

  it('refuses what has no linear-time form', () => {
    const refused: Array<[string, RegExp]> = [
      ['a(?=b)c', /lookahead `\(\?=`/],
      ['(?!b)a', /lookahead `\(\?!`/],
      ['a(?!bc)', /lookahead `\(\?!`/],
      ['x|a(?![b])', /lookahead `\(\?!`/],
      ['(a(?![b]))', /lookahead `\(\?!`/],
      ['(a)\\1', /backreference `\\1`/],
      ['(?<x>a)\\k<x>', /backreference `\\k<name>`/],
      ['(?<=(a))b', /capture in lookbehind/],
      ['a{1,5000}', /repeat count/],
      [`(?:${'abcdefgh'.repeat(10)}){1,500}`, /instructions/],
      ['a'.repeat(20000), /characters long/],
    ];
    for (const [pattern, why] of refused) {
      expect(() => new RegExp(pattern)).not.toThrow(); // all valid JavaScript
      expect(() => compileLinear(pattern), pattern).toThrow(UnsupportedPatternError);
      expect(() => compileLinear(pattern), pattern).toThrow(why);
    }
    expect(MAX_PROGRAM_SIZE).toBeGreaterThan(5000);
  });

  it('matches catastrophic patterns in linear time', () => {
    const cases: Array<[string, string]> = [
      ['(a+)+$', `${'a'.repeat(50_000)}!`],
      ['(x+x+)+y', 'x'.repeat(50_000)],
      ['^(a|aa)+$', `${'a'.repeat(50_000)}!`],
      ['(\\w+\\s?)+$', `${'word '.repeat(10_000)}!`],
    ];
    for (const [pattern, text] of cases) {
      const started = Date.now();
      const re = compileLinear(pattern);
      expect(re.exec(text)).toBeNull();
      expect(re.test(text)).toBe(false);
      expect(Date.now() - started, pattern).toBeLessThan(2000);
    }
  });

  it('agrees with V8 on typical secret rules', () => {
    const token = fakeSecret('github-pat', 'linear-agree');
    const texts = [
      `export GITHUB_TOKEN=${token}\r\n`,
      `{"password": "${token.slice(4, 20)}", "user":"x"}`,
      `url = https://user:${token.slice(8, 24)}@host.example/path`,
      'nothing here at all',
    ];
    const rules: Array<[string, string]> = [
      ['(?<secret>gh[pousr]_[A-Za-z0-9]{36})', ''],
      ['(?:password|passwd)["\']?\\s*[:=]\\s*["\']?([^"\'\\s]{8,64})', 'i'],
      ['[a-z][a-z0-9+.-]*://[^:/\\s]+:([^@/\\s]{6,})@', ''],
      ['\\b(?:token|secret)\\s*=\\s*(.+)$', 'im'],
    ];
    for (const [pattern, flags] of rules) {
      for (const text of texts) {
        expect(walk(compileLinear(pattern, flags), text), `${pattern} on ${text}`).toEqual(walk(new RegExp(pattern, `gd${flags}`), text));
      }
    }
  });
});

describe("spillkit's own rules on the linear engine", () => {
  // The built-in rules stay on V8, but they are the model users copy into configs: every one the linear
  // engine can run must find exactly what V8 finds in its examples and negative examples.
  const rules = loadBuiltinRules().filter((r) => {
    try {
      compileLinear(r.pattern, r.flags ?? '');
      return true;
    } catch {
      return false;
    }
  });

  // Most long-tail rules use a lookbehind that RE2 cannot express; the boundary-style ones run.
  it('can run a good share of them', () => {
    expect(rules.length / loadBuiltinRules().length).toBeGreaterThan(0.4);
  });

  it('agree with V8 on every example', () => {
    for (const rule of rules) {
      const texts = [...rule.examples, ...rule.negativeExamples].map((t, n) => expandTemplate(typeof t === 'string' ? t : t.text, `${rule.id}#${n}`));
      const flags = rule.flags ?? '';
      for (const text of texts) {
        const latin = Buffer.from(text, 'utf8').toString('latin1');
        expect(walk(compileLinear(rule.pattern, flags), latin), `${rule.id}: ${text}`).toEqual(walk(new RegExp(rule.pattern, `gd${flags}`), latin));
      }
    }
  });
});

describe('gitleaks Go patterns: Go -> JavaScript translation, then the linear engine', () => {
  // The engine speaks RE2 (Go's syntax) natively: compiling the Go source directly is the reference.
  const cases: Array<[string, string[]]> = [
    ['(?i)\\b(acme_(?:live|test)_[[:alnum:]]{8})\\b', ['x ACME_LIVE_a1b2c3d4 y', 'acme_test_zzzzzzzz!', 'acme_live_short']],
    ['session_secret\\s*=\\s*"(?P<secret>[a-f0-9]{16})"\\z', ['session_secret = "0123456789abcdef"', 'session_secret="0123456789abcdef"\n']],
    ['(?m)^token:\\s*(\\S+)\\z', ['a\ntoken: abc', 'token: abc\nb']],
    ['\\Aprefix[\\x{41}-\\x{43}]{2}\\Q.+\\E', ['prefixAB.+', 'xprefixAB.+', 'prefixAD.+']],
    ['(?s)BEGIN(.{1,20}?)END', ['BEGIN a\nb END', 'BEGINEND']],
    ['key[[:space:]]*[=:][[:space:]]*([[:xdigit:]]{6,})', ['key = 00ff00aa', 'key:xyz']],
  ];
  for (const [go, texts] of cases) {
    it(go, () => {
      const t = translateGoRegex(go);
      const linear = compileLinear(t.pattern, t.flags);
      const reference = RE2JS.compile(go);
      for (const text of texts) {
        const ref = reference.matcher(text);
        const found = ref.find();
        const m = linear.exec(text);
        linear.lastIndex = 0;
        expect(m !== null, text).toBe(found);
        if (m && found) {
          expect([m.index, m[0]], text).toEqual([ref.start(0), ref.group(0)]);
          for (let g = 1; g <= reference.groupCount(); g++) expect(m[g] ?? null, text).toBe(ref.group(g));
        }
      }
    });
  }
});
