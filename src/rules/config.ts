/**
 * User configuration for `spillkit scan`: custom rules, allowlists and disabled rules.
 *
 * Where it comes from: `--config FILE` (`.toml` is read as a gitleaks config, `.yaml`/`.yml`/`.json` as a
 * spillkit config); otherwise the worktree root's `.spillkit.yaml` (or `.spillkit.yml`) and
 * `.gitleaks.toml`, both when both exist. None: an empty config. A gitleaks `[extend] path` is followed
 * (relative to the file that names it, two levels deep, as gitleaks does); the extending file's rules
 * win over the extended one's. When a spillkit config and a .gitleaks.toml define the same rule id, the
 * spillkit one wins. spillkit keeps its built-in rules whatever `[extend] useDefault` says: a narrow
 * .gitleaks.toml must not silently switch off detection during an incident (`disabledRules` does).
 *
 * The spillkit format (YAML; JSON with the same structure):
 *
 *   rules:                       # custom rules, fields as RuleSpec in src/rules/types.ts
 *     - id: acme-internal-token  # required, letters, digits, '-', '_', '.'
 *       pattern: 'acme_[a-z0-9]{32}'   # required, JavaScript regex
 *       title: ACME token        # default: the id
 *       provider: custom         # default custom
 *       severity: high           # critical|high|medium|low, default high
 *       confidence: medium       # high|medium|low, default medium
 *       keywords: [acme_]        # default: the pattern's literal prefix (>= 3 chars), else none
 *       flags: i                 # any of i, s, m, u
 *       secretGroup: 1           # number or group name
 *       entropy: 3.5
 *       multiline: 0
 *       allow: ['^acme_0+$']     # regexes: a matching secret is not a secret
 *       validate: jwt
 *       placeholderCheck: true
 *       examples: ['token = acme_$[a-z0-9:32]']   # optional for user rules; each must match
 *       negativeExamples: []
 *       references: []
 *   allowlists:                  # fields as Allowlist in src/rules/types.ts
 *     - description: test fixtures
 *       paths: ['^test/fixtures/']      # regexes; a leading (?i) makes one case-insensitive
 *       regexes: ['^EXAMPLE']
 *       regexTarget: secret             # secret|match|line
 *       stopwords: [example]
 *       commits: [0123abcd...]
 *       ruleIds: [acme-internal-token]  # default: every rule
 *       condition: OR                   # OR (default) or AND, as gitleaks
 *   allowlist: {...}             # a single allowlist, same fields (gitleaks habit)
 *   disabledRules: [generic-api-key]
 *
 * A malformed file is BAD_CONFIG `<file>:<line>: <what is wrong>`.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, isPair, isScalar, type Document } from 'yaml';
import { SpillkitError } from '../errors.js';
import { compileAllowlistRegex, type ConfiguredAllowlist } from './allowlist.js';
import { expandTemplate } from './fake-secret.js';
import { literalPrefixKeywords, parseGitleaksConfig, type GitleaksPathRule } from './gitleaks-config.js';
import type { Confidence, RuleSpec, Severity } from './types.js';

export interface ScanConfig {
  /** Custom rules, origin `config` or `gitleaks`. */
  rules: RuleSpec[];
  /** gitleaks rules that flag a file by its path alone (no regex): not expressible as a RuleSpec. */
  pathRules: GitleaksPathRule[];
  allowlists: ConfiguredAllowlist[];
  disabledRules: string[];
  /** Files read, in order. */
  sources: string[];
  warnings: string[];
}

export interface LoadScanConfigOptions {
  configPath?: string;
  worktree?: string;
}

const MAX_EXTEND_DEPTH = 2;

export function emptyScanConfig(): ScanConfig {
  return { rules: [], pathRules: [], allowlists: [], disabledRules: [], sources: [], warnings: [] };
}

