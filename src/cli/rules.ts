import { readFileSync } from 'node:fs';
import { SpillkitError } from '../errors.js';
import { ruleCapabilities } from '../providers/capabilities.js';
import { consoleEntryFor } from '../providers/consoles.js';
import { loadConfigFile } from '../rules/config.js';
import { loadBuiltinRules } from '../rules/load.js';
import { checkRules, type ExampleFailure } from '../scan/rule-check.js';
import type { RuleSpec } from '../rules/types.js';
import { describeRule } from '../rules/describe.js';
import { explainText } from '../scan/explain-text.js';
import { compileRules } from '../scan/matcher.js';
import { parseCommandArgs } from './args.js';
import { printJson, printText } from './output.js';

export const RULES_HELP = `Usage: spillkit rules list|show ID|check|test FILE|- [options]

  list         every rule: id, provider, severity, what makes it match, whether its provider can verify
               and revoke through an API
  show ID      one rule in full: pattern, keywords, context, path, checksum, examples, console page
  check        run every rule's examples and negative examples through the engine (exit 2 on a failure)
  test FILE|-  which rules fire on a file (or stdin) and why; the secret is shown redacted

Options:
  --config FILE    add the rules of a spillkit or gitleaks config
  --provider ID    list: only this provider's rules
  --path PATH      test: the file's path in a repository (path-bound rules count only where it matches)
  --json           machine output

Exit codes: list/show/check 0; test 0 when nothing fires, 1 when a rule fires; 2 usage error or a failed check.`;

export async function rulesCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    config: { type: 'string' },
    provider: { type: 'string' },
    path: { type: 'string' },
  }, 'rules');
  const [action, arg] = positionals;
  if (values.help || action === undefined) {
    printText(`${RULES_HELP}\n`);
    return values.help ? 0 : 2;
  }
  const rules = [...loadBuiltinRules(), ...(values.config ? loadConfigFile(values.config).rules : [])];
  const json = values.json === true;
  switch (action) {
    case 'list':
      return listRules(values.provider ? rules.filter((r) => r.provider === values.provider) : rules, json);
    case 'show': {
      const rule = rules.find((r) => r.id === arg);
      if (!rule) throw new SpillkitError('USAGE', `rules show: no rule '${arg ?? ''}' (see \`spillkit rules list\`)`);
      const described = describeRule(rule, ruleCapabilities(rule));
      if (json) printJson({ ...described, console: consoleEntryFor(rule.provider) }, 2);
      else printText(`${showText(rule, described)}\n`);
      return 0;
    }
    case 'check':
      return checkCommand(rules, json);
    case 'test': {
      if (arg === undefined) throw new SpillkitError('USAGE', 'rules test takes a FILE, or - for stdin');
      const text = readInput(arg);
      const matches = explainText(compileRules(rules), text, values.path);
      if (json) printJson({ matches }, 2);
      else if (matches.length === 0) printText('No rule fires.\n');
      else for (const m of matches) printText(`${m.line}:${m.column}  ${m.rule} (${m.severity}, ${m.confidence})  ${m.redacted}\n    why: ${m.why.join(', ')}\n`);
      return matches.length ? 1 : 0;
    }
    default:
      throw new SpillkitError('USAGE', `rules: unknown action '${action}' (list, show, check, test)`);
  }
}


function listRules(rules: RuleSpec[], json: boolean): number {
  const rows = rules.map((r) => describeRule(r, ruleCapabilities(r)));
  if (json) {
    printJson({ rules: rows.map(({ examples: _e, negativeExamples: _n, pattern: _p, ...row }) => row) }, 2);
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.id.length), 2);
  printText(`${'RULE'.padEnd(width)}  ${'PROVIDER'.padEnd(18)}  SEVERITY  MATCHES ON\n`);
  for (const r of rows) {
    const api = r.capabilities.length ? `  [${r.capabilities.join(', ')}]` : '';
    printText(`${r.id.padEnd(width)}  ${r.provider.padEnd(18)}  ${r.severity.padEnd(8)}  ${r.matchesOn.join('; ')}${api}\n`);
  }
  printText(`\n${rows.length} rules over ${new Set(rows.map((r) => r.provider)).size} providers.\n`);
  return 0;
}

function showText(rule: RuleSpec, d: ReturnType<typeof describeRule>): string {
  const page = consoleEntryFor(rule.provider);
  const lines = [
    `${d.id}  ${d.title}`,
    `provider     ${d.provider} (${page.name})`,
    `severity     ${d.severity}, confidence ${d.confidence}`,
    `matches on   ${d.matchesOn.join('; ')}`,
    `keywords     ${rule.keywords.join(', ')}`,
    `pattern      ${rule.pattern}`,
    ...(rule.context ? [`context      ${(rule.context.keywords ?? rule.keywords).join(', ')} within ${rule.context.within ?? 0 ? `${rule.context.within} bytes` : 'the same line'}`] : []),
    ...(rule.path ? [`path         ${rule.path}`] : []),
    `api          ${d.capabilities.length ? d.capabilities.join(', ') : 'none: console checklist'}`,
    `console      ${page.url ?? `none (${page.noConsole ?? 'no page'})`}`,
    'examples (templates: $[...] is generated when the rule is checked)',
    ...rule.examples.map((e) => `  + ${typeof e === 'string' ? e : `${e.path}: ${e.text}`}`),
    ...rule.negativeExamples.map((e) => `  - ${typeof e === 'string' ? e : `${e.path}: ${e.text}`}`),
    ...(rule.references?.length ? ['references', ...rule.references.map((r) => `  ${r}`)] : []),
  ];
  return lines.join('\n');
}

function checkCommand(rules: RuleSpec[], json: boolean): number {
  const result = checkRules(rules);
  if (json) printJson(result, 2);
  else {
    for (const f of result.failures) printText(`FAIL ${describeFailure(f)}\n`);
    printText(`${result.rules} rules, ${result.examples} examples and ${result.negativeExamples} negative examples checked: ${result.failures.length ? `${result.failures.length} failed` : 'all pass'}.\n`);
  }
  return result.failures.length ? 2 : 0;
}

function describeFailure(f: ExampleFailure): string {
  return `${f.rule}: ${f.kind === 'missed' ? 'does not find' : 'finds'} ${f.kind === 'missed' ? 'example' : 'negative example'} ${f.index + 1}${f.firedRules?.length ? ` (fired: ${f.firedRules.join(', ')})` : ''}`;
}

function readInput(arg: string): Buffer {
  try {
    return arg === '-' ? readFileSync(0) : readFileSync(arg);
  } catch (e) {
    throw new SpillkitError('USAGE', `rules test: cannot read ${arg}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
