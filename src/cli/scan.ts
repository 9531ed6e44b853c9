import { saveScanReport, scanKeepingImports, verifyScan } from '../api/scan.js';
import { formatScanReport, isScanFormat, SCAN_FORMATS, type ScanFormat } from '../report/scan/index.js';
import { scanBytes, scanDirectory } from '../scan/plain-scan.js';
import { isBaselined, loadBaseline } from '../scan/baseline.js';
import { loadBuiltinRules } from '../rules/load.js';
import { DEFAULT_MAX_BLOB_BYTES } from '../git/object-limits.js';
import { SpillkitError } from '../errors.js';
import { repoConfigNotice } from '../scan/repo-config-stats.js';
import { parseCommandArgs, positiveInt } from './args.js';
import { printNote, printWarning, useColor, writeOutputFile } from './output.js';
import { progressPrinter } from './progress.js';
import { VERSION } from './version.js';
import { buildDemoRepository } from '../demo/demo-repo.js';
import { scanExitCode, verifyRequest } from './verify-flags.js';

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
  --verify                       check each distinct secret live with its provider (sends it to the
                                 provider's own API over HTTPS, read-only); adds validation
  --verify-self-hosted           also check self-hosted services (GitLab, Vault, ...) at a host named
                                 in the scanned text; private and loopback addresses only when named
                                 by the user (<PROVIDER>_API_URL)
  --only-verified                keep live credentials only (implies --verify)
  --verify-max-age DURATION      reuse live/not-live answers cached by an earlier run (30m, 12h, 7d)
  --no-cache                     accepted for scripts; every scan reads every object today
  --no-delta-reuse               scan every blob in full instead of only what each delta inserted
  --no-progress                  no progress line on stderr
  --demo                         build a demo repository with fake leaks in a temp dir and scan it
  --no-git                       PATH is a plain directory: scan its files (no history; symlinks and
                                 special files are not followed; its own .spillkit.yaml is not applied)
  -  (as PATH)                   scan standard input as one file
  --json                         same as --format json
  --no-color                     no ANSI colour

Exit codes: 0 nothing found, 1 secrets found, 2 usage error or bad input, 3 at least one credential
confirmed live (only with --verify).`;

/** `scan --no-git DIR` and `scan -`: plain bytes, no history, nothing saved to an incident store. */
async function plainScan(
  values: { demo?: boolean; since?: string; config?: string; baseline?: string; output?: string; 'max-blob-bytes'?: string; 'show-secrets'?: boolean; 'no-color'?: boolean },
  path: string,
  format: ScanFormat,
  verify: boolean,
): Promise<number> {
  for (const [given, flag] of [[values.demo, '--demo'], [values.since, '--since'], [verify || undefined, '--verify'], [values['show-secrets'], '--show-secrets']] as const) {
    if (given) throw new SpillkitError('USAGE', `${flag} needs a git repository; it does not apply to ${path === '-' ? 'standard input' : '--no-git'}`);
  }
  const maxBlobBytes = positiveInt(values['max-blob-bytes'], '--max-blob-bytes');
  const report = path === '-' ? scanBytes(await readStdin(maxBlobBytes ?? DEFAULT_MAX_BLOB_BYTES), { configPath: values.config }) : scanDirectory(path, { configPath: values.config, maxBlobBytes });
  if (values.baseline) {
    const baseline = loadBaseline(values.baseline);
    const kept = report.findings.filter((f) => !isBaselined(baseline, f));
    report.stats.suppressed += report.findings.length - kept.length;
    report.findings = kept;
    report.stats.findings = kept.length;
  }
  const toFile = values.output !== undefined;
  const text = formatScanReport(report, format, {
    color: format === 'text' && !toFile && useColor(process.stdout, values['no-color']),
    showSecrets: false,
    toolVersion: VERSION,
    rules: loadBuiltinRules(),
  });
  if (toFile) writeOutputFile(values.output!, text);
  else process.stdout.write(text);
  if (format !== 'text' || toFile) for (const w of report.stats.warnings) printWarning(w);
  return scanExitCode(report);
}

async function readStdin(limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new SpillkitError('USAGE', `standard input is larger than ${limit} bytes (--max-blob-bytes)`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

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
      verify: { type: 'boolean' },
      'verify-self-hosted': { type: 'boolean' },
      'only-verified': { type: 'boolean' },
      'verify-max-age': { type: 'string' },
      'no-cache': { type: 'boolean' },
      'no-git': { type: 'boolean' },
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

  const verify = verifyRequest(values);
  if (values['no-git'] || positionals[0] === '-') return plainScan(values, positionals[0] ?? '.', format, verify !== null);
  const showProgress = !values['no-progress'] && process.stderr.isTTY === true;
  const meter = showProgress ? progressPrinter(process.stderr) : null;
  const path = values.demo ? demoRepository() : positionals[0] ?? '.';
  let outcome;
  try {
    // Findings imported from other scanners stay in this repository's scans (import/carry.ts).
    outcome = await scanKeepingImports({
      path,
      threads: positiveInt(values.threads, '--threads'),
      deltaReuse: !values['no-delta-reuse'],
      // Verification needs the secrets in memory; they are dropped again below unless asked for.
      showSecrets: values['show-secrets'] === true || verify !== null,
      configPath: values.config,
      repoConfig: !values['no-repo-config'],
      baselinePath: values.baseline,
      since: values.since,
      maxBlobBytes: positiveInt(values['max-blob-bytes'], '--max-blob-bytes'),
      onProgress: meter?.update,
    }, !values.demo);
  } finally {
    meter?.done();
  }
  const { rules, repo, report } = outcome;
  // A repository's own config can hide findings: never apply it silently, whatever the format.
  if (report.stats.repoConfig) process.stderr.write(`spillkit: ${repoConfigNotice(report.stats.repoConfig)}\n`);

  if (verify) {
    if (showProgress) process.stderr.write('spillkit: checking credentials with their providers…\n');
    await verifyScan(report, repo, verify, values['show-secrets'] === true);
  }
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
  return scanExitCode(report);
}