export function loadScanConfig(opts: LoadScanConfigOptions): ScanConfig {
  const files: string[] = [];
  if (opts.configPath !== undefined) {
    files.push(opts.configPath);
  } else if (opts.worktree !== undefined) {
    const yaml = ['.spillkit.yaml', '.spillkit.yml'].map((n) => join(opts.worktree!, n)).find(isFile);
    const toml = join(opts.worktree, '.gitleaks.toml');
    if (yaml) files.push(yaml);
    if (isFile(toml)) files.push(toml);
  }
  // Later files are merged under earlier ones: the spillkit config wins over .gitleaks.toml.
  return files.reduce((acc, file) => mergeConfigs(acc, loadConfigFile(file)), emptyScanConfig());
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function readConfig(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot be read';
    throw new SpillkitError('BAD_CONFIG', `${file}: config file ${why}`, { file });
  }
}

export function loadConfigFile(file: string): ScanConfig {
  const ext = extname(file).toLowerCase();
  if (ext === '.toml') return loadGitleaksFile(file, 0, new Set());
  if (ext === '.yaml' || ext === '.yml' || ext === '.json') {
    const config = parseSpillkitConfig(readConfig(file), file);
    config.sources = [file];
    return config;
  }
  throw new SpillkitError('BAD_CONFIG', `${file}: unknown config format (expected .yaml, .yml, .json or .toml)`, { file });
}

function loadGitleaksFile(file: string, depth: number, seen: Set<string>): ScanConfig {
  seen.add(resolve(file));
  const parsed = parseGitleaksConfig(readConfig(file), file);
  const own: ScanConfig = {
    rules: parsed.rules,
    pathRules: parsed.pathRules,
    allowlists: parsed.allowlists,
    disabledRules: parsed.disabledRules,
    sources: [file],
    warnings: parsed.warnings.map((w) => `${file}: ${w}`),
  };
  if (!parsed.extendPath) return own;
  const base = resolve(dirname(file), parsed.extendPath);
  if (depth + 1 > MAX_EXTEND_DEPTH) {
    own.warnings.push(`${file}: [extend] path ${parsed.extendPath} not followed (more than ${MAX_EXTEND_DEPTH} levels)`);
    return own;
  }
  if (seen.has(base)) throw new SpillkitError('BAD_CONFIG', `${file}: [extend] path ${parsed.extendPath} extends itself`, { file });
  if (!isFile(base)) throw new SpillkitError('BAD_CONFIG', `${file}: [extend] path ${parsed.extendPath} is not a file (looked at ${base})`, { file });
  const extended = loadGitleaksFile(base, depth + 1, seen);
  // gitleaks: the extending config's disabledRules also drop the extended config's rules.
  const disabled = new Set(own.disabledRules);
  extended.rules = extended.rules.filter((r) => !disabled.has(r.id));
  extended.pathRules = extended.pathRules.filter((r) => !disabled.has(r.id));
  const merged = mergeConfigs(own, extended);
  merged.sources = [...own.sources, ...extended.sources];
  return merged;
}

/** `first` wins on rule id collisions; lists are concatenated. */
export function mergeConfigs(first: ScanConfig, second: ScanConfig): ScanConfig {
  const ids = new Set([...first.rules.map((r) => r.id), ...first.pathRules.map((r) => r.id)]);
  return {
    rules: [...first.rules, ...second.rules.filter((r) => !ids.has(r.id))],
    pathRules: [...first.pathRules, ...second.pathRules.filter((r) => !ids.has(r.id))],
    allowlists: [...first.allowlists, ...second.allowlists],
    disabledRules: [...new Set([...first.disabledRules, ...second.disabledRules])],
    sources: [...first.sources, ...second.sources],
    warnings: [...first.warnings, ...second.warnings],
  };
}

// ---------------------------------------------------------------------------------------------------
// The spillkit YAML/JSON format

type Path = Array<string | number>;
type Locate = (path: Path) => number | null;

class FieldError extends Error {
  constructor(
    readonly path: Path,
    message: string,
  ) {
    super(message);
  }
}

function badConfig(file: string, line: number | null, what: string): SpillkitError {
  return new SpillkitError('BAD_CONFIG', line === null ? `${file}: ${what}` : `${file}:${line}: ${what}`, { file, line });
}

