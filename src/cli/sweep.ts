import { resolve } from 'node:path';
import { SpillkitError } from '../errors.js';
import { operatorToken } from '../providers/github/client.js';
import { loadBuiltinRules } from '../rules/load.js';
import { formatSweepResult, isSweepFormat, SWEEP_FORMATS, type SweepFormat } from '../sweep/format/index.js';
import { sweepExitCode } from '../sweep/result.js';
import { runSweep, type SweepEvent } from '../sweep/run-sweep.js';
import { inShard, parseShard, type Shard } from '../sweep/shard.js';
import { sweepSettings } from '../sweep/settings.js';
import { defaultCacheRoot, defaultStateDir, discoverSource, type SweepSource } from '../sweep/sources.js';
import type { SweepResult } from '../sweep/types.js';
import { terminalSafe } from '../report/safe-text.js';
import { parseCommandArgs, positiveInt } from './args.js';
import { useColor, writeOutputFile } from './output.js';
import { VERSION } from './version.js';
import { verifyRequest } from './verify-flags.js';

export const SWEEP_HELP = `Usage: spillkit sweep DIR [options]
       spillkit sweep --github-org ORG | --github-user USER [options]

Scans many repositories: every git repository under DIR (worktrees and bare repositories; not inside
.git or node_modules), or every repository of a GitHub organisation or user, mirrored into a cache
(git clone --mirror the first time, git fetch --prune later). GITHUB_API_URL picks the host,
GITHUB_TOKEN or GH_TOKEN authenticates. An interrupted sweep resumes: repositories already scanned at
the same tip are not scanned again.

Options:
  --format text|json|sarif   output format (default: text); json is what \`spillkit merge\` reads
  --output FILE              write the result to FILE (mode 0600); the summary table then goes to stdout
  --jobs N                   repositories scanned at once (default: 2)
  --threads N                worker threads in total, shared by the jobs (default: all cores)
  --shard I/N                scan only shard I of N (I from 1), split by a hash of each repository's name
  --cache DIR                mirrors and sweep state (default: $XDG_CACHE_HOME/spillkit or ~/.cache/spillkit)
  --state DIR                where the resumable state lives (default: under the cache, per source and shard)
  --max-repo-bytes N         skip repositories larger than N bytes (suffixes K, M, G; e.g. 2G)
  --max-blob-bytes N         skip single blobs larger than N bytes (default: 256 MiB)
  --config FILE              spillkit YAML config or a gitleaks .gitleaks.toml, for every repository
  --repo-config              also apply each swept repository's own .spillkit.yaml / .gitleaks.toml
                             (off by default: a swept repository is not trusted to add allowlists or
                             disable rules; when on, each repository's result names its config)
  --page-size N              repositories per GitHub API page (default: 100)
  --fail-on-error            exit 2 when any repository could not be scanned
  --verify                   check each finding live with its provider (see \`spillkit scan --help\`);
                             live credentials rank first; cache and journal under the state dir
  --only-verified            keep live credentials only (implies --verify)
  --verify-max-age DURATION  reuse live/not-live answers younger than DURATION (30m, 12h, 7d)
  --dry-run                  list the repositories this run would sweep, and stop
  --no-progress              no per-repository progress on stderr
  --json                     same as --format json
  --no-color                 no ANSI colour

Exit codes: 0 nothing found, 1 secrets found, 3 a credential confirmed live (with --verify),
2 usage error, or no repository could be scanned
(all failed or skipped), or any failed with --fail-on-error. A repository that fails is reported
(stderr and the result) and the others are still swept.`;

export async function sweepCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      'github-org': { type: 'string' },
      'github-user': { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      jobs: { type: 'string' },
      threads: { type: 'string' },
      shard: { type: 'string' },
      cache: { type: 'string' },
      state: { type: 'string' },
      'max-repo-bytes': { type: 'string' },
      'max-blob-bytes': { type: 'string' },
      config: { type: 'string' },
      'repo-config': { type: 'boolean' },
      'page-size': { type: 'string' },
      'fail-on-error': { type: 'boolean' },
      'no-progress': { type: 'boolean' },
      verify: { type: 'boolean' },
      'verify-self-hosted': { type: 'boolean' },
      'only-verified': { type: 'boolean' },
      'verify-max-age': { type: 'string' },
    },
    'sweep',
  );
  if (values.help) {
    process.stdout.write(`${SWEEP_HELP}\n`);
    return 0;
  }
  const source = sourceFrom(positionals, values['github-org'], values['github-user'], values['page-size']);
  const format = values.format ?? (values.json ? 'json' : 'text');
  if (!isSweepFormat(format)) throw new SpillkitError('USAGE', `--format must be one of ${SWEEP_FORMATS.join(', ')}, not '${format}'`);
  const shard = values.shard !== undefined ? parseShard(values.shard) : null;
  const jobs = positiveInt(values.jobs, '--jobs') ?? 2;
  const threads = positiveInt(values.threads, '--threads');
  const maxRepoBytes = values['max-repo-bytes'] !== undefined ? byteSize(values['max-repo-bytes'], '--max-repo-bytes') : undefined;
  const maxBlobBytes = values['max-blob-bytes'] !== undefined ? byteSize(values['max-blob-bytes'], '--max-blob-bytes') : undefined;
  const env = process.env;
  const verify = verifyRequest(values);
  const cacheRoot = resolve(values.cache ?? defaultCacheRoot(env));

  const discovered = await discoverSource(source, cacheRoot, env);
  if (discovered.targets.length === 0) {
    const where = source.kind === 'directory' ? `under ${source.path}` : `for GitHub ${source.ownerKind} '${source.owner}'`;
    throw new SpillkitError('USAGE', `no git repositories found ${where}`);
  }
  const stateDir = resolve(values.state ?? defaultStateDir(cacheRoot, discovered.key, shard));
  if (values['dry-run']) return dryRun(discovered.targets, shard);

  const showProgress = !values['no-progress'] && process.stderr.isTTY === true;
  const result = await runSweep({
    targets: discovered.targets,
    discoveryWarnings: discovered.warnings,
    shard,
    stateDir,
    settings: sweepSettings({ version: VERSION, configPath: values.config, maxBlobBytes, repoConfig: values['repo-config'] === true, verify: verify !== null }),
    verify,
    jobs,
    threads,
    configPath: values.config,
    repoConfig: values['repo-config'] === true,
    maxBlobBytes,
    maxRepoBytes,
    token: source.kind === 'github' ? operatorToken(env) : undefined,
    env,
    onEvent: showProgress ? progressLine : undefined,
  });
  emitSweepResult(result, format, values.output, values['no-color']);
  return sweepExitCode(result, values['fail-on-error'] === true);
}

