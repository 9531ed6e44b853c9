/**
 * One gitleaks `[[rules]]` table -> a RuleSpec, a path-only rule, or only allowlists (a rule that
 * extends one defined elsewhere). See gitleaks-config.ts for the mapping.
 */
import type { ConfiguredAllowlist } from './allowlist.js';
import { ruleAllowlists } from './gitleaks-allowlist.js';
import { FieldError, isTable, linearReason, reason, stringList, translateInline, type Ctx } from './gitleaks-fields.js';
import { translateGoRegex, type TranslatedRegex } from './go-regex.js';
import { literalPrefixKeywords } from './regex-prefix.js';
import { compileLinear, type LinearRegex } from './safe-regex.js';
import type { RuleSpec } from './types.js';

export interface GitleaksPathRule {
  id: string;
  description: string;
  /** JavaScript regex (flags as a leading inline group, like allowlist regexes). */
  path: string;
}

/** The header line of a `[[rules]]` table, to find a rule's lines. */
export const RULE_HEADER = /^\s*\[\[\s*rules\s*\]\]/;

export interface RuleParts {
  rule?: RuleSpec;
  pathRule?: GitleaksPathRule;
  allowlists: ConfiguredAllowlist[];
  warnings: string[];
}

/** `skip`: a repository's own config, whose parts the linear-time engine cannot run are skipped. */
export function parseRule(raw: unknown, index: number, skip?: Ctx['skip']): RuleParts {
  const ctx: Ctx = { section: { header: RULE_HEADER, index }, where: `rules[${index}]`, skip };
  if (!isTable(raw)) throw new FieldError(`rules[${index}] must be a table`, [], ctx.section);
  if (typeof raw.id !== 'string' || raw.id.trim() === '') throw new FieldError(`rules[${index}] has no id`, [], ctx.section);
  const id = raw.id;
  ctx.where = `rule ${id}`;
  const description = typeof raw.description === 'string' ? raw.description : id;
  const allowlists = ruleAllowlists(raw, id, ctx);
  const warnings: string[] = [];
  if (raw.required !== undefined) warnings.push(`rule ${id}: composite rules ([[rules.required]]) are not supported; the rule runs alone`);
  if (raw.regex !== undefined && typeof raw.regex !== 'string') throw new FieldError(`rule ${id}: regex must be a string`, ['regex'], ctx.section);
  if (raw.path !== undefined && typeof raw.path !== 'string') throw new FieldError(`rule ${id}: path must be a string`, ['path'], ctx.section);
  const path = raw.path === undefined ? undefined : translateInline(raw.path, 'path', ctx);

  if (raw.regex === undefined) {
    if (path !== undefined) return { pathRule: { id, description, path }, allowlists, warnings };
    if (allowlists.length === 0) throw new FieldError(`rule ${id} has no regex and no path`, [id], ctx.section);
    return { allowlists, warnings }; // extends a rule defined elsewhere
  }

  let translated: TranslatedRegex;
  try {
    translated = translateGoRegex(raw.regex);
  } catch (e) {
    throw new FieldError(`rule ${id}: regex does not compile: ${reason(e)}`, [raw.regex], ctx.section);
  }
  let linear: LinearRegex;
  try {
    linear = compileLinear(translated.pattern, translated.flags);
  } catch (e) {
    throw new FieldError(`rule ${id}: regex ${linearReason(e)}`, [raw.regex], ctx.section, true);
  }
  const rule: RuleSpec = {
    id,
    provider: id.startsWith('generic') ? 'generic' : 'custom',
    title: description,
    severity: 'high',
    confidence: 'medium',
    keywords: [],
    pattern: translated.pattern,
    examples: [],
    negativeExamples: [],
    origin: 'gitleaks',
  };
  if (translated.flags) rule.flags = translated.flags;
  if (raw.secretGroup !== undefined) {
    const group = raw.secretGroup;
    if (typeof group !== 'number' || !Number.isInteger(group) || group < 0) {
      throw new FieldError(`rule ${id}: secretGroup must be a whole number`, ['secretGroup'], ctx.section);
    }
    const groups = linear.groupCount;
    if (group > groups) {
      const what = `rule ${id}: secretGroup ${group} but the regex has ${groups} group(s)`;
      throw new FieldError(what, ['secretGroup'], ctx.section);
    }
    if (group > 0) rule.secretGroup = group;
  }
  if (raw.entropy !== undefined) {
    if (typeof raw.entropy !== 'number' || raw.entropy < 0) throw new FieldError(`rule ${id}: entropy must be a number >= 0`, ['entropy'], ctx.section);
    if (raw.entropy > 0) rule.entropy = raw.entropy;
  }
  const keywords = stringList(raw.keywords, `rule ${id}: keywords`, ctx).map((k) => k.toLowerCase()).filter((k) => k.length > 0);
  rule.keywords = keywords.length > 0 ? [...new Set(keywords)] : literalPrefixKeywords(translated.pattern);
  if (path !== undefined) {
    allowlists.push({
      description: `rule ${id} applies only to paths matching its path regex`,
      paths: [path],
      invertPaths: true,
      regexes: [],
      stopwords: [],
      commits: [],
      ruleIds: [id],
    });
  }
  return { rule, allowlists, warnings };
}
