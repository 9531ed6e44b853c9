/**
 * Loads the built-in rules (src/rules/data/*.yaml, copied to dist/rules/data by the build) and refuses
 * malformed rule data with a BAD_RULE error naming the file, the rule and what is wrong.
 *
 * A data file is `{ provider: <default>, rules: [RuleSpec...] }`; a rule may override `provider`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { SpillkitError } from '../errors.js';
import type { Confidence, RuleSpec, Severity } from './types.js';
import { checksums } from './checksums.js';
import { validators } from './validators.js';

const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));

const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low'];
const ALLOWED_FLAGS = /^[imsu]*$/;
const RULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MIN_KEYWORD_LENGTH = 3;
const KNOWN_FIELDS = new Set([
  'id', 'provider', 'title', 'severity', 'confidence', 'keywords', 'pattern', 'flags', 'secretGroup',
  'entropy', 'multiline', 'allow', 'validate', 'placeholderCheck', 'examples', 'negativeExamples',
  'references', 'origin', 'context', 'path', 'checksum',
]);

function fail(source: string, ruleId: string | undefined, problem: string): never {
  const where = ruleId === undefined ? source : `${source}: rule ${ruleId}`;
  throw new SpillkitError('BAD_RULE', `${where}: ${problem}`, { source, rule: ruleId ?? null, problem });
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Examples are texts, or `{path, text}` for rules that only count at some paths. */
function isExampleList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string'
    || (item !== null && typeof item === 'object' && typeof (item as { path?: unknown }).path === 'string' && typeof (item as { text?: unknown }).text === 'string'));
}

function validateContext(source: string, id: string, context: unknown): void {
  if (context === null || typeof context !== 'object' || Array.isArray(context)) fail(source, id, 'context must be a mapping (keywords, within, also, word)');
  const { keywords, within, also, word, ...rest } = context as Record<string, unknown>;
  if (word !== undefined && typeof word !== 'boolean') fail(source, id, 'context.word must be true or false');
  if (also !== undefined && (!isStringList(also) || also.length === 0 || also.some((k) => k.length < 2))) fail(source, id, 'context.also must be a list of words');
  if (Object.keys(rest).length) fail(source, id, `context: unknown field "${Object.keys(rest)[0]}"`);
  if (keywords !== undefined && (!isStringList(keywords) || keywords.length === 0 || keywords.some((k) => k.length < MIN_KEYWORD_LENGTH))) {
    fail(source, id, `context.keywords must be a list of strings of ${MIN_KEYWORD_LENGTH}+ characters`);
  }
  if (within !== undefined && (!Number.isInteger(within) || (within as number) < 0 || (within as number) > 4096)) {
    fail(source, id, 'context.within must be a whole number of bytes from 0 to 4096');
  }
}

function checkRegex(source: string, id: string, what: string, pattern: string, flags: string): void {
  try {
    new RegExp(pattern, `${flags}gd`);
  } catch (error) {
    fail(source, id, `${what} does not compile as a JavaScript RegExp: ${(error as Error).message}`);
  }
}

