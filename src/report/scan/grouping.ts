import type { Severity } from '../../rules/types.js';
import type { Finding } from '../../scan/finding.js';
import { compareStrings, rulesForFindings, severityRank, type ScanRuleInfo } from './rule-catalog.js';

/**
 * The order a responder works in: one group per provider (who to call to revoke), one subgroup per
 * rule, worst severity first and ties by id, so the text report reads the same on every run.
 */

export interface RuleGroup {
  rule: ScanRuleInfo;
  /** The worst severity among this scan's findings, which may differ from the rule's default via config. */
  severity: Severity;
  findings: Finding[];
}

export interface ProviderGroup {
  provider: string;
  rules: RuleGroup[];
}

function worst(severities: readonly Severity[]): Severity {
  return [...severities].sort((a, b) => severityRank(a) - severityRank(b))[0];
}

/** Provider groups, then rule groups, each worst severity first, ties by id; findings keep scan order. */
export function groupFindings(findings: readonly Finding[], knownRules: readonly ScanRuleInfo[]): ProviderGroup[] {
  const rules = new Map(rulesForFindings(findings, knownRules).map((rule) => [rule.id, rule]));
  const byProvider = new Map<string, Map<string, Finding[]>>();
  for (const finding of findings) {
    const byRule = byProvider.get(finding.provider) ?? new Map<string, Finding[]>();
    byProvider.set(finding.provider, byRule);
    byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), finding]);
  }

  const groups = [...byProvider].map(([provider, byRule]): ProviderGroup => {
    const ruleGroups = [...byRule].map(
      ([ruleId, ruleFindings]): RuleGroup => ({
        rule: rules.get(ruleId)!,
        severity: worst(ruleFindings.map((f) => f.severity)),
        findings: ruleFindings,
      }),
    );
    ruleGroups.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || compareStrings(a.rule.id, b.rule.id));
    return { provider, rules: ruleGroups };
  });
  groups.sort(
    (a, b) => severityRank(a.rules[0].severity) - severityRank(b.rules[0].severity) || compareStrings(a.provider, b.provider),
  );
  return groups;
}

