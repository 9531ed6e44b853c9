import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../cli/version.js';
import { SpillkitError } from '../errors.js';
import { openRepository } from '../git/repo.js';
import { writeFileAtomic } from '../incident/private-fs.js';
import { md } from '../report/markdown.js';
import { formatScanReport } from '../report/scan/index.js';
import { loadScanConfig } from '../rules/config.js';
import { loadBuiltinRules } from '../rules/load.js';
import type { RuleSpec } from '../rules/types.js';
import type { ScanReport } from '../scan/finding.js';
import { readInputs, type ActionInputs } from './inputs.js';
import { scanScope, type ScanScope } from './scope.js';
import { renderSummary } from './summary.js';

export interface ActionDeps {
  /** The spillkit CLI to run (default: this installation's bin/spillkit.js). */
  cli?: string;
  /** The job's working directory (default: process.cwd()). */
  cwd?: string;
}

export interface ActionResult {
  /** The entry point's exit code: 0 when the scan ran (the composite's last step fails the job), 2 when it could not. */
  exitCode: number;
  /** What goes to $GITHUB_OUTPUT. `fail` says whether the job must fail. */
  outputs: Record<string, string>;
  summary: string;
  /** The argv the scan ran with (after node and the CLI path). */
  scanArgs: string[];
}

/** This installation's CLI: dist/action/run.js -> bin/spillkit.js. */
function defaultCli(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'spillkit.js');
}

/**
 * The action's entry point: from the inputs (INPUT_*) and the event (GITHUB_EVENT_NAME,
 * GITHUB_EVENT_PATH), scan what the push or pull request adds with `spillkit scan --format json`
 * (`--verify` for fail-on: live), write the SARIF for upload-sarif, the job summary
 * ($GITHUB_STEP_SUMMARY) and the outputs ($GITHUB_OUTPUT). The job fails afterwards, in action.yml,
 * so the SARIF is uploaded first.
 */
export function runAction(env: NodeJS.ProcessEnv, deps: ActionDeps = {}): ActionResult {
  const cwd = deps.cwd ?? process.cwd();
  const notes: string[] = [];
  let inputs: ActionInputs;
  let repoPath: string;
  let scope: ScanScope;
  try {
    inputs = readInputs(env, cwd);
    repoPath = resolve(cwd, inputs.path);
    scope = checkedScope(repoPath, scanScope(env.GITHUB_EVENT_NAME, readEvent(env.GITHUB_EVENT_PATH), inputs.since), notes);
  } catch (e) {
    return failed(env, (e as Error).message, [], {});
  }
  const reportFile = join(dirname(resolve(cwd, inputs.sarifFile)), 'spillkit-report.json');
  const scanArgs = [
    'scan', repoPath, '--format', 'json', '--output', reportFile, '--no-progress',
    ...(scope.since !== null ? [`--since=${scope.since}`] : []),
    ...(inputs.config ? [`--config=${inputs.config}`] : []),
    ...(inputs.baseline ? [`--baseline=${inputs.baseline}`] : []),
    ...(inputs.failOn === 'live' ? ['--verify'] : []),
  ];
  const run = spawnSync(process.execPath, [deps.cli ?? defaultCli(), ...scanArgs], { cwd, env, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  process.stderr.write(run.stderr ?? '');
  const code = run.status ?? 2;
  const base = { 'exit-code': String(code), scope: scope.description };
  if (code !== 0 && code !== 1 && code !== 3) {
    const why = (run.stderr ?? '').trim().split('\n').pop() || run.error?.message || `exit ${code}`;
    return failed(env, `spillkit could not scan ${inputs.path}: ${why.replace(/^spillkit: /, '')}`, scanArgs, base);
  }

  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ScanReport;
  writeFileAtomic(resolve(cwd, inputs.sarifFile), formatScanReport(report, 'sarif', { color: false, showSecrets: false, toolVersion: VERSION, rules: rulesFor(repoPath, inputs) }));
  const live = report.findings.filter((f) => (f as { validation?: { state?: string } }).validation?.state === 'live').length;
  const fail = inputs.failOn === 'findings' ? report.findings.length > 0 : inputs.failOn === 'live' ? code === 3 : false;
  const summary = renderSummary({ report, scope: scope.description, failOn: inputs.failOn, fail, notes });
  const outputs = {
    ...base,
    findings: String(report.findings.length),
    live: String(live),
    fail: String(fail),
    'sarif-file': resolve(cwd, inputs.sarifFile),
    'report-file': reportFile,
    message: fail ? `spillkit found ${report.findings.length} secret(s)${live ? `, ${live} live` : ''} in ${scope.description}` : '',
  };
  publish(env, summary, outputs);
  return { exitCode: 0, outputs, summary, scanArgs };
}

function failed(env: NodeJS.ProcessEnv, message: string, scanArgs: string[], base: Record<string, string>): ActionResult {
  const summary = `## spillkit: the scan did not run\n\n${md(message)}\n`;
  const outputs = { ...base, fail: 'true', message };
  publish(env, summary, outputs);
  process.stdout.write(`::error title=spillkit::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
  return { exitCode: 2, outputs, summary, scanArgs };
}

function readEvent(path: string | undefined): unknown {
  if (!path) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

/**
 * A base the clone does not hold (a shallow checkout, a force-pushed `before`, no origin/<default>)
 * cannot bound the scan: the whole history is reported instead, and the summary says why.
 */
function checkedScope(repoPath: string, scope: ScanScope, notes: string[]): ScanScope {
  if (scope.since === null) return scope;
  if (scope.since.startsWith('-')) throw new SpillkitError('USAGE', `not a revision: '${scope.since}'`);
  const found = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${scope.since}^{commit}`], { cwd: repoPath, encoding: 'utf8' });
  if (found.status === 0) return scope;
  notes.push(`${scope.since} is not in this clone (check out with fetch-depth: 0), so the whole history was scanned instead of ${scope.description}.`);
  return { since: null, description: 'the whole history' };
}

/** The rules the scan used, for SARIF's rule metadata: the built-in set plus the config's own. */
function rulesFor(repoPath: string, inputs: ActionInputs): RuleSpec[] {
  const builtin = loadBuiltinRules();
  try {
    const repo = openRepository(repoPath);
    return [...builtin, ...loadScanConfig({ configPath: inputs.config ?? undefined, worktree: repo.worktree ?? undefined }).rules];
  } catch {
    return builtin; // the scan already ran with it; a rule missing here only loses its title in SARIF
  }
}

/** Appends the summary and the outputs where the runner reads them (files named by the environment). */
function publish(env: NodeJS.ProcessEnv, summary: string, outputs: Record<string, string>): void {
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, summary);
  if (env.GITHUB_OUTPUT) {
    const text = Object.entries(outputs).map(([name, value]) => {
      const delimiter = `spillkit_${randomBytes(8).toString('hex')}`;
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    });
    appendFileSync(env.GITHUB_OUTPUT, text.join(''));
  }
}
