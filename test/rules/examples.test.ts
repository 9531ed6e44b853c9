/**
 * The rule self-check: every built-in rule finds each of its examples and none of its negative examples,
 * the set as a whole is as large as the issue asks, and no data file holds a literal secret.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/rules/fake-secret.js';
import { builtinRuleFiles, loadBuiltinRules } from '../../src/rules/load.js';
import type { RuleExample } from '../../src/rules/types.js';
import { compileRules, matchText } from '../../src/scan/matcher.js';

const rules = loadBuiltinRules();
const matcher = compileRules(rules);

function ruleIdsFound(text: string, path?: string): string[] {
  return matchText(matcher, text, path).map((match) => match.ruleId);
}

/** An example is a text, or a text at a path for path-bound rules; templates expand in both. */
function expand(example: RuleExample, seed: string): { text: string; path?: string } {
  return typeof example === 'string' ? { text: expandTemplate(example, seed) } : { text: expandTemplate(example.text, seed), path: example.path };
}

describe('built-in rules', () => {
  it('meet the size the rule set promises', () => {
    expect(rules.length).toBeGreaterThanOrEqual(150);
    expect(new Set(rules.map((rule) => rule.provider)).size).toBeGreaterThanOrEqual(80);
  });

  it('have at least two examples and two negative examples each', () => {
    const thin = rules.filter((rule) => rule.examples.length < 2 || rule.negativeExamples.length < 2).map((rule) => rule.id);
    expect(thin).toEqual([]);
  });

  describe.each(rules.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
    it.each(rule.examples.map((example, index) => [index, example] as const))('finds example %i', (index, example) => {
      const { text, path } = expand(example, `${id}#${index}`);
      expect(ruleIdsFound(text, path), `${path ?? ''}\n${text}`).toContain(id);
    });

    it.each(rule.negativeExamples.map((example, index) => [index, example] as const))(
      'ignores negative example %i',
      (index, example) => {
        const { text, path } = expand(example, `${id}#negative${index}`);
        expect(ruleIdsFound(text, path), `${path ?? ''}\n${text}`).not.toContain(id);
      },
    );
  });

  // A pattern that backtracks catastrophically on a near miss stalls every scan: bound each rule's
  // cost on its own near misses (five copies each). Catastrophic backtracking costs seconds on a
  // single line; an ordinary rule takes well under a millisecond here, so the bound has room for a
  // loaded machine and does not shrink as the rule set grows.
  it('scan their own near misses quickly', () => {
    let worst = { id: '', ms: 0 };
    for (const rule of rules) {
      const single = compileRules([rule]);
      const text = Array.from({ length: 5 }, () =>
        rule.negativeExamples.map((example, index) => expand(example, `${rule.id}#negative${index}`).text).join('\n'),
      ).join('\n');
      const started = performance.now();
      matchText(single, text);
      const ms = performance.now() - started;
      if (ms > worst.ms) worst = { id: rule.id, ms };
    }
    expect(worst.ms, `slowest rule on its near misses: ${worst.id}`).toBeLessThan(1000);
  });

  // The data files themselves must scan clean: templates, not secrets, live in the repository.
  it.each(builtinRuleFiles().map((file) => [basename(file), file] as const))('%s holds no literal secret', (_name, file) => {
    const found = matchText(matcher, readFileSync(file, 'utf8')).map((match) => `${match.ruleId} at line ${match.line}`);
    expect(found).toEqual([]);
  });
});