function yamlLocator(doc: Document, counter: LineCounter): Locate {
  return (path) => {
    // Walk up the path until a node with a position is found (a missing field: its parent's line).
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) return counter.linePos(range[0]).line;
    }
    return null;
  };
}

/** Line of a key (for unknown keys: the value may be on a later line or absent). */
function keyLocator(doc: Document, counter: LineCounter, locate: Locate): Locate {
  return (path) => {
    const parent = path.length <= 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === path[path.length - 1]);
      const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
      if (range) return counter.linePos(range[0]).line;
    }
    return locate(path);
  };
}

function parseYamlText(text: string, file: string): { value: unknown; locate: Locate; locateKey: Locate } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0].line ?? counter.linePos(error.pos[0]).line;
    throw badConfig(file, line, `invalid YAML: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (e) {
    throw badConfig(file, null, `invalid YAML: ${(e as Error).message.split('\n')[0]}`); // e.g. an alias bomb
  }
  const locate = yamlLocator(doc, counter);
  return { value, locate, locateKey: keyLocator(doc, counter, locate) };
}

function parseJsonText(text: string, file: string): { value: unknown; locate: Locate; locateKey: Locate } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : null;
    throw badConfig(file, line, `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`);
  }
  // JSON is YAML: reuse the YAML document for field positions when it reads the same.
  try {
    const { locate, locateKey } = parseYamlText(text, file);
    return { value, locate, locateKey };
  } catch {
    return { value, locate: () => null, locateKey: () => null };
  }
}

export function parseSpillkitConfig(text: string, file: string): ScanConfig {
  const json = extname(file).toLowerCase() === '.json';
  const { value, locate, locateKey } = json ? parseJsonText(text, file) : parseYamlText(text, file);
  try {
    return validateConfig(value);
  } catch (e) {
    if (!(e instanceof FieldError)) throw e;
    const unknownKey = e.message.startsWith('unknown field');
    throw badConfig(file, (unknownKey ? locateKey : locate)(e.path), e.message);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function where(path: Path): string {
  return path.map((p, n) => (typeof p === 'number' ? `[${p}]` : n === 0 ? p : `.${p}`)).join('');
}

function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], path: Path): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw new FieldError([...path, key], `unknown field ${where([...path, key])} (expected one of: ${allowed.join(', ')})`);
  }
}

function strings(v: unknown, path: Path): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new FieldError(path, `${where(path)} must be a list of strings`);
  v.forEach((x, n) => {
    if (typeof x !== 'string') throw new FieldError([...path, n], `${where([...path, n])} must be a string`);
  });
  return v as string[];
}

function optionalString(v: unknown, path: Path): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new FieldError(path, `${where(path)} must be a string`);
  return v;
}

function oneOf<T extends string>(v: unknown, choices: readonly T[], fallback: T, path: Path): T {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw new FieldError(path, `${where(path)} must be one of ${choices.join(', ')}, not ${JSON.stringify(v)}`);
  }
  return v as T;
}

function regexError(e: unknown): string {
  return (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
}

function validateConfig(value: unknown): ScanConfig {
  const config = emptyScanConfig();
  if (value === null || value === undefined) return config; // an empty file
  if (!isObject(value)) throw new FieldError([], 'the config must be a mapping with rules, allowlists and disabledRules');
  checkKeys(value, ['rules', 'allowlists', 'allowlist', 'disabledRules'], []);
  if (value.rules !== undefined && value.rules !== null) {
    if (!Array.isArray(value.rules)) throw new FieldError(['rules'], 'rules must be a list of rules');
    const ids = new Set<string>();
    value.rules.forEach((raw, n) => {
      const rule = validateRule(raw, ['rules', n]);
      if (ids.has(rule.id)) throw new FieldError(['rules', n, 'id'], `duplicate rule id ${rule.id}`);
      ids.add(rule.id);
      config.rules.push(rule);
    });
  }
  if (value.allowlist !== undefined && value.allowlist !== null) config.allowlists.push(validateAllowlist(value.allowlist, ['allowlist']));
  if (value.allowlists !== undefined && value.allowlists !== null) {
    if (!Array.isArray(value.allowlists)) throw new FieldError(['allowlists'], 'allowlists must be a list of allowlists');
    value.allowlists.forEach((raw, n) => config.allowlists.push(validateAllowlist(raw, ['allowlists', n])));
  }
  config.disabledRules = strings(value.disabledRules, ['disabledRules']);
  return config;
}

const RULE_FIELDS = [
  'id', 'provider', 'title', 'severity', 'confidence', 'keywords', 'pattern', 'flags', 'secretGroup', 'entropy',
  'multiline', 'allow', 'validate', 'placeholderCheck', 'examples', 'negativeExamples', 'references',
] as const;
const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low'];

function validateRule(raw: unknown, path: Path): RuleSpec {
  if (!isObject(raw)) throw new FieldError(path, `${where(path)} must be a mapping`);
  checkKeys(raw, RULE_FIELDS, path);
  const at = (key: string): Path => [...path, key];
  const id = optionalString(raw.id, at('id'));
  if (!id) throw new FieldError(path, `${where(path)} has no id`);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) {
    throw new FieldError(at('id'), `rule id ${JSON.stringify(id)} may hold only letters, digits, '-', '_' and '.'`);
  }
  const pattern = optionalString(raw.pattern, at('pattern'));
  if (!pattern) throw new FieldError(path, `rule ${id} has no pattern`);
  const flags = optionalString(raw.flags, at('flags')) ?? '';
  if (!/^[imsu]*$/.test(flags) || new Set(flags).size !== flags.length) {
    throw new FieldError(at('flags'), `rule ${id}: flags must be any of i, s, m, u`);
  }
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags);
  } catch (e) {
    throw new FieldError(at('pattern'), `rule ${id}: pattern does not compile: ${regexError(e)}`);
  }
  const rule: RuleSpec = {
    id,
    provider: optionalString(raw.provider, at('provider')) ?? 'custom',
    title: optionalString(raw.title, at('title')) ?? id,
    severity: oneOf(raw.severity, SEVERITIES, 'high', at('severity')),
    confidence: oneOf(raw.confidence, CONFIDENCES, 'medium', at('confidence')),
    keywords: [],
    pattern,
    examples: strings(raw.examples, at('examples')),
    negativeExamples: strings(raw.negativeExamples, at('negativeExamples')),
    origin: 'config',
  };
  if (flags) rule.flags = flags;
  const keywords = raw.keywords === undefined ? null : strings(raw.keywords, at('keywords'));
  rule.keywords = keywords === null ? literalPrefixKeywords(pattern) : [...new Set(keywords.map((k) => k.toLowerCase()).filter(Boolean))];
  validateNumbers(raw, rule, pattern, flags, path);
  const allow = strings(raw.allow, at('allow'));
  allow.forEach((a, n) => {
    try {
      new RegExp(a);
    } catch (e) {
      throw new FieldError([...path, 'allow', n], `rule ${id}: allow regex does not compile: ${regexError(e)}`);
    }
  });
  if (allow.length > 0) rule.allow = allow;
  const validate = optionalString(raw.validate, at('validate'));
  if (validate !== undefined) rule.validate = validate;
  if (raw.placeholderCheck !== undefined) {
    if (typeof raw.placeholderCheck !== 'boolean') throw new FieldError(at('placeholderCheck'), `rule ${id}: placeholderCheck must be true or false`);
    rule.placeholderCheck = raw.placeholderCheck;
  }
  const references = strings(raw.references, at('references'));
  if (references.length > 0) rule.references = references;
  rule.examples.forEach((example, n) => {
    // Catch a pattern that cannot match its own example now, not as a silent miss during an incident.
    let text: string;
    try {
      text = expandTemplate(example, `${id}#${n}`);
    } catch (e) {
      throw new FieldError([...path, 'examples', n], `rule ${id}: example ${n + 1}: ${(e as Error).message}`);
    }
    if (!regex.test(text)) throw new FieldError([...path, 'examples', n], `rule ${id}: pattern does not match example ${n + 1}`);
  });
  return rule;
}

