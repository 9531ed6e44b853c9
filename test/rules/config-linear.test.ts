import { describe, expect, it } from 'vitest';
import { compileAllowlists } from '../../src/rules/allowlist.js';
import { parseSpillkitConfig } from '../../src/rules/config.js';
import { parseGitleaksConfig } from '../../src/rules/gitleaks-config.js';
import { spillkitErrorOf } from '../helpers/spillkit-error.js';

// Configs whose patterns are valid JavaScript but have no linear-time form, or would hang V8.

const YAML = `rules:
  - id: good-token
    pattern: 'goodtok_[a-z0-9]{16}'
  - id: lookahead-token
    pattern: 'laht_(?=[a-z])[a-z0-9]{16}'
allowlists:
  - regexes: ['^(?!x)a']
  - paths: ['^docs/']
`;

const TOML = `[[rules]]
id = "good-token"
regex = '''goodtok_[a-z0-9]{16}'''

[[rules]]
id = "huge-token"
regex = '''huge_[a-z]{1,5000}'''

[[rules]]
id = "keeps-rule"
regex = '''keep_[a-z]{8}'''
[[rules.allowlists]]
regexes = ['''(a+)+$''', '''x{1,9999}''']

[[allowlists]]
paths = ['''^vendor/''']

[[allowlists]]
regexes = ['''(?i)sample''']
paths = ['''a{2000}''']
`;

describe('a pattern the linear-time engine cannot run', () => {
  it('is refused in a config the user names, at its line', () => {
    const e = spillkitErrorOf(() => parseSpillkitConfig(YAML, 'c.yaml'));
    expect(e.code).toBe('BAD_CONFIG');
    expect(e.message).toBe('c.yaml:5: rule lookahead-token: pattern cannot run on the linear-time engine config patterns use: lookahead `(?=`');
    const g = spillkitErrorOf(() => parseGitleaksConfig(TOML, 'g.toml'));
    expect(g.message).toBe('g.toml:7: rule huge-token: regex cannot run on the linear-time engine config patterns use: invalid repeat count: `{1,5000}`');
  });

  it("skips the rule or allowlist holding it in a repository's own config, with a warning naming it", () => {
    const yaml = parseSpillkitConfig(YAML, '.spillkit.yaml', { skipUnsupported: true });
    expect(yaml.rules.map((r) => r.id)).toEqual(['good-token']);
    expect(yaml.allowlists).toEqual([{ paths: ['^docs/'], regexes: [], stopwords: [], commits: [] }]);
    expect(yaml.warnings).toEqual([
      '.spillkit.yaml:5: rule lookahead-token: pattern cannot run on the linear-time engine config patterns use: lookahead `(?=`; skipped',
      '.spillkit.yaml:7: allowlists[0].regexes[0] cannot run on the linear-time engine config patterns use: lookahead `(?!`; skipped',
    ]);
    const toml = parseGitleaksConfig(TOML, '.gitleaks.toml', { skipUnsupported: true });
    expect(toml.rules.map((r) => r.id)).toEqual(['good-token', 'keeps-rule']);
    expect(toml.allowlists.map((a) => a.paths)).toEqual([['^vendor/']]);
    expect(toml.skipped).toHaveLength(3);
    expect(toml.skipped[0]).toMatch(/^\.gitleaks\.toml:7: rule huge-token: regex cannot run .*; skipped$/);
    expect(toml.skipped[1]).toMatch(/^\.gitleaks\.toml:13: rule keeps-rule: allowlists\[0\]: regex "x\{1,9999\}" cannot run .*repeat count.*; skipped$/);
    expect(toml.skipped[2]).toMatch(/^\.gitleaks\.toml:20: allowlists\[1\]: path "a\{2000\}" cannot run/);
  });

  it('never runs a config example on V8 (a catastrophic pattern with a hostile example loads at once)', () => {
    const hostile = `rules:\n  - id: redos\n    pattern: '(a+)+$'\n    examples: ['${'a'.repeat(40)}!']\n`;
    const started = Date.now();
    expect(spillkitErrorOf(() => parseSpillkitConfig(hostile, 'c.yaml')).message).toMatch(/^c\.yaml:4: rule redos: pattern does not match example 1$/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('runs catastrophic allowlist regexes and paths in linear time', () => {
    const lists = compileAllowlists([{ paths: ['^(a|aa)+$'], regexes: ['(x+x+)+y'], stopwords: [], commits: [] }]);
    const started = Date.now();
    expect(lists.allowsSecret('any', 'x'.repeat(50_000))).toBe(false);
    expect(lists.allowsLocation('any', `${'a'.repeat(50_000)}!`, null)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

