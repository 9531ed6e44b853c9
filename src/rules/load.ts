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
  'references', 'origin',
]);

function fail(source: string, ruleId: string | undefined, problem: string): never {
  const where = ruleId === undefined ? source : `${source}: rule ${ruleId}`;
  throw new SpillkitError('BAD_RULE', `${where}: ${problem}`, { source, rule: ruleId ?? null, problem });
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
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
  if (!isStringList(rule.examples) || rule.examples.length === 0) fail(source, id, 'needs at least one example');
  if (!isStringList(rule.negativeExamples) || rule.negativeExamples.length === 0) {
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

/** Parses one data file's text: applies the file's default provider and marks rules as built-in. */
export function parseRuleFile(text: string, source: string): unknown[] {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    fail(source, undefined, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (document === null || typeof document !== 'object' || !Array.isArray((document as { rules?: unknown }).rules)) {
    fail(source, undefined, 'expected a mapping with a "rules:" list');
  }
  const { provider, rules } = document as { provider?: unknown; rules: unknown[] };
  if (provider !== undefined && typeof provider !== 'string') fail(source, undefined, '"provider" must be a string');
  return rules.map((rule) =>
    rule !== null && typeof rule === 'object' && !Array.isArray(rule)
      ? { provider, ...(rule as Record<string, unknown>), origin: 'builtin' }
      : rule,
  );
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
  const seenIds = new Set<string>();
  const all: RuleSpec[] = [];
  for (const file of builtinRuleFiles(dataDir)) {
    const source = basename(file);
    all.push(...validateRuleSpecs(parseRuleFile(readFileSync(file, 'utf8'), source), source, seenIds));
  }
  return all;
}

let cached: RuleSpec[] | undefined;

/** The build writes the validated rules here, so a scan starts without parsing a hundred YAML files. */
export const BUNDLE_NAME = 'builtin-rules.json';

/** Every built-in rule, parsed and validated once per process. Callers must not mutate the result. */
export function loadBuiltinRules(): RuleSpec[] {
  if (!cached) {
    const bundle = join(DATA_DIR, BUNDLE_NAME);
    cached = existsSync(bundle) ? (JSON.parse(readFileSync(bundle, 'utf8')) as RuleSpec[]) : loadRuleDirectory(DATA_DIR);
  }
  return cached;
}