/**
 * Writes a sweep (or merged) result: the chosen format to --output or stdout. When a file takes the
 * JSON or SARIF, the summary table goes to stdout for whoever watches the run; when stdout carries
 * JSON or SARIF, each repository that failed is still named on stderr.
 */
export function emitSweepResult(result: SweepResult, format: SweepFormat, output: string | undefined, noColor: boolean | undefined): void {
  const rules = format === 'sarif' ? loadBuiltinRules() : undefined;
  const toFile = output !== undefined;
  const text = formatSweepResult(result, format, {
    color: format === 'text' && !toFile && useColor(process.stdout, noColor),
    toolVersion: VERSION,
    rules,
  });
  if (toFile) {
    writeOutputFile(output, text);
    if (format !== 'text') process.stdout.write(formatSweepResult(result, 'text', { color: useColor(process.stdout, noColor), toolVersion: VERSION }));
  } else {
    process.stdout.write(text);
    if (format !== 'text') {
      for (const repo of result.repositories) {
        if (repo.status === 'failed') process.stderr.write(`spillkit: ${terminalSafe(repo.name)}: not scanned: ${terminalSafe(repo.error ?? '')}\n`);
      }
    }
  }
}

function sourceFrom(positionals: string[], org: string | undefined, user: string | undefined, pageSize: string | undefined): SweepSource {
  const given = [positionals.length > 0, org !== undefined, user !== undefined].filter(Boolean).length;
  if (given !== 1 || positionals.length > 1) {
    throw new SpillkitError('USAGE', 'sweep takes one source: a DIR, --github-org ORG or --github-user USER (see `spillkit sweep --help`)');
  }
  if (positionals.length === 1) return { kind: 'directory', path: positionals[0] };
  const owner = (org ?? user)!;
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(owner)) {
    throw new SpillkitError('USAGE', `'${owner}' is not a GitHub ${org !== undefined ? 'organisation' : 'user'} name`);
  }
  const size = positiveInt(pageSize, '--page-size');
  if (size !== undefined && size > 100) throw new SpillkitError('USAGE', '--page-size is at most 100 (GitHub\'s limit)');
  return { kind: 'github', owner, ownerKind: org !== undefined ? 'org' : 'user', pageSize: size };
}

/** `1048576`, `512K`, `300M`, `2G` (binary units). */
function byteSize(text: string, flag: string): number {
  const m = /^([1-9]\d*)([KMG]i?B?)?$/i.exec(text.trim());
  if (!m) throw new SpillkitError('USAGE', `${flag} takes a size in bytes (suffixes K, M, G), not '${text}'`);
  const unit = (m[2] ?? '').slice(0, 1).toUpperCase();
  const scale = unit === 'K' ? 1024 : unit === 'M' ? 1024 ** 2 : unit === 'G' ? 1024 ** 3 : 1;
  return Number(m[1]) * scale;
}

function dryRun(targets: { name: string; source: string }[], shard: Shard | null): number {
  const chosen = targets.filter((t) => inShard(t.name, shard));
  process.stdout.write(`Would sweep ${chosen.length} of ${targets.length} repositories${shard ? ` (shard ${shard.index}/${shard.count})` : ''}:\n`);
  for (const t of chosen) process.stdout.write(`  ${terminalSafe(t.name)}  ${terminalSafe(t.source)}\n`);
  return 0;
}

function progressLine(event: SweepEvent): void {
  if (event.type === 'start') {
    process.stderr.write(`sweeping ${event.total} repositories (${event.jobs} at once, ${event.threadsPerScan} thread(s) each)\n`);
    return;
  }
  const r = event.result;
  const what = r.status === 'scanned'
    ? `${event.reused ? 'unchanged, reused' : 'scanned'}: ${r.findings.length} finding(s)`
    : `${r.status}: ${r.error ?? ''}`;
  process.stderr.write(`[${event.done}/${event.total}] ${terminalSafe(r.name)}: ${terminalSafe(what)}\n`);
}
