import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileAllowlists } from '../../src/rules/allowlist.js';
import { loadScanConfig, parseSpillkitConfig } from '../../src/rules/config.js';
import { scratchDirs } from '../helpers/scratch-dirs.js';
import { spillkitErrorOf } from '../helpers/spillkit-error.js';

const scratch = scratchDirs('spillkit-config-');


const SPILLKIT_YAML = `# team config
rules:
  - id: acme-internal-token
    title: ACME internal API token
    pattern: 'acme_[a-z0-9]{32}'
    examples:
      - 'token: acme_$[a-z0-9:32]'
  - id: acme-db-password
    pattern: 'db_password\\s*=\\s*(?<secret>\\S{12,})'
    keywords: [DB_PASSWORD]
    provider: acme
    severity: critical
    confidence: low
    flags: i
    secretGroup: secret
    entropy: 3
    allow: ['^changeme']
    placeholderCheck: false
    references: [https://wiki.example/rotation]
allowlists:
  - description: fixtures
    paths: ['^test/fixtures/']
  - regexes: ['(?i)^example']
    ruleIds: [acme-internal-token]
    condition: and
    stopwords: [sample]
allowlist:
  commits: [0123456789abcdef]
disabledRules: [generic-api-key]
`;

describe('parseSpillkitConfig', () => {
  it('reads rules with defaults, allowlists and disabledRules', () => {
    const config = parseSpillkitConfig(SPILLKIT_YAML, '.spillkit.yaml');
    expect(config.rules).toHaveLength(2);
    expect(config.rules[0]).toEqual({
      id: 'acme-internal-token',
      provider: 'custom',
      title: 'ACME internal API token',
      severity: 'high',
      confidence: 'medium',
      keywords: ['acme_'],
      pattern: 'acme_[a-z0-9]{32}',
      examples: ['token: acme_$[a-z0-9:32]'],
      negativeExamples: [],
      origin: 'config',
    });
    expect(config.rules[1]).toMatchObject({
      id: 'acme-db-password',
      title: 'acme-db-password',
      provider: 'acme',
      severity: 'critical',
      confidence: 'low',
      keywords: ['db_password'],
      flags: 'i',
      secretGroup: 'secret',
      entropy: 3,
      allow: ['^changeme'],
      placeholderCheck: false,
      references: ['https://wiki.example/rotation'],
      origin: 'config',
    });
    expect(config.allowlists).toEqual([
      { paths: [], regexes: [], stopwords: [], commits: ['0123456789abcdef'] },
      { description: 'fixtures', paths: ['^test/fixtures/'], regexes: [], stopwords: [], commits: [] },
      { paths: [], regexes: ['(?i)^example'], stopwords: ['sample'], commits: [], ruleIds: ['acme-internal-token'], condition: 'AND' },
    ]);
    expect(config.disabledRules).toEqual(['generic-api-key']);
    const lists = compileAllowlists(config.allowlists);
    expect(lists.allowsSecret('acme-internal-token', 'EXAMPLE_sample')).toBe(true);
    expect(lists.allowsSecret('acme-internal-token', 'EXAMPLE_other')).toBe(false);
  });

  it('accepts an empty file and JSON', () => {
    expect(parseSpillkitConfig('', 'a.yaml').rules).toEqual([]);
    const json = JSON.stringify({ rules: [{ id: 'x-token', pattern: 'xtok_[0-9]{8}' }], disabledRules: ['a'] }, null, 2);
    const config = parseSpillkitConfig(json, 'a.json');
    expect(config.rules[0].keywords).toEqual(['xtok_']);
    expect(config.disabledRules).toEqual(['a']);
  });

  const cases: Array<[string, string, RegExp]> = [
    ['YAML syntax', 'rules:\n  - id: a\n    pattern: "\\q"\n', /^c\.yaml:3: invalid YAML: Invalid escape sequence \\q$/],
    ['unclosed YAML flow', 'rules:\n  - id: a\n    pattern: [unclosed\n', /^c\.yaml:4: invalid YAML: Flow sequence/],
    ['bad regex', 'rules:\n  - id: a\n\n    pattern: "abc(["\n', /^c\.yaml:4: rule a: pattern does not compile: /],
    ['unknown rule field', 'rules:\n  - id: a\n    pattern: abc\n    severty: high\n', /^c\.yaml:4: unknown field rules\[0\]\.severty/],
    ['unknown top field', 'rulez: []\n', /^c\.yaml:1: unknown field rulez/],
    ['bad severity', 'rules:\n  - id: a\n    pattern: abc\n    severity: urgent\n', /^c\.yaml:4: rules\[0\]\.severity must be one of critical, high, medium, low/],
    ['missing pattern', 'rules:\n  - id: a\n    title: t\n', /^c\.yaml:2: rule a has no pattern/],
    ['missing id', 'rules:\n  - pattern: abc\n', /^c\.yaml:2: rules\[0\] has no id/],
    ['duplicate id', 'rules:\n  - id: a\n    pattern: abc\n  - id: a\n    pattern: abd\n', /^c\.yaml:4: duplicate rule id a/],
    ['secretGroup too big', 'rules:\n  - id: a\n    pattern: a(b)\n    secretGroup: 2\n', /^c\.yaml:4: rule a: secretGroup 2 but the pattern has 1 group/],
    ['unknown named group', 'rules:\n  - id: a\n    pattern: a(b)\n    secretGroup: key\n', /^c\.yaml:4: rule a: secretGroup "key" is not a named group/],
    ['example that does not match', 'rules:\n  - id: a\n    pattern: abc\n    examples:\n      - abd\n', /^c\.yaml:5: rule a: pattern does not match example 1/],
    ['bad flags', 'rules:\n  - id: a\n    pattern: abc\n    flags: gi\n', /^c\.yaml:4: rule a: flags must be any of/],
    ['keywords not a list', 'rules:\n  - id: a\n    pattern: abc\n    keywords: abc\n', /^c\.yaml:4: rules\[0\]\.keywords must be a list of strings/],
    ['bad allowlist regex', 'allowlists:\n  - paths:\n      - ok\n      - "(["\n', /^c\.yaml:4: allowlists\[0\]\.paths\[1\] does not compile/],
    ['empty allowlist', 'allowlist:\n  description: nothing\n', /^c\.yaml:2: allowlist has no paths, regexes, stopwords or commits/],
    ['bad condition', 'allowlist:\n  paths: [a]\n  condition: xor\n', /^c\.yaml:3: allowlist\.condition must be one of OR, AND/],
    ['not a mapping', '- a\n- b\n', /^c\.yaml:1: the config must be a mapping/],
    ['duplicate key', 'rules: []\nrules: []\n', /^c\.yaml:2: invalid YAML: Map keys must be unique/],
  ];
  for (const [name, text, expected] of cases) {
    it(`refuses ${name} with file:line`, () => {
      const e = spillkitErrorOf(() => parseSpillkitConfig(text, 'c.yaml'));
      expect(e.code).toBe('BAD_CONFIG');
      expect(e.message).toMatch(expected);
      expect(e.message).not.toContain('\n');
    });
  }

  it('reports JSON syntax errors and bad fields with lines', () => {
    expect(spillkitErrorOf(() => parseSpillkitConfig('{\n  "rules": [\n    {"id": "a",}\n  ]\n}', 'c.json')).message).toMatch(/^c\.json:3: invalid JSON: /);
    const bad = '{\n  "rules": [\n    {\n      "id": "a",\n      "pattern": "(["\n    }\n  ]\n}\n';
    expect(spillkitErrorOf(() => parseSpillkitConfig(bad, 'c.json')).message).toMatch(/^c\.json:5: rule a: pattern does not compile/);
  });
});

