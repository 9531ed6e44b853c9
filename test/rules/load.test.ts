import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpillkitError } from '../../src/errors.js';
import { loadBuiltinRules, loadRuleDirectory, parseRuleFile, parseRuleFileWithProviders, validateRuleSpecs } from '../../src/rules/load.js';

function goodRule(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'acme-api-key',
    provider: 'acme',
    title: 'Acme API key',
    severity: 'high',
    confidence: 'high',
    keywords: ['acme_'],
    pattern: '(?<secret>acme_[a-z0-9]{32})',
    examples: ['key = acme_$[a-z0-9:32]'],
    negativeExamples: ['key = acme_<key>'],
    ...overrides,
  };
}

function refusal(specs: unknown[]): SpillkitError {
  try {
    validateRuleSpecs(specs, 'acme.yaml');
  } catch (error) {
    if (error instanceof SpillkitError) return error;
    throw error;
  }
  throw new Error('expected the rules to be refused');
}

describe('validateRuleSpecs', () => {
  it('accepts a well-formed rule', () => {
    expect(validateRuleSpecs([goodRule()], 'acme.yaml')).toHaveLength(1);
  });

  it.each([
    ['a missing pattern', goodRule({ pattern: undefined }), /acme\.yaml: rule acme-api-key: missing or empty "pattern"/],
    ['a missing title', goodRule({ title: '' }), /missing or empty "title"/],
    ['a missing provider', goodRule({ provider: undefined }), /missing or empty "provider"/],
    ['a missing id', goodRule({ id: undefined }), /acme\.yaml: rule #1: missing "id"/],
    ['a non-kebab id', goodRule({ id: 'Acme_Key' }), /kebab-case/],
    ['a regex that does not compile', goodRule({ pattern: '(?<secret>acme_[a-z' }), /pattern does not compile as a JavaScript RegExp/],
    ['a Go-only regex construct', goodRule({ pattern: '(?i)acme_[a-z0-9]{32}' }), /pattern does not compile/],
    ['a bad flag', goodRule({ flags: 'x' }), /flags may only hold/],
    ['an unknown validator', goodRule({ validate: 'luhn' }), /unknown validator "luhn"/],
    ['no keywords', goodRule({ keywords: [] }), /needs at least one keyword/],
    ['a short keyword', goodRule({ keywords: ['ac'] }), /keyword "ac" is shorter than 3 characters/],
    ['no examples', goodRule({ examples: [] }), /needs at least one example/],
    ['no negative examples', goodRule({ negativeExamples: undefined }), /needs at least one negative example/],
    ['a bad severity', goodRule({ severity: 'urgent' }), /severity must be one of critical, high, medium, low \(got "urgent"\)/],
    ['a bad confidence', goodRule({ confidence: 'certain' }), /confidence must be one of/],
    ['a bad allow regex', goodRule({ allow: ['[unclosed'] }), /allow\[0\] does not compile/],
    ['a bad entropy', goodRule({ entropy: 12 }), /entropy must be/],
    ['a bad multiline', goodRule({ multiline: -1 }), /multiline must be/],
    ['an unknown field', goodRule({ regex: 'acme_' }), /unknown field "regex"/],
  ])('refuses %s', (_what, rule, message) => {
    const error = refusal([rule]);
    expect(error.code).toBe('BAD_RULE');
    expect(error.message).toMatch(message);
    expect(error.data.source).toBe('acme.yaml');
  });

  it('refuses duplicate ids, within a file and across files', () => {
    expect(refusal([goodRule(), goodRule()]).message).toBe('acme.yaml: rule acme-api-key: duplicate rule id');
    const seen = new Set<string>();
    validateRuleSpecs([goodRule()], 'a.yaml', seen);
    expect(() => validateRuleSpecs([goodRule()], 'b.yaml', seen)).toThrow(/b\.yaml: rule acme-api-key: duplicate rule id/);
  });
});

describe('rule files', () => {
  it('applies the file provider unless a rule overrides it', () => {
    const rules = parseRuleFile(
      'provider: acme\nrules:\n  - id: a\n  - id: b\n    provider: acme-cloud\n',
      'acme.yaml',
    ) as Array<Record<string, unknown>>;
    expect(rules.map((rule) => rule.provider)).toEqual(['acme', 'acme-cloud']);
    expect(rules[0].origin).toBe('builtin');
  });

  it('reads a family file of several providers with their names and console pages', () => {
    const parsed = parseRuleFileWithProviders([
      'providers:',
      '  - id: acme',
      '    name: Acme',
      '    console: { url: "https://acme.test/keys", steps: ["Delete the key."] }',
      '    rules: [{ id: acme-key }]',
      '  - id: zeta',
      '    rules: [{ id: zeta-key }]',
    ].join('\n'), 'family.yaml');
    expect((parsed.rules as Array<Record<string, unknown>>).map((r) => [r.id, r.provider])).toEqual([['acme-key', 'acme'], ['zeta-key', 'zeta']]);
    expect(parsed.providers).toEqual([{ id: 'acme', name: 'Acme', console: { url: 'https://acme.test/keys', steps: ['Delete the key.'] } }]);
  });

  it('refuses a console page without https or steps', () => {
    expect(() => parseRuleFileWithProviders('provider: acme\nname: Acme\nconsole: { url: "http://acme.test", steps: [x] }\nrules: []\n', 'a.yaml')).toThrow(/a\.yaml: provider acme: console.url must be an https URL/);
    expect(() => parseRuleFileWithProviders('provider: acme\nname: Acme\nconsole: { url: "https://acme.test" }\nrules: []\n', 'a.yaml')).toThrow(/console.steps/);
    expect(() => parseRuleFileWithProviders('providers:\n  - rules: []\n', 'a.yaml')).toThrow(/needs an "id"/);
  });

  it('refuses files that are not YAML or hold no rules list', () => {
    expect(() => parseRuleFile('rules: [\n', 'broken.yaml')).toThrow(/broken\.yaml: not valid YAML/);
    expect(() => parseRuleFile('provider: acme\n', 'empty.yaml')).toThrow(/empty\.yaml: expected a mapping with a "rules:" list/);
  });

  it('names the file of a bad rule when loading a directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spillkit-rules-'));
    writeFileSync(join(dir, 'good.yaml'), 'provider: acme\nrules: []\n');
    writeFileSync(
      join(dir, 'bad.yaml'),
      'provider: acme\nrules:\n  - id: acme-x\n    title: X\n    severity: high\n    confidence: high\n    keywords: [acme]\n    pattern: "(unclosed"\n    examples: [a]\n    negativeExamples: [b]\n',
    );
    expect(() => loadRuleDirectory(dir)).toThrow(/^bad\.yaml: rule acme-x: pattern does not compile/);
  });

  it('loads the built-in rules once and caches them', () => {
    const first = loadBuiltinRules();
    expect(first.length).toBeGreaterThan(0);
    expect(loadBuiltinRules()).toBe(first);
    expect(first.every((rule) => rule.origin === 'builtin')).toBe(true);
  });
});
