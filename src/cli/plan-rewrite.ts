import { planRewrite } from '../api/plan-rewrite.js';
import { SpillkitError } from '../errors.js';
import { terminalSafe } from '../report/safe-text.js';
import { parseCommandArgs } from './args.js';
import { printText } from './output.js';

export const PLAN_REWRITE_HELP = `Usage: spillkit plan-rewrite [PATH] [--out DIR] [options]

Plans the history cleanup of the repository at PATH (default: .) from its latest saved scan: which
files to remove from every commit, which secrets to replace, the commits and refs that change, and the
steps no push can do. Writes PLAN.md, rewrite.sh and rewrite-plan.json to DIR and to the incident store.
No file holds a secret. Nothing in the repository changes.

Options:
  --out DIR                  write PLAN.md, rewrite.sh and rewrite-plan.json to DIR
  --report FILE              plan from this JSON scan report instead of the latest saved scan
  --replacement rule|plain   replacement text: ***REMOVED:<rule-id>*** (default) or ***REMOVED***
  --query-remote             ask the remote (git ls-remote) which pull-request refs it serves, so the
                             plan counts the pull requests the rewrite breaks (a network call;
                             a mirror clone has them already)
  --remote NAME              the remote --query-remote asks (default: origin)
  --json                     print the plan as JSON
  --dry-run                  print the plan; write nothing

Exit codes: 0 plan written, 2 usage error, stale scan or failure.`;

export async function planRewriteCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string' },
    report: { type: 'string' },
    replacement: { type: 'string' },
    'query-remote': { type: 'boolean' },
    remote: { type: 'string' },
  }, 'plan-rewrite');
  if (values.help) {
    process.stdout.write(`${PLAN_REWRITE_HELP}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new SpillkitError('USAGE', 'plan-rewrite takes one PATH (see `spillkit plan-rewrite --help`)');
  const dryRun = values['dry-run'] === true;
  if (values.remote !== undefined && !values['query-remote']) throw new SpillkitError('USAGE', '--remote goes with --query-remote (see `spillkit plan-rewrite --help`)');
  const queryRemote = values['query-remote'] ? { queryRemote: { remote: values.remote } } : {};
  const { plan, files, written } = planRewrite({ path: positionals[0] ?? '.', out: values.out, report: values.report, replacement: replacementStyle(values.replacement), dryRun, ...queryRemote });
  if (dryRun) {
    // Both already escape every repository byte (jsonSafe, and PLAN.md's own quoting); the sink guards too.
    if (values.json) process.stdout.write(files['rewrite-plan.json']);
    else printText(files['PLAN.md']);
    return 0;
  }
  if (values.json) process.stdout.write(files['rewrite-plan.json']);
  else {
    const prs = plan.pullRequests.affected.length ? `, ${plan.pullRequests.affected.length} pull request(s) broken` : '';
    printText(`plan: ${plan.findings.length} finding(s), ${plan.rewrittenCommits.length} commit(s) rewritten, ${plan.refs.filter((r) => r.action === 'force-push').length} force-push(es)${prs}\n`);
    for (const w of written) printText(`  ${terminalSafe(w)}\n`);
  }
  return 0;
}

export function replacementStyle(value: string | undefined): 'rule' | 'plain' {
  if (value === undefined || value === 'rule' || value === 'plain') return value ?? 'rule';
  throw new SpillkitError('USAGE', `--replacement must be rule or plain, not '${value}'`);
}