/** Checks one rule's fields; `id` is already known to be a string. */
function validateRule(rule: Record<string, unknown>, id: string, source: string): void {
  for (const field of Object.keys(rule)) {
    if (!KNOWN_FIELDS.has(field)) fail(source, id, `unknown field "${field}"`);
  }
  if (!RULE_ID.test(id)) fail(source, id, 'id must be kebab-case (a-z, 0-9, -)');
  for (const field of ['provider', 'title', 'pattern'] as const) {
    if (typeof rule[field] !== 'string' || (rule[field] as string).trim() === '') {
      fail(source, id, `missing or empty "${field}"`);
    }
  }
  if (!SEVERITIES.includes(rule.severity as Severity)) {
    fail(source, id, `severity must be one of ${SEVERITIES.join(', ')} (got ${JSON.stringify(rule.severity)})`);
  }
  if (!CONFIDENCES.includes(rule.confidence as Confidence)) {
    fail(source, id, `confidence must be one of ${CONFIDENCES.join(', ')} (got ${JSON.stringify(rule.confidence)})`);
  }
  if (!isStringList(rule.keywords) || rule.keywords.length === 0) fail(source, id, 'needs at least one keyword');
  const shortKeyword = rule.keywords.find((keyword) => keyword.length < MIN_KEYWORD_LENGTH);
  if (shortKeyword !== undefined) {
    fail(source, id, `keyword "${shortKeyword}" is shorter than ${MIN_KEYWORD_LENGTH} characters`);
  }
  const flags = rule.flags ?? '';
  if (typeof flags !== 'string' || !ALLOWED_FLAGS.test(flags)) fail(source, id, 'flags may only hold i, m, s, u');
  checkRegex(source, id, 'pattern', rule.pattern as string, flags);
  if (rule.secretGroup !== undefined && typeof rule.secretGroup !== 'number' && typeof rule.secretGroup !== 'string') {
    fail(source, id, 'secretGroup must be a group number or name');
  }
  if (rule.entropy !== undefined && (typeof rule.entropy !== 'number' || rule.entropy < 0 || rule.entropy > 8)) {
    fail(source, id, 'entropy must be a number of bits per character between 0 and 8');
  }
  if (rule.multiline !== undefined && (!Number.isInteger(rule.multiline) || (rule.multiline as number) < 0)) {
    fail(source, id, 'multiline must be a non-negative integer (bytes)');
  }
  if (rule.allow !== undefined) {
    if (!isStringList(rule.allow)) fail(source, id, 'allow must be a list of regexes');
    rule.allow.forEach((allow, index) => checkRegex(source, id, `allow[${index}]`, allow, ''));
  }
  if (rule.validate !== undefined && (typeof rule.validate !== 'string' || !(rule.validate in validators))) {
    fail(source, id, `unknown validator ${JSON.stringify(rule.validate)} (known: ${Object.keys(validators).join(', ')})`);
  }
  if (rule.placeholderCheck !== undefined && typeof rule.placeholderCheck !== 'boolean') {
    fail(source, id, 'placeholderCheck must be true or false');
  }
  if (rule.context !== undefined) validateContext(source, id, rule.context);
  if (rule.path !== undefined) {
    if (typeof rule.path !== 'string' || rule.path === '') fail(source, id, 'path must be a regex on the file path');
    checkRegex(source, id, 'path', rule.path, 'i');
  }
  if (rule.checksum !== undefined && (typeof rule.checksum !== 'string' || !(rule.checksum in checksums))) {
    fail(source, id, `unknown checksum ${JSON.stringify(rule.checksum)} (known: ${Object.keys(checksums).join(', ')})`);
  }
  if (!isExampleList(rule.examples) || (rule.examples as unknown[]).length === 0) fail(source, id, 'needs at least one example');
  if (rule.path !== undefined && (rule.examples as unknown[]).some((e) => typeof e === 'string')) {
    fail(source, id, 'a rule with a path needs examples as {path, text}');
  }
  if (!isExampleList(rule.negativeExamples) || (rule.negativeExamples as unknown[]).length === 0) {
    fail(source, id, 'needs at least one negative example');
  }
  if (rule.references !== undefined && !isStringList(rule.references)) fail(source, id, 'references must be a list of URLs');
}

/**
 * Validates rules from one source (a file name or config path). Throws BAD_RULE on the first problem.
 * `seenIds` carries ids across sources so duplicates between files are caught too.
 */
export function validateRuleSpecs(specs: unknown[], source: string, seenIds: Set<string> = new Set()): RuleSpec[] {
  specs.forEach((spec, index) => {
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) fail(source, `#${index + 1}`, 'is not a mapping');
    const rule = spec as Record<string, unknown>;
    if (typeof rule.id !== 'string' || rule.id === '') fail(source, `#${index + 1}`, 'missing "id"');
    if (seenIds.has(rule.id)) fail(source, rule.id, 'duplicate rule id');
    seenIds.add(rule.id);
    validateRule(rule, rule.id, source);
  });
  return specs as RuleSpec[];
}

/** What a data file says of a provider besides its rules: its name and where a person revokes its keys. */
export interface ProviderInfo {
  id: string;
  name: string;
  console?: {
    /** The https page where the credential is revoked or rolled. */
    url?: string;
    /** Why there is no page, when there is none. */
    noConsole?: string;
    steps: string[];
    /** Per rule id, pages for credentials that live elsewhere. */
    rules?: Record<string, { url?: string; noConsole?: string; steps: string[] }>;
  };
}

export interface RuleFile {
  rules: unknown[];
  providers: ProviderInfo[];
}

function validatePage(source: string, where: string, page: unknown): void {
  if (page === null || typeof page !== 'object' || Array.isArray(page)) fail(source, undefined, `${where}: console must be a mapping`);
  const { url, noConsole, steps, rules, ...rest } = page as Record<string, unknown>;
  if (Object.keys(rest).length) fail(source, undefined, `${where}: console: unknown field "${Object.keys(rest)[0]}"`);
  if (url !== undefined && (typeof url !== 'string' || !/^https:\/\/[^\s]+$/.test(url))) fail(source, undefined, `${where}: console.url must be an https URL`);
  if (url === undefined && (typeof noConsole !== 'string' || noConsole.length < 10)) fail(source, undefined, `${where}: console needs a url or a noConsole reason`);
  if (!isStringList(steps) || steps.length === 0) fail(source, undefined, `${where}: console.steps must list what to do`);
  if (rules !== undefined) {
    if (rules === null || typeof rules !== 'object') fail(source, undefined, `${where}: console.rules must map rule ids to pages`);
    for (const [id, sub] of Object.entries(rules as Record<string, unknown>)) validatePage(source, `${where} rule ${id}`, sub);
  }
}