function validateNumbers(raw: Record<string, unknown>, rule: RuleSpec, pattern: string, flags: string, path: Path): void {
  const id = rule.id;
  const groups = (new RegExp(`${pattern}|`, flags).exec('') ?? []).length - 1;
  const group = raw.secretGroup;
  if (typeof group === 'number') {
    if (!Number.isInteger(group) || group < 0 || group > groups) {
      throw new FieldError([...path, 'secretGroup'], `rule ${id}: secretGroup ${group} but the pattern has ${groups} group(s)`);
    }
    rule.secretGroup = group;
  } else if (typeof group === 'string') {
    const named = new RegExp(`${pattern}|`, flags).exec('')?.groups ?? {};
    if (!(group in named)) {
      const what = `rule ${id}: secretGroup ${JSON.stringify(group)} is not a named group of the pattern`;
      throw new FieldError([...path, 'secretGroup'], what);
    }
    rule.secretGroup = group;
  } else if (group !== undefined && group !== null) {
    throw new FieldError([...path, 'secretGroup'], `rule ${id}: secretGroup must be a group number or name`);
  }
  if (raw.entropy !== undefined && raw.entropy !== null) {
    if (typeof raw.entropy !== 'number' || raw.entropy < 0 || raw.entropy > 8) {
      throw new FieldError([...path, 'entropy'], `rule ${id}: entropy must be a number from 0 to 8 (bits per character)`);
    }
    rule.entropy = raw.entropy;
  }
  if (raw.multiline !== undefined && raw.multiline !== null) {
    if (typeof raw.multiline !== 'number' || !Number.isInteger(raw.multiline) || raw.multiline < 0) {
      throw new FieldError([...path, 'multiline'], `rule ${id}: multiline must be a whole number of bytes`);
    }
    rule.multiline = raw.multiline;
  }
}

