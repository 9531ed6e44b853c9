import type { Severity } from '../../rules/types.js';
import type { Finding } from '../../scan/finding.js';

/** What a scan format needs to know about a rule; a RuleSpec satisfies it as is. */
export interface ScanRuleInfo {
  id: string;
  title: string;
  provider: string;
  severity: Severity;
  references?: string[];
}

/** Worst first: the order a responder should work in. */
export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export function severityRank(severity: Severity): number {
  const rank = SEVERITY_ORDER.indexOf(severity);
  return rank === -1 ? SEVERITY_ORDER.length : rank;
}

/**
 * The rules the findings refer to, each once, sorted by id. A finding whose rule the caller did not
 * describe (a rule from a config that was not passed along, an old saved scan) still gets an entry
 * built from the finding itself, so no format ever has to drop or mislabel a finding.
 */
export function rulesForFindings(findings: readonly Finding[], known: readonly ScanRuleInfo[] = []): ScanRuleInfo[] {
  const byId = new Map(known.map((rule) => [rule.id, rule]));
  const used = new Map<string, ScanRuleInfo>();
  for (const finding of findings) {
    if (used.has(finding.rule)) continue;
    used.set(
      finding.rule,
      byId.get(finding.rule) ?? {
        id: finding.rule,
        title: finding.rule,
        provider: finding.provider,
        severity: finding.severity,
      },
    );
  }
  return [...used.values()].sort((a, b) => compareStrings(a.id, b.id));
}

/** Locale-independent ordering, so output is identical on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