function providerInfo(source: string, raw: Record<string, unknown>, id: string): ProviderInfo | null {
  if (raw.name === undefined && raw.console === undefined) return null;
  if (typeof raw.name !== 'string' || raw.name.trim() === '') fail(source, undefined, `provider ${id}: "name" must be the provider's name`);
  if (raw.console !== undefined) validatePage(source, `provider ${id}`, raw.console);
  return { id, name: raw.name as string, ...(raw.console !== undefined ? { console: raw.console as ProviderInfo['console'] } : {}) };
}

/**
 * Parses one data file's text: applies the file's default provider and marks rules as built-in.
 * A file is `{provider, name?, console?, rules}` for one provider, or `{providers: [{id, name?,
 * console?, rules}]}` for a family of small ones (the long tail of SaaS APIs).
 */
export function parseRuleFileWithProviders(text: string, source: string): RuleFile {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    fail(source, undefined, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (document === null || typeof document !== 'object') fail(source, undefined, 'expected a mapping with a "rules:" list');
  const doc = document as Record<string, unknown>;
  const sections: Array<{ raw: Record<string, unknown>; provider: unknown }> = [];
  if (Array.isArray(doc.providers)) {
    for (const entry of doc.providers) {
      if (entry === null || typeof entry !== 'object' || typeof (entry as { id?: unknown }).id !== 'string') fail(source, undefined, 'every entry of "providers:" needs an "id"');
      sections.push({ raw: entry as Record<string, unknown>, provider: (entry as { id: string }).id });
    }
  } else sections.push({ raw: doc, provider: doc.provider });
  const rules: unknown[] = [];
  const providers: ProviderInfo[] = [];
  for (const { raw, provider } of sections) {
    if (!Array.isArray(raw.rules)) fail(source, undefined, 'expected a mapping with a "rules:" list');
    if (provider !== undefined && typeof provider !== 'string') fail(source, undefined, '"provider" must be a string');
    const info = typeof provider === 'string' ? providerInfo(source, raw, provider) : null;
    if (info) providers.push(info);
    for (const rule of raw.rules as unknown[]) {
      rules.push(rule !== null && typeof rule === 'object' && !Array.isArray(rule)
        ? { provider, ...(rule as Record<string, unknown>), origin: 'builtin' }
        : rule);
    }
  }
  return { rules, providers };
}

/** The rules of one data file (see parseRuleFileWithProviders). */
export function parseRuleFile(text: string, source: string): unknown[] {
  return parseRuleFileWithProviders(text, source).rules;
}

/** The YAML files holding the built-in rules, sorted, as absolute paths. */
export function builtinRuleFiles(dataDir: string = DATA_DIR): string[] {
  return readdirSync(dataDir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => join(dataDir, name));
}

/** Loads and validates every rule file in `dataDir`. */
export function loadRuleDirectory(dataDir: string): RuleSpec[] {
  return loadDataDirectory(dataDir).rules;
}

/** Every rule and every provider entry of `dataDir`; a provider described twice is refused. */
export function loadDataDirectory(dataDir: string): { rules: RuleSpec[]; providers: ProviderInfo[] } {
  const seenIds = new Set<string>();
  const rules: RuleSpec[] = [];
  const providers = new Map<string, ProviderInfo>();
  for (const file of builtinRuleFiles(dataDir)) {
    const source = basename(file);
    const parsed = parseRuleFileWithProviders(readFileSync(file, 'utf8'), source);
    rules.push(...validateRuleSpecs(parsed.rules, source, seenIds));
    for (const p of parsed.providers) {
      if (providers.has(p.id)) fail(source, undefined, `provider ${p.id} is described in two places`);
      providers.set(p.id, p);
    }
  }
  return { rules, providers: [...providers.values()].sort((a, b) => (a.id < b.id ? -1 : 1)) };
}

let cached: RuleSpec[] | undefined;

/** The build writes the validated rules here, so a scan starts without parsing a hundred YAML files. */
export const BUNDLE_NAME = 'builtin-rules.json';
/** ... and the provider entries (names, console pages) here. */
export const PROVIDERS_BUNDLE_NAME = 'builtin-providers.json';

let cachedProviders: ProviderInfo[] | undefined;

/** Provider names and console pages from the data files. */
export function loadBuiltinProviders(): ProviderInfo[] {
  if (!cachedProviders) {
    const bundle = join(DATA_DIR, PROVIDERS_BUNDLE_NAME);
    cachedProviders = existsSync(bundle) ? (JSON.parse(readFileSync(bundle, 'utf8')) as ProviderInfo[]) : loadDataDirectory(DATA_DIR).providers;
  }
  return cachedProviders;
}

/** Every built-in rule, parsed and validated once per process. Callers must not mutate the result. */
export function loadBuiltinRules(): RuleSpec[] {
  if (!cached) {
    const bundle = join(DATA_DIR, BUNDLE_NAME);
    cached = existsSync(bundle) ? (JSON.parse(readFileSync(bundle, 'utf8')) as RuleSpec[]) : loadRuleDirectory(DATA_DIR);
  }
  return cached;
}
