import { saveScanReport } from '../api/scan.js';
import { formatScanReport, isScanFormat, SCAN_FORMATS } from '../report/scan/index.js';
import { SpillkitError } from '../errors.js';
import { repoConfigNotice } from '../scan/repo-config-stats.js';
import { runScan } from '../scan/run-scan.js';
import { parseCommandArgs, positiveInt } from './args.js';
import { printNote, printWarning, useColor, writeOutputFile } from './output.js';
import { progressPrinter } from './progress.js';
import { VERSION } from './version.js';
import { buildDemoRepository } from '../demo/demo-repo.js';

function demoRepository(): string {
  const dir = buildDemoRepository();
  printNote(`spillkit: demo repository with freshly generated fake leaks: ${dir}\n`);
  return dir;
}

export const SCAN_HELP = `Usage: spillkit scan [PATH] [options]

Scans every object of the repository at PATH (default: .): all packs, loose objects and alternates, so
every branch, tag, remote-tracking ref, stash, note and dangling object, plus commit and tag messages.

Options:
  --format text|json|sarif|csv   output format (default: text)
  --output FILE                  write the report to FILE (mode 0600) instead of stdout
  --threads N                    worker threads (default: all cores)
  --config FILE                  spillkit YAML config or a gitleaks .gitleaks.toml (replaces the
                                 repository's own .spillkit.yaml / .gitleaks.toml)
  --no-repo-config               ignore the scanned repository's own .spillkit.yaml / .gitleaks.toml
                                 (in force otherwise, and then named on stderr and in stats.repoConfig)
  --baseline FILE                suppress findings listed in a previous JSON report
  --since REV                    report only secrets introduced since REV (for pull requests)
  --show-secrets                 include the raw secrets in the output (off by default)
  --no-delta-reuse               scan every blob in full instead of only what each delta inserted
  --no-progress                  no progress line on stderr
  --demo                         build a demo repository with fake leaks in a temp dir and scan it
  --json                         same as --format json
  --no-color                     no ANSI colour

Exit codes: 0 nothing found, 1 secrets found, 2 usage error or bad input.`;

export async function scanCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      threads: { type: 'string' },
      config: { type: 'string' },
      'no-repo-config': { type: 'boolean' },
      baseline: { type: 'string' },
      since: { type: 'string' },
      'show-secrets': { type: 'boolean' },
      'no-delta-reuse': { type: 'boolean' },
      'no-progress': { type: 'boolean' },
      'max-blob-bytes': { type: 'string' },
      demo: { type: 'boolean' },
    },
    'scan',
  );
  if (values.help) {
    process.stdout.write(`${SCAN_HELP}\n`);
    return 0;
  }
  if (values.demo && positionals.length) throw new SpillkitError('USAGE', '--demo builds its own repository; give no PATH');
  if (positionals.length > 1) throw new SpillkitError('USAGE', 'scan takes one PATH (see `spillkit scan --help`)');
  const format = values.format ?? (values.json ? 'json' : 'text');
  if (!isScanFormat(format)) throw new SpillkitError('USAGE', `--format must be one of ${SCAN_FORMATS.join(', ')}, not '${format}'`);

  const showProgress = !values['no-progress'] && process.stderr.isTTY === true;
  const meter = showProgress ? progressPrinter(process.stderr) : null;
  let outcome;
  try {
    outcome = await runScan({
      path: values.demo ? demoRepository() : positionals[0] ?? '.',
      threads: positiveInt(values.threads, '--threads'),
      deltaReuse: !values['no-delta-reuse'],
      showSecrets: values['show-secrets'] === true,
      configPath: values.config,
      repoConfig: !values['no-repo-config'],
      baselinePath: values.baseline,
      since: values.since,
      maxBlobBytes: positiveInt(values['max-blob-bytes'], '--max-blob-bytes'),
      onProgress: meter?.update,
    });
  } finally {
    meter?.done();
  }
  const { report, rules, repo } = outcome;
  // A repository's own config can hide findings: never apply it silently, whatever the format.
  if (report.stats.repoConfig) process.stderr.write(`spillkit: ${repoConfigNotice(report.stats.repoConfig)}\n`);

  saveScanReport(repo, report);

  const toFile = values.output !== undefined;
  const text = formatScanReport(report, format, {
    color: format === 'text' && !toFile && useColor(process.stdout, values['no-color']),
    showSecrets: values['show-secrets'] === true,
    toolVersion: VERSION,
    rules,
  });
  if (toFile) writeOutputFile(values.output!, text);
  else process.stdout.write(text);
  if (format !== 'text' || toFile) {
    for (const w of report.stats.warnings) printWarning(w);
  }
  return report.findings.length > 0 ? 1 : 0;
}
