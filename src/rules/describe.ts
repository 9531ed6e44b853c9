import { CHECKSUM_NAMES } from './checksums.js';
import { literalPrefixKeywords } from './regex-prefix.js';
import type { RuleSpec } from './types.js';

/** A rule as `spillkit rules list/show` presents it: what makes it match, in words. */
export interface RuleDescription {
  id: string;
  provider: string;
  title: string;
  severity: RuleSpec['severity'];
  confidence: RuleSpec['confidence'];
  matchesOn: string[];
  /** What the provider's adapter does through an API (verify, revoke); empty: console checklist. */
  capabilities: string[];
  pattern: string;
  examples: RuleSpec['examples'];
  negativeExamples: RuleSpec['negativeExamples'];
}

export function describeRule(rule: RuleSpec, capabilities: string[]): RuleDescription {
  const matchesOn: string[] = [];
  const prefixes = literalPrefixKeywords(rule.pattern, 4);
  if (prefixes.length) matchesOn.push(`prefix ${prefixes.join(' | ')}`);
  if (rule.context) {
    const words = (rule.context.keywords ?? rule.keywords).join(' | ');
    matchesOn.push(rule.context.within ? `"${words}" within ${rule.context.within} bytes` : `"${words}" on the line`);
  }
  if (rule.path) matchesOn.push(`files matching ${rule.path}`);
  if (rule.checksum) matchesOn.push(CHECKSUM_NAMES[rule.checksum] ?? rule.checksum);
  if (rule.validate) matchesOn.push(`${rule.validate} check`);
  if (rule.entropy) matchesOn.push(`entropy >= ${rule.entropy}`);
  if (rule.multiline) matchesOn.push('multi-line block');
  if (matchesOn.length === 0) matchesOn.push(`keywords ${rule.keywords.join(' | ')}`);
  return {
    id: rule.id,
    provider: rule.provider,
    title: rule.title,
    severity: rule.severity,
    confidence: rule.confidence,
    matchesOn,
    capabilities,
    pattern: rule.pattern,
    examples: rule.examples,
    negativeExamples: rule.negativeExamples,
  };
}
