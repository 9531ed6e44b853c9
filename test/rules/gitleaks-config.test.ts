import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SpillkitError } from '../../src/errors.js';
import { compileAllowlists } from '../../src/rules/allowlist.js';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { parseGitleaksConfig } from '../../src/rules/gitleaks-config.js';
import { spillkitErrorOf } from '../helpers/spillkit-error.js';

const commitA = createHash('sha1').update('commit-a').digest('hex');
const commitB = createHash('sha1').update('commit-b').digest('hex');

// A config in the shape teams keep next to their code: extend the defaults, add company rules, allowlist
// fixtures. Patterns only, no credential in it.
const CONFIG = `
title = "acme gitleaks config"

[extend]
useDefault = true
disabledRules = ["generic-api-key", "slack-webhook-url"]

[[rules]]
id = "acme-internal-token"
description = "ACME internal API token"
regex = '''(?i)\\b(acme_(?:live|test)_[[:alnum:]]{32})\\b'''
secretGroup = 1
entropy = 3.5
keywords = ["ACME_LIVE", "acme_test"]
tags = ["acme", "internal"]

[[rules.allowlists]]
description = "test tokens"
regexes = ['''^acme_test_''']

[[rules.allowlists]]
condition = "AND"
regexTarget = "line"
regexes = ['''(?i)example''']
paths = ['''^docs/''']

[[rules]]
id = "acme-session-secret"
description = "ACME session signing secret"
regex = '''session_secret\\s*=\\s*"(?P<secret>[a-f0-9]{64})"\\z'''
secretGroup = 1

[rules.allowlist]
stopwords = ["deadbeef"]

[[rules]]
id = "pkcs12-file"
description = "PKCS #12 key store"
path = '''(?i)\\.(?:p12|pfx)$'''

[[rules]]
id = "terraform-var"
description = "password in terraform vars"
regex = '''(?s)[a-z_]*pass(?:word)?\\s*=\\s*"([^"]{8,})"'''
path = '''\\.tfvars$'''

[[rules]]
id = "aws-access-token"
[[rules.allowlists]]
regexes = ['''.+EXAMPLE$''']

[allowlist]
description = "global allowlist"
paths = ['''(?:^|/)vendor/''', '''(?i)\\.snap$''']
commits = ["${commitA}"]
stopwords = ["placeholder"]

[[allowlists]]
description = "only for the acme rules"
targetRules = ["acme-internal-token", "acme-session-secret"]
commits = ["${commitB.slice(0, 12)}"]
`;

describe('parseGitleaksConfig', () => {
  const parsed = parseGitleaksConfig(CONFIG, '.gitleaks.toml');

  it('reads title and [extend]', () => {
    expect(parsed.title).toBe('acme gitleaks config');
    expect(parsed.useDefault).toBe(true);
    expect(parsed.disabledRules).toEqual(['generic-api-key', 'slack-webhook-url']);
  });

  it('translates a rule with (?i), POSIX class, secretGroup, entropy, keywords', () => {
    const rule = parsed.rules.find((r) => r.id === 'acme-internal-token')!;
    expect(rule).toMatchObject({
      provider: 'custom',
      title: 'ACME internal API token',
      severity: 'high',
      confidence: 'medium',
      flags: 'i',
      secretGroup: 1,
      entropy: 3.5,
      keywords: ['acme_live', 'acme_test'],
      origin: 'gitleaks',
      examples: [],
      negativeExamples: [],
    });
    const token = `acme_live_${fakeSecret('github-pat', 'acme').slice(4)}`.slice(0, 42);
    const m = new RegExp(rule.pattern, rule.flags).exec(`key: ${token.toUpperCase()} `);
    expect(m?.[1]).toBe(token.toUpperCase());
  });

  it('derives keywords from the literal prefix when the rule has none', () => {
    const rule = parsed.rules.find((r) => r.id === 'acme-session-secret')!;
    expect(rule.keywords).toEqual(['session_secret']);
    expect(rule.pattern).toBe('session_secret\\s*=\\s*"(?<secret>[a-f0-9]{64})"$');
    const terraform = parsed.rules.find((r) => r.id === 'terraform-var')!;
    expect(terraform.keywords).toEqual([]); // keyword-less: the engine must run it on the whole text
    expect(terraform.flags).toBe('s');
  });

  it('keeps path-only rules apart', () => {
    expect(parsed.pathRules).toEqual([{ id: 'pkcs12-file', description: 'PKCS #12 key store', path: '(?i)\\.(?:p12|pfx)$' }]);
    expect(parsed.rules.some((r) => r.id === 'pkcs12-file')).toBe(false);
  });

  it('turns regex+path rules into a rule plus a negated path allowlist', () => {
    const lists = compileAllowlists(parsed.allowlists);
    expect(lists.allowsLocation('terraform-var', 'infra/prod.tfvars', null)).toBe(false);
    expect(lists.allowsLocation('terraform-var', 'infra/main.tf', null)).toBe(true);
    expect(lists.allowsLocation('acme-internal-token', 'infra/main.tf', null)).toBe(false);
  });

  it('keeps allowlist-only rules as allowlists scoped to that id', () => {
    expect(parsed.rules.some((r) => r.id === 'aws-access-token')).toBe(false);
    const lists = compileAllowlists(parsed.allowlists);
    expect(lists.allowsSecret('aws-access-token', 'not-a-key-EXAMPLE')).toBe(true);
    expect(lists.allowsSecret('acme-internal-token', 'not-a-key-EXAMPLE')).toBe(false);
  });

  it('translates every kind of allowlist', () => {
    const lists = compileAllowlists(parsed.allowlists);
    const testValue = ['acme', 'test', '0123'].join('_');
    // rule allowlist (regexes), scoped to its rule
    expect(lists.allowsSecret('acme-internal-token', testValue)).toBe(true);
    expect(lists.allowsSecret('acme-session-secret', testValue)).toBe(false);
    // [rules.allowlist] stopwords
    expect(lists.allowsSecret('acme-session-secret', 'ab12DEADBEEF')).toBe(true);
    // AND list with regexTarget line + paths
    const line = 'token: acme_live_x  # Example value';
    expect(lists.allowsFinding('acme-internal-token', { secret: 'acme_live_x', line, path: 'docs/a.md', commit: null })).toBe(true);
    expect(lists.allowsFinding('acme-internal-token', { secret: 'acme_live_x', line, path: 'src/a.ts', commit: null })).toBe(false);
    expect(lists.allowsFinding('acme-internal-token', { secret: 'acme_live_x', line: 'token', path: 'docs/a.md', commit: null })).toBe(false);
    // global [allowlist]: paths (with (?i)), commits, stopwords, for every rule
    expect(lists.allowsLocation('any-rule', 'third_party/vendor/x.go', null)).toBe(true);
    expect(lists.allowsLocation('any-rule', 'ui/__snapshots__/a.SNAP', null)).toBe(true);
    expect(lists.allowsLocation('any-rule', 'src/a.go', commitA)).toBe(true);
    expect(lists.allowsSecret('any-rule', 'my-PLACEHOLDER-value')).toBe(true);
    // [[allowlists]] with targetRules and an abbreviated commit
    expect(lists.allowsLocation('acme-session-secret', 'src/a.go', commitB)).toBe(true);
    expect(lists.allowsLocation('any-rule', 'src/a.go', commitB)).toBe(false);
  });

  it('records what it could not honour', () => {
    const composite = parseGitleaksConfig(
      `[[rules]]\nid = "pair"\nregex = "abc[0-9]+"\n[[rules.required]]\nid = "other"\n`,
      'g.toml',
    );
    expect(composite.warnings[0]).toMatch(/composite/);
    expect(composite.useDefault).toBe(false);
  });

  it('returns extend.path for the caller', () => {
    expect(parseGitleaksConfig('[extend]\npath = "base.toml"\n', 'g.toml').extendPath).toBe('base.toml');
  });
});

