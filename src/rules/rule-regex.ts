/**
 * Compiles a rule's pattern and `allow` regexes on the engine its origin calls for (see safe-regex.ts):
 * V8 for built-in rules, the linear-time engine for rules from a config.
 */
import { firstCharGuard } from './first-char-guard.js';
import { compileLinear, defaultSecretGroup, isTrustedRule, type ScanRegex } from './safe-regex.js';
import type { RuleSpec } from './types.js';

export interface RuleRegexes {
  re: ScanRegex;
  secretGroup: number | string;
  allow: ScanRegex[];
}

export function compileRuleRegexes(spec: RuleSpec): RuleRegexes {
  const flags = (spec.flags ?? '').replace(/[gdy]/g, '');
  if (isTrustedRule(spec.origin)) {
    const guard = firstCharGuard(spec.pattern);
    const re = new RegExp(guard === null ? spec.pattern : guard + spec.pattern, `gd${flags}`);
    const named = /\(\?<secret>/.test(re.source);
    // The group count of a V8 regex: an empty alternative makes it match '' and report every group.
    // That compiles the pattern a second time, so it is done only when the count decides anything.
    const groups = spec.secretGroup !== undefined || named ? 0 : new RegExp(`${re.source}|`).exec('')!.length - 1;
    return {
      re,
      secretGroup: spec.secretGroup ?? defaultSecretGroup(groups, named ? ['secret'] : []),
      allow: (spec.allow ?? []).map((a) => new RegExp(a)),
    };
  }
  const re = compileLinear(spec.pattern, flags);
  return {
    re,
    secretGroup: spec.secretGroup ?? defaultSecretGroup(re.groupCount, Object.keys(re.groupNames)),
    allow: (spec.allow ?? []).map((a) => compileLinear(a)),
  };
}
