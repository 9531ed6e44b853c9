import { SpillkitError } from '../errors.js';
import { isSweepFormat, SWEEP_FORMATS } from '../sweep/format/index.js';
import { mergeSweepResults, readSweepResult } from '../sweep/merge.js';
import { sweepExitCode } from '../sweep/result.js';
import { parseCommandArgs } from './args.js';
import { printWarning } from './output.js';
import { emitSweepResult } from './sweep.js';

export const MERGE_HELP = `Usage: spillkit merge FILE... [options]

Combines the results of \`spillkit sweep --shard I/N --format json\` into the result one sweep of the
whole source would have given: the same repositories, findings and ranking, with the counts
recomputed and the wall times summed. A missing shard is reported as a warning.

Options:
  --format text|json|sarif   output format (default: text)
  --output FILE              write the result to FILE (mode 0600); the summary table then goes to stdout
  --fail-on-error            exit 2 when any repository could not be scanned
  --json                     same as --format json
  --no-color                 no ANSI colour

Exit codes: 0 nothing found, 1 secrets found, 2 usage error or bad input, or no repository scanned.`;

export async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'fail-on-error': { type: 'boolean' },
    },
    'merge',
  );
  if (values.help) {
    process.stdout.write(`${MERGE_HELP}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new SpillkitError('USAGE', 'merge takes the sweep result files to combine (see `spillkit merge --help`)');
  const format = values.format ?? (values.json ? 'json' : 'text');
  if (!isSweepFormat(format)) throw new SpillkitError('USAGE', `--format must be one of ${SWEEP_FORMATS.join(', ')}, not '${format}'`);
  const merged = mergeSweepResults(positionals.map((file) => ({ file, result: readSweepResult(file) })));
  for (const warning of merged.warnings.filter((w) => w.startsWith('incomplete merge'))) printWarning(warning);
  emitSweepResult(merged, format, values.output, values['no-color']);
  return sweepExitCode(merged, values['fail-on-error'] === true);
}