describe('parseGitleaksConfig errors', () => {
  const errorOf = (text: string): SpillkitError => spillkitErrorOf(() => parseGitleaksConfig(text, 'conf/.gitleaks.toml'));

  it('reports TOML syntax errors with their line', () => {
    const e = errorOf('title = "x"\n\n[[rules]]\nid = "a"\nregex = \n');
    expect(e.code).toBe('BAD_CONFIG');
    expect(e.message).toMatch(/^conf\/\.gitleaks\.toml:5: invalid TOML: /);
    expect(e.message).not.toContain('\n');
  });

  it('reports a regex that does not compile at its line', () => {
    const e = errorOf('[[rules]]\nid = "ok"\nregex = "abc"\n\n[[rules]]\nid = "broken"\ndescription = "x"\nregex = \'\'\'abc([0-9\'\'\'\n');
    expect(e.message).toMatch(/^conf\/\.gitleaks\.toml:8: rule broken: regex does not compile/);
  });

  it('reports a bad secretGroup, condition, regexTarget and missing id', () => {
    expect(errorOf('[[rules]]\nid = "a"\nregex = "a(b)"\nsecretGroup = 3\n').message).toMatch(/:4: rule a: secretGroup 3 but the regex has 1 group/);
    expect(errorOf('[allowlist]\ncondition = "XOR"\npaths = ["a"]\n').message).toMatch(/:2: allowlist: condition/);
    expect(errorOf('[[allowlists]]\nregexTarget = "file"\nregexes = ["a"]\n').message).toMatch(/:2: allowlists\[0\]: regexTarget/);
    expect(errorOf('[[rules]]\ndescription = "no id"\nregex = "abc"\n').message).toMatch(/:1: rules\[0\] has no id/);
  });

  it('refuses empty allowlists, rules without regex/path, duplicate ids', () => {
    expect(errorOf('title = "t"\n[allowlist]\ndescription = "empty"\n').message).toMatch(/:2: allowlist has no paths/);
    expect(errorOf('[[rules]]\nid = "lonely"\n').message).toMatch(/rule lonely has no regex and no path/);
    expect(errorOf('[[rules]]\nid = "a"\nregex = "abc"\n[[rules]]\nid = "a"\nregex = "abd"\n').message).toMatch(/:5: duplicate rule id a/);
  });

  it('reports a bad allowlist regex in a rule', () => {
    const e = errorOf('[[rules]]\nid = "a"\nregex = "abc"\n[[rules.allowlists]]\nregexes = [\'\'\'(?P<x\'\'\']\n');
    expect(e.message).toBe('conf/.gitleaks.toml:5: rule a: allowlists[0]: regex "(?P<x" does not compile: Invalid group');
  });
});
