import { chmodSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SpillkitError } from '../errors.js';
import { preparePlan } from '../rewrite/prepare.js';
import { terminalSafe } from '../report/safe-text.js';
import { incidentFor, recordPlan, renderPlanFiles } from '../rewrite/record.js';
import { parseCommandArgs } from './args.js';
import { printText, writeOutputFile } from './output.js';
import { VERSION } from './version.js';

export const PLAN_REWRITE_HELP = `Usage: spillkit plan-rewrite [PATH] [--out DIR] [options]

Plans the history cleanup of the repository at PATH (default: .) from its latest saved scan: which
files to remove from every commit, which secrets to replace, the commits and refs that change, and the
steps no push can do. Writes PLAN.md, rewrite.sh and rewrite-plan.json to DIR and to the incident store.
No file holds a secret. Nothing in the repository changes.

Options:
  --out DIR                  write PLAN.md, rewrite.sh and rewrite-plan.json to DIR
  --report FILE              plan from this JSON scan report instead of the latest saved scan
  --replacement rule|plain   replacement text: ***REMOVED:<rule-id>*** (default) or ***REMOVED***
  --json                     print the plan as JSON
  --dry-run                  print the plan; write nothing

Exit codes: 0 plan written, 2 usage error, stale scan or failure.`;

export async function planRewriteCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string' },
    report: { type: 'string' },
    replacement: { type: 'string' },
  }, 'plan-rewrite');
  if (values.help) {
    process.stdout.write(`${PLAN_REWRITE_HELP}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new SpillkitError('USAGE', 'plan-rewrite takes one PATH (see `spillkit plan-rewrite --help`)');
  const style = replacementStyle(values.replacement);
  const prepared = preparePlan({ path: positionals[0] ?? '.', reportFile: values.report, replacementStyle: style });
  const files = renderPlanFiles(prepared.plan, VERSION, prepared.remoteUrls);
  if (values['dry-run']) {
    // Both already escape every repository byte (jsonSafe, and PLAN.md's own quoting); the sink guards too.
    if (values.json) process.stdout.write(files['rewrite-plan.json']);
    else printText(files['PLAN.md']);
    return 0;
  }
  const written: string[] = [];
  if (values.out !== undefined) {
    const out = resolve(values.out);
    mkdirSync(out, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
      writeOutputFile(join(out, name), content);
      written.push(join(out, name));
    }
    chmodSync(join(out, 'rewrite.sh'), 0o700);
  }
  const { incident, lock } = incidentFor(prepared.repo, 'plan-rewrite');
  try {
    written.push(...Object.values(recordPlan(incident, prepared.plan, files, 'plan-rewrite')));
  } finally {
    lock?.release();
  }
  if (values.json) process.stdout.write(files['rewrite-plan.json']);
  else {
    const p = prepared.plan;
    printText(`plan: ${p.findings.length} finding(s), ${p.rewrittenCommits.length} commit(s) rewritten, ${p.refs.filter((r) => r.action === 'force-push').length} force-push(es)\n`);
    for (const w of written) printText(`  ${terminalSafe(w)}\n`);
  }
  return 0;
}

export function replacementStyle(value: string | undefined): 'rule' | 'plain' {
  if (value === undefined || value === 'rule' || value === 'plain') return value ?? 'rule';
  throw new SpillkitError('USAGE', `--replacement must be rule or plain, not '${value}'`);
}
