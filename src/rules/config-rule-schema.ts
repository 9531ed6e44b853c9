/**
 * Checks one custom rule of a spillkit config into a RuleSpec: known fields, id, pattern and flags that
 * compile (as JavaScript, and on the linear-time engine the rule will run on), defaults,
 * secretGroup/entropy/multiline numbers, and examples the pattern must match. Examples are matched on
 * the linear engine too: a repository's own config could pair `(a+)+$` with an example built to hang V8.
 */
import { checkKeys, FieldError, isObject, linearReason, oneOf, optionalString, regexError, strings, where } from './config-fields.js';
import type { Path } from './config-locate.js';
import { expandTemplate } from './fake-secret.js';
import { literalPrefixKeywords } from './regex-prefix.js';
import { compileLinear, type LinearRegex } from './safe-regex.js';
import type { Confidence, RuleSpec, Severity } from './types.js';

const RULE_FIELDS = [
  'id', 'provider', 'title', 'severity', 'confidence', 'keywords', 'pattern', 'flags', 'secretGroup', 'entropy',
  'multiline', 'allow', 'validate', 'placeholderCheck', 'examples', 'negativeExamples', 'references',
] as const;
const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];
const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low'];

/** One rule at `path` (for messages and lines); origin `config`. */
export function validateRule(raw: unknown, path: Path): RuleSpec {
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
  try {
    new RegExp(pattern, flags);
  } catch (e) {
    throw new FieldError(at('pattern'), `rule ${id}: pattern does not compile: ${regexError(e)}`);
  }
  let regex: LinearRegex;
  try {
    regex = compileLinear(pattern, flags);
  } catch (e) {
    throw new FieldError(at('pattern'), `rule ${id}: pattern ${linearReason(e)}`, true);
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
  validateNumbers(raw, rule, regex, path);
  const allow = strings(raw.allow, at('allow'));
  allow.forEach((a, n) => {
    try {
      new RegExp(a);
    } catch (e) {
      throw new FieldError([...path, 'allow', n], `rule ${id}: allow regex does not compile: ${regexError(e)}`);
    }
    try {
      compileLinear(a);
    } catch (e) {
      throw new FieldError([...path, 'allow', n], `rule ${id}: allow regex ${linearReason(e)}`, true);
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
      text = expandTemplate(typeof example === 'string' ? example : example.text, `${id}#${n}`);
    } catch (e) {
      throw new FieldError([...path, 'examples', n], `rule ${id}: example ${n + 1}: ${(e as Error).message}`);
    }
    if (!regex.test(text)) throw new FieldError([...path, 'examples', n], `rule ${id}: pattern does not match example ${n + 1}`);
  });
  return rule;
}

function validateNumbers(raw: Record<string, unknown>, rule: RuleSpec, regex: LinearRegex, path: Path): void {
  const id = rule.id;
  const groups = regex.groupCount;
  const group = raw.secretGroup;
  if (typeof group === 'number') {
    if (!Number.isInteger(group) || group < 0 || group > groups) {
      throw new FieldError([...path, 'secretGroup'], `rule ${id}: secretGroup ${group} but the pattern has ${groups} group(s)`);
    }
    rule.secretGroup = group;
  } else if (typeof group === 'string') {
    if (!(group in regex.groupNames)) {
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
