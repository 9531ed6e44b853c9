import { expandTemplate } from '../rules/fake-secret.js';
import type { RuleExample, RuleSpec } from '../rules/types.js';
import { compileRules, matchText } from './matcher.js';

/** An example a rule misses, or a negative example it finds. */
export interface ExampleFailure {
  rule: string;
  kind: 'missed' | 'false-positive';
  index: number;
  /** The rules that fired instead (for a missed example another rule may have won the overlap). */
  firedRules?: string[];
}

export interface RuleCheckResult {
  rules: number;
  examples: number;
  negativeExamples: number;
  failures: ExampleFailure[];
}

function expand(example: RuleExample, seed: string): { text: string; path?: string } {
  return typeof example === 'string' ? { text: expandTemplate(example, seed) } : { text: expandTemplate(example.text, seed), path: example.path };
}

/**
 * The rule self-check (`spillkit rules check`, and the test suite): every rule finds each of its
 * examples and none of its negative examples, through the whole engine with every rule loaded, so a
 * rule that another rule shadows fails too. Example seeds are the same as the test suite's.
 */
export function checkRules(rules: RuleSpec[]): RuleCheckResult {
  const matcher = compileRules(rules);
  const failures: ExampleFailure[] = [];
  let examples = 0;
  let negatives = 0;
  for (const rule of rules) {
    rule.examples.forEach((example, index) => {
      examples++;
      const { text, path } = expand(example, `${rule.id}#${index}`);
      const fired = matchText(matcher, text, path).map((m) => m.ruleId);
      if (!fired.includes(rule.id)) failures.push({ rule: rule.id, kind: 'missed', index, firedRules: fired });
    });
    rule.negativeExamples.forEach((example, index) => {
      negatives++;
      const { text, path } = expand(example, `${rule.id}#negative${index}`);
      if (matchText(matcher, text, path).some((m) => m.ruleId === rule.id)) failures.push({ rule: rule.id, kind: 'false-positive', index });
    });
  }
  return { rules: rules.length, examples, negativeExamples: negatives, failures };
}
