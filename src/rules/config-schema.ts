/**
 * What a valid spillkit config is (YAML; JSON with the same structure), checked field by field into a
 * ScanConfig. A rule is checked by config-rule-schema.ts. The format:
 *
 *   rules:                       # custom rules, fields as RuleSpec in src/rules/types.ts
 *     - id: acme-internal-token  # required, letters, digits, '-', '_', '.'
 *       pattern: 'acme_[a-z0-9]{32}'   # required, JavaScript regex; run in linear time, so no lookahead
 *                                      # or backreference (lookbehind is fine; see rules/js-to-re2.ts)
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
 * Each error is a FieldError holding the path of the bad field; parseSpillkitConfig (config.ts) makes it
 * BAD_CONFIG `<file>:<line>: <what is wrong>`.
 */
import { compileAllowlistRegex, type ConfiguredAllowlist } from './allowlist.js';
import { checkKeys, FieldError, isObject, linearReason, oneOf, optionalString, regexError, strings, where } from './config-fields.js';
import type { Path } from './config-locate.js';
import { validateRule } from './config-rule-schema.js';
import { isUnsupportedPattern } from './safe-regex.js';
import { emptyScanConfig, type ScanConfig } from './scan-config.js';

/**
 * A parsed config document -> ScanConfig (rules, allowlists, disabledRules; no sources yet).
 * `skipped` (a repository's own config): a rule or allowlist whose pattern the linear-time engine
 * cannot run is left out and its error collected there, instead of refusing the whole file.
 */
export function validateConfig(value: unknown, skipped?: FieldError[]): ScanConfig {
  const config = emptyScanConfig();
  const orSkip = <T>(read: () => T): T | null => {
    try {
      return read();
    } catch (e) {
      if (!(e instanceof FieldError && e.unsupported && skipped)) throw e;
      skipped.push(e);
      return null;
    }
  };
  if (value === null || value === undefined) return config; // an empty file
  if (!isObject(value)) throw new FieldError([], 'the config must be a mapping with rules, allowlists and disabledRules');
  checkKeys(value, ['rules', 'allowlists', 'allowlist', 'disabledRules'], []);
  if (value.rules !== undefined && value.rules !== null) {
    if (!Array.isArray(value.rules)) throw new FieldError(['rules'], 'rules must be a list of rules');
    const ids = new Set<string>();
    value.rules.forEach((raw, n) => {
      const rule = orSkip(() => validateRule(raw, ['rules', n]));
      if (!rule) return;
      if (ids.has(rule.id)) throw new FieldError(['rules', n, 'id'], `duplicate rule id ${rule.id}`);
      ids.add(rule.id);
      config.rules.push(rule);
    });
  }
  const addList = (list: ConfiguredAllowlist | null): void => {
    if (list) config.allowlists.push(list);
  };
  if (value.allowlist !== undefined && value.allowlist !== null) addList(orSkip(() => validateAllowlist(value.allowlist, ['allowlist'])));
  if (value.allowlists !== undefined && value.allowlists !== null) {
    if (!Array.isArray(value.allowlists)) throw new FieldError(['allowlists'], 'allowlists must be a list of allowlists');
    value.allowlists.forEach((raw, n) => addList(orSkip(() => validateAllowlist(raw, ['allowlists', n]))));
  }
  config.disabledRules = strings(value.disabledRules, ['disabledRules']);
  return config;
}

const ALLOWLIST_FIELDS = ['description', 'paths', 'regexes', 'regexTarget', 'stopwords', 'commits', 'ruleIds', 'condition'] as const;

/** One allowlist; its path and secret regexes must compile as allowlist.ts will compile them. */
export function validateAllowlist(raw: unknown, path: Path): ConfiguredAllowlist {
  if (!isObject(raw)) throw new FieldError(path, `${where(path)} must be a mapping`);
  checkKeys(raw, ALLOWLIST_FIELDS, path);
  const at = (key: string): Path => [...path, key];
  const regexList = (key: 'paths' | 'regexes'): string[] =>
    strings(raw[key], at(key)).map((source, n) => {
      try {
        compileAllowlistRegex(source);
      } catch (e) {
        if (isUnsupportedPattern(e)) throw new FieldError([...path, key, n], `${where([...path, key, n])} ${linearReason(e)}`, true);
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
