import { SpillkitError } from '../errors.js';
import { runAudit } from '../prevent/audit/audit.js';
import { formatAuditJson, formatAuditTable } from '../prevent/audit/format.js';
import { parseCommandArgs } from './args.js';
import { useColor } from './output.js';

export const AUDIT_HELP = `Usage: spillkit audit [PATH] [options]

Checks the repository's secret hygiene and prints a pass/fail table with the fix for each check:
  .env files ignored                 .env and .env.* are in .gitignore
  no env or key files tracked        no .env, *.pem, *.key, id_rsa, *.p12, *.pfx, credentials.json, ...
  .env.example has placeholders only no rule matches it; secret-named variables hold made-up values
  pre-commit secret hook installed   spillkit's hook, or the pre-commit framework running a scanner
  no secrets at HEAD                 the files of HEAD (history is \`spillkit scan\`'s job)
  baseline not stale                 every entry of the baseline still resolves to its secret

Options:
  --config FILE     spillkit YAML config or a gitleaks .gitleaks.toml (default: the repository's)
  --baseline FILE   the baseline to check and apply (default: .spillkit-baseline.json when present)
  --json            the rows as a JSON array of {check, title, status, detail, fix}
  --no-color        no ANSI colour

Exit codes: 0 every check passed (or does not apply), 1 a check failed, 2 usage error or failure.`;

export async function auditCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { config: { type: 'string' }, baseline: { type: 'string' } }, 'audit');
  if (values.help) {
    process.stdout.write(`${AUDIT_HELP}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new SpillkitError('USAGE', 'audit takes one PATH (see `spillkit audit --help`)');
  const result = runAudit({ target: { dir: positionals[0] ?? '.' }, configPath: values.config, baselinePath: values.baseline });
  if (values.json) process.stdout.write(formatAuditJson(result));
  else process.stdout.write(formatAuditTable(result, useColor(process.stdout, values['no-color'])));
  return result.passed ? 0 : 1;
}
