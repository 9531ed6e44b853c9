import { SpillkitError } from '../errors.js';
import { protectStaged } from '../prevent/protect.js';
import { formatProtectJson, formatProtectText } from '../prevent/protect-report.js';
import { parseCommandArgs } from './args.js';
import { useColor } from './output.js';
import { terminalSafe } from '../report/safe-text.js';

export const PROTECT_HELP = `Usage: spillkit protect --staged [PATH] [options]

Scans what a commit of the current index would add (files that differ from HEAD, new files included),
never history, and exits 1 when it finds a secret. This is what the pre-commit hook runs
(\`spillkit hook install\`). A secret the file already held at HEAD does not block an unrelated edit.

Options:
  --staged              scan the staged changes (required)
  --config FILE         spillkit YAML config or a gitleaks .gitleaks.toml (default: the repository's)
  --baseline FILE       suppress findings listed there (default: .spillkit-baseline.json when present)
  --include-existing    also block on secrets the staged files already held at HEAD
  --json                machine-readable result on stdout
  --no-color            no ANSI colour

Without PATH, spillkit uses the current directory and git's environment (as a hook must: \`git commit -a\`
stages into a temporary index named by GIT_INDEX_FILE).

Exit codes: 0 nothing found, 1 secrets found (the commit is blocked), 2 usage error or failure.`;

export async function protectCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      staged: { type: 'boolean' },
      config: { type: 'string' },
      baseline: { type: 'string' },
      'include-existing': { type: 'boolean' },
    },
    'protect',
  );
  if (values.help) {
    process.stdout.write(`${PROTECT_HELP}\n`);
    return 0;
  }
  if (!values.staged) throw new SpillkitError('USAGE', 'protect: say what to protect: --staged (see `spillkit protect --help`)');
  if (positionals.length > 1) throw new SpillkitError('USAGE', 'protect takes one PATH (see `spillkit protect --help`)');

  const result = protectStaged({
    target: { dir: positionals[0] ?? null },
    configPath: values.config,
    baselinePath: values.baseline,
    includeExisting: values['include-existing'] === true,
  });
  for (const w of result.warnings) process.stderr.write(`spillkit: warning: ${terminalSafe(w)}\n`);
  if (values.json) process.stdout.write(formatProtectJson(result));
  else process.stdout.write(formatProtectText(result, useColor(process.stdout, values['no-color'])));
  return result.findings.length > 0 ? 1 : 0;
}