const ALLOWLIST_FIELDS = ['description', 'paths', 'regexes', 'regexTarget', 'stopwords', 'commits', 'ruleIds', 'condition'] as const;

function validateAllowlist(raw: unknown, path: Path): ConfiguredAllowlist {
  if (!isObject(raw)) throw new FieldError(path, `${where(path)} must be a mapping`);
  checkKeys(raw, ALLOWLIST_FIELDS, path);
  const at = (key: string): Path => [...path, key];
  const regexList = (key: 'paths' | 'regexes'): string[] =>
    strings(raw[key], at(key)).map((source, n) => {
      try {
        compileAllowlistRegex(source);
      } catch (e) {
        throw new FieldError([...path, key, n], `${where([...path, key, n])} does not compile: ${regexError(e)}`);
      }
      return source;
    });
  const list: ConfiguredAllowlist = {
    paths: regexList('paths'),
    regexes: regexList('regexes'),
    stopwords: strings(raw.stopwords, at('stopwords')),
    commits: strings(raw.commits, at('commits')),
  };
  const description = optionalString(raw.description, at('description'));
  if (description !== undefined) list.description = description;
  const target = oneOf(raw.regexTarget, ['secret', 'match', 'line'] as const, 'secret', at('regexTarget'));
  if (target !== 'secret') list.regexTarget = target;
  const condition = typeof raw.condition === 'string' ? raw.condition.toUpperCase() : raw.condition;
  if (oneOf(condition, ['OR', 'AND'] as const, 'OR', at('condition')) === 'AND') list.condition = 'AND';
  const ruleIds = strings(raw.ruleIds, at('ruleIds'));
  if (ruleIds.length > 0) list.ruleIds = ruleIds;
  if (list.paths.length + list.regexes.length + list.stopwords.length + list.commits.length === 0) {
    throw new FieldError(path, `${where(path)} has no paths, regexes, stopwords or commits`);
  }
  return list;
}
