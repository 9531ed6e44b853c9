// The declarative rule features the long tail of providers is written with: a keyword that must stand
// near a bare value, a path the rule is bound to, and a checksum that raises or lowers confidence.
import { describe, expect, it } from 'vitest';
import { checksums } from '../../src/rules/checksums.js';
import { expandTemplate } from '../../src/rules/fake-secret.js';
import { loadBuiltinRules, validateRuleSpecs } from '../../src/rules/load.js';
import type { RuleSpec } from '../../src/rules/types.js';
import { compileRules, findRawMatches, finalizeMatches, matchText, type RawMatch } from '../../src/scan/matcher.js';
import { explainMatch } from '../../src/scan/why.js';

function rule(over: Partial<RuleSpec>): RuleSpec {
  return {
    id: 'acme-key', provider: 'acme', title: 'Acme key', severity: 'high', confidence: 'medium',
    keywords: ['acme'], pattern: '\\b(?<secret>[a-f0-9]{32})\\b', examples: ['x'], negativeExamples: ['y'], origin: 'builtin', ...over,
  };
}

const hex = (seed: string): string => expandTemplate('$[hex:32]', seed);

describe('context', () => {
  const sameLine = compileRules([rule({ context: {} })]);
  const near = compileRules([rule({ context: { within: 40 } })]);
  const otherWord = compileRules([rule({ keywords: ['acme'], context: { keywords: ['region'] } })]);

  it('finds a bare value on the keyword\'s line and not elsewhere', () => {
    const key = hex('a');
    expect(matchText(sameLine, `ACME_API_KEY=${key}\n`).map((m) => m.secret)).toEqual([key]);
    expect(matchText(sameLine, `acme:\n  key: ${key}\n`)).toEqual([]);
  });

  it('with within, finds it on the next line of a YAML block but not far away', () => {
    const key = hex('b');
    expect(matchText(near, `acme:\n  api_key: ${key}\n`).map((m) => m.secret)).toEqual([key]);
    expect(matchText(near, `acme:\n${'#'.repeat(80)}\n  api_key: ${key}\n`)).toEqual([]);
  });

  it('needs its own context keyword when it names one', () => {
    const key = hex('c');
    expect(matchText(otherWord, `acme_key=${key}\n`)).toEqual([]);
    expect(matchText(otherWord, `acme_key=${key} region=eu\n`).map((m) => m.secret)).toEqual([key]);
  });

  it('does not count the keyword inside the secret itself', () => {
    const m = compileRules([rule({ keywords: ['acme'], pattern: '\\b(?<secret>acme[a-f0-9]{28})\\b', context: { keywords: ['acme'], within: 10 } })]);
    expect(matchText(m, `value ${'acme' + expandTemplate('$[hex:28]', 'd')}\n`)).toEqual([]);
  });

  it('does not take a slice of a long base64 run (an inline image) for a key, but keeps one in a path', () => {
    const m = compileRules([rule({ keywords: ['acme'], pattern: '(?<![A-Za-z0-9])(?<secret>[a-f0-9]{32})(?![A-Za-z0-9])', context: { within: 80 } })]);
    const key = hex('e');
    const data = `${expandTemplate('$[alnum:60]', 'f')}/${key}/${expandTemplate('$[alnum:60]', 'g')}`;
    expect(matchText(m, `<svg acme="1"><image href="data:image/png;base64,${data}"/></svg>\n`)).toEqual([]);
    expect(matchText(m, `acme_url = "https://hooks.acme.io/v1/${key}/send"\n`).map((x) => x.secret)).toEqual([key]);
  });

  it('is refused when malformed', () => {
    expect(() => validateRuleSpecs([rule({ context: { within: -1 } })], 't.yaml')).toThrow(/context.within/);
    expect(() => validateRuleSpecs([rule({ context: { keywords: ['ab'] } })], 't.yaml')).toThrow(/context.keywords/);
  });
});

describe('path', () => {
  const pathRule = rule({ id: 'netrc-password', provider: 'netrc', keywords: ['password'], pattern: 'password\\s+(?<secret>\\S{6,})', path: '(?:^|/)[._]netrc$', confidence: 'high' });
  const generic = rule({ id: 'generic-x', provider: 'generic', keywords: ['password'], pattern: 'password\\s+(?<secret>\\S{6,})', confidence: 'low' });
  const m = compileRules([pathRule, generic]);
  const text = `machine git.acme.io login deploy password ${expandTemplate('$[alnum:20]', 'e')}\n`;

  it('counts only at a matching path, and then supersedes the generic rule', () => {
    expect(matchText(m, text, 'home/.netrc').map((x) => x.ruleId)).toEqual(['netrc-password']);
    expect(matchText(m, text, 'docs/netrc.md').map((x) => x.ruleId)).toEqual(['generic-x']);
    expect(matchText(m, text).map((x) => x.ruleId)).toEqual(['generic-x']);
  });

  it('needs examples with a path', () => {
    expect(() => validateRuleSpecs([{ ...pathRule, examples: ['password abcdefgh'] }], 't.yaml')).toThrow(/\{path, text\}/);
    expect(validateRuleSpecs([{ ...pathRule, examples: [{ path: '.netrc', text: 'password abcdefgh' }] }], 't.yaml')).toHaveLength(1);
  });
});