describe('loadScanConfig', () => {
  const gitleaks = '[[rules]]\nid = "acme-internal-token"\nregex = "acme_[a-z]{8}"\n\n[[rules]]\nid = "gl-only"\nregex = "glonly_[0-9]{6}"\n';

  it('is empty with nothing to read', () => {
    expect(loadScanConfig({})).toEqual({ rules: [], pathRules: [], allowlists: [], disabledRules: [], sources: [], warnings: [] });
    expect(loadScanConfig({ worktree: scratch.dir }).sources).toEqual([]);
  });

  it('reads .spillkit.yaml and .gitleaks.toml from the worktree; spillkit wins on ids', () => {
    const yaml = scratch.write('.spillkit.yaml', SPILLKIT_YAML);
    const toml = scratch.write('.gitleaks.toml', gitleaks);
    scratch.write('.spillkit.yml', 'rules: [oops');
    const config = loadScanConfig({ worktree: scratch.dir });
    expect(config.sources).toEqual([yaml, toml]);
    expect(config.rules.map((r) => [r.id, r.origin])).toEqual([
      ['acme-internal-token', 'config'],
      ['acme-db-password', 'config'],
      ['gl-only', 'gitleaks'],
    ]);
  });

  it('falls back to .spillkit.yml', () => {
    const yml = scratch.write('.spillkit.yml', 'disabledRules: [x]\n');
    expect(loadScanConfig({ worktree: scratch.dir })).toMatchObject({ sources: [yml], disabledRules: ['x'] });
  });

  it('reads an explicit --config by its extension', () => {
    const toml = scratch.write('custom.toml', gitleaks);
    expect(loadScanConfig({ configPath: toml, worktree: scratch.dir }).rules.map((r) => r.origin)).toEqual(['gitleaks', 'gitleaks']);
    const json = scratch.write('custom.json', '{"disabledRules": ["y"]}');
    expect(loadScanConfig({ configPath: json }).disabledRules).toEqual(['y']);
    // An explicit config replaces discovery.
    scratch.write('.gitleaks.toml', gitleaks);
    expect(loadScanConfig({ configPath: json, worktree: scratch.dir }).rules).toEqual([]);
  });

  it('refuses a missing or unknown config file', () => {
    expect(spillkitErrorOf(() => loadScanConfig({ configPath: join(scratch.dir, 'nope.yaml') })).message).toMatch(/nope\.yaml: config file no such file$/);
    const ini = scratch.write('conf.ini', 'a=1');
    expect(spillkitErrorOf(() => loadScanConfig({ configPath: ini })).message).toMatch(/conf\.ini: unknown config format/);
    expect(spillkitErrorOf(() => loadScanConfig({ configPath: scratch.dir + '/x.toml' })).code).toBe('BAD_CONFIG');
  });

  it('follows [extend] path, with disabledRules and overrides', () => {
    mkdirSync(join(scratch.dir, 'base'));
    const base = scratch.write(
      'base/base.toml',
      '[[rules]]\nid = "shared"\nregex = "shared_[0-9]{4}"\n[[rules]]\nid = "old"\nregex = "old_[0-9]{4}"\n[[rules]]\nid = "over"\nregex = "base_[0-9]{4}"\n',
    );
    const child = scratch.write(
      'child.toml',
      '[extend]\npath = "base/base.toml"\ndisabledRules = ["old"]\n[[rules]]\nid = "over"\nregex = "child_[0-9]{4}"\n',
    );
    const config = loadScanConfig({ configPath: child });
    expect(config.sources).toEqual([child, base]);
    expect(config.rules.map((r) => [r.id, r.pattern])).toEqual([
      ['over', 'child_[0-9]{4}'],
      ['shared', 'shared_[0-9]{4}'],
    ]);
    expect(config.disabledRules).toEqual(['old']);
  });

  it('refuses an extend path that does not exist', () => {
    const child = scratch.write('child.toml', '[extend]\npath = "missing.toml"\n');
    expect(spillkitErrorOf(() => loadScanConfig({ configPath: child })).message).toMatch(/child\.toml: \[extend\] path missing\.toml is not a file/);
  });

  it('refuses an extend cycle and stops after two levels', () => {
    const loop = scratch.write('loop.toml', '[extend]\npath = "loop.toml"\n');
    expect(spillkitErrorOf(() => loadScanConfig({ configPath: loop })).message).toMatch(/extends itself/);
    scratch.write('c3.toml', '[[rules]]\nid = "deep"\nregex = "deep_[0-9]{4}"\n');
    scratch.write('c2.toml', '[extend]\npath = "c3.toml"\n');
    scratch.write('c1.toml', '[extend]\npath = "c2.toml"\n');
    const top = scratch.write('c0.toml', '[extend]\npath = "c1.toml"\n');
    const config = loadScanConfig({ configPath: top });
    expect(config.rules).toEqual([]);
    expect(config.warnings.join('\n')).toMatch(/not followed/);
  });

  it('puts the file name of a broken .gitleaks.toml in the error', () => {
    scratch.write('.gitleaks.toml', '[[rules]]\nid = "a"\nregex = "(?U)a+"\n');
    expect(spillkitErrorOf(() => loadScanConfig({ worktree: scratch.dir })).message).toBe(`${join(scratch.dir, '.gitleaks.toml')}:3: rule a: regex does not compile: ungreedy flag (?U) is not supported`);
  });
});