describe('checksum', () => {
  const gh = rule({ id: 'gh-pat', provider: 'github', keywords: ['ghp_'], pattern: '\\b(?<secret>ghp_[A-Za-z0-9]{36})\\b', checksum: 'crc32-base62', confidence: 'high' });
  const m = compileRules([gh]);

  function explain(text: string): ReturnType<typeof explainMatch> {
    const buf = Buffer.from(text);
    const raw: RawMatch[] = [];
    findRawMatches(m, buf, null, raw);
    const [match] = finalizeMatches(m, buf, raw);
    return explainMatch(m.rules[match.rule], buf, match, buf.toString('utf8', match.ss, match.se));
  }

  it('keeps high confidence when the CRC32 holds and says so', () => {
    const token = expandTemplate('ghp_$[crc62:30]', 'f');
    expect(checksums['crc32-base62'](token)).toBe(true);
    expect(explain(`GITHUB_TOKEN=${token}`)).toEqual({ why: ['prefix ghp_', 'CRC32 checksum holds'], confidence: 'high' });
  });

  it('reports a token whose checksum fails at low confidence', () => {
    const token = `ghp_${expandTemplate('$[alnum:36]', 'g')}`;
    expect(checksums['crc32-base62'](token)).toBe(false);
    const out = explain(`GITHUB_TOKEN=${token}`);
    expect(out.confidence).toBe('low');
    expect(out.why.join(' ')).toMatch(/does not hold/);
  });

  it('parses PyPI macaroons and key blocks', () => {
    expect(checksums['pypi-macaroon'](`pypi-${expandTemplate('$[pypi]', 'h')}`)).toBe(true);
    expect(checksums['pypi-macaroon'](`pypi-${expandTemplate('$[b64url:120]', 'h')}`)).toBe(false);
    expect(checksums['der-sequence'](expandTemplate('$[pem:RSA PRIVATE KEY]', 'i'))).toBe(true);
    expect(checksums['der-sequence'](`-----BEGIN RSA PRIVATE KEY-----\n${expandTemplate('$[b64:64]', 'j')}\n-----END RSA PRIVATE KEY-----`)).toBe(false);
    expect(checksums['openssh-key'](expandTemplate('$[openssh]', 'k'))).toBe(true);
  });
});

describe('embedded private keys', () => {
  const builtin = compileRules(loadBuiltinRules());
  const pem = expandTemplate('$[pem:RSA PRIVATE KEY]', 'embedded');

  it('are found indented in YAML, in a heredoc, as JSON escapes and as concatenated string literals', () => {
    const lines = pem.split('\n');
    const texts = {
      yaml: `tls:\n  key: |\n${lines.map((l) => `    ${l}`).join('\n')}\n`,
      heredoc: `resource "x" "y" {\n  key = <<-EOT\n${lines.map((l) => `    ${l}`).join('\n')}\n  EOT\n}\n`,
      json: JSON.stringify({ key: `${pem}\n` }),
      python: `KEY = (\n${lines.map((l) => `    "${l}\\n"`).join('\n')}\n)\n`,
      java: `String key = ${lines.map((l) => `"${l}\\n"`).join(' +\n    ')};\n`,
    };
    for (const [kind, text] of Object.entries(texts)) {
      expect(matchText(builtin, text).map((m) => m.ruleId), kind).toEqual(['private-key-rsa']);
    }
  });

  it('are high confidence when the body parses as DER, low when it does not', () => {
    const m = compileRules(loadBuiltinRules().filter((r) => r.id === 'private-key-rsa'));
    const explainFirst = (text: string) => {
      const buf = Buffer.from(text);
      const raw: RawMatch[] = [];
      findRawMatches(m, buf, null, raw);
      const [match] = finalizeMatches(m, buf, raw);
      return explainMatch(m.rules[match.rule], buf, match, buf.toString('utf8', match.ss, match.se)).confidence;
    };
    expect(explainFirst(pem)).toBe('high');
    const random = `-----BEGIN RSA PRIVATE KEY-----\n${expandTemplate('$[b64:64]\n$[b64:64]\n$[b64:64]', 'l')}\n-----END RSA PRIVATE KEY-----`;
    expect(explainFirst(random)).toBe('low');
  });
});

describe('context words', () => {
  const lob = compileRules([rule({ id: 'lob-key', provider: 'lob', keywords: ['lob'], context: { word: true } })]);
  const anyWhere = compileRules([rule({ id: 'x-key', provider: 'x', keywords: ['xkcd'], context: { keywords: ['key'] } })]);
  const both = compileRules([rule({ id: 'gong-key', provider: 'gong', keywords: ['gong'], context: { within: 40, also: ['secret', 'token'] } })]);

  it('count inside words by default (`Apikey`, `hapikey`)', () => {
    expect(matchText(anyWhere, `xkcd hapikey=${hex('o')}`)).toHaveLength(1);
  });

  it('with word, must start a word, camelCase included', () => {
    const key = hex('m');
    expect(matchText(lob, `LOB_API_KEY=${key}`)).toHaveLength(1);
    expect(matchText(lob, `const myLobKey = "${key}";`)).toHaveLength(1);
    expect(matchText(lob, `blob_key = "${key}"`)).toEqual([]);
  });

  it('with also, need a second word near the value', () => {
    const key = hex('n');
    expect(matchText(both, `gong:\n  access_secret: ${key}\n`)).toHaveLength(1);
    expect(matchText(both, `gong:\n  call_id: ${key}\n`)).toEqual([]);
  });
});
