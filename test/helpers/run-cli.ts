/**
 * Runs the real executable (`node bin/spillkit.js ...`) the way a user's shell would, minus the shell:
 * execFile with an argv array, an isolated HOME, and a captured exit code, stdout and stderr.
 * The suite's global setup builds dist/ first, so this always runs the current source.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScanReport } from '../../src/scan/finding.js';
import { isolatedHome } from './repo-builder.js';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(REPO_ROOT, 'bin', 'spillkit.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON, when it is JSON. */
  json?: unknown;
}

export interface CliOptions {
  cwd?: string;
  /** Added to the isolated environment. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: isolatedHome(),
    GIT_CONFIG_NOSYSTEM: '1',
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    ...opts.env,
  };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? REPO_ROOT, env, timeout: opts.timeoutMs ?? 60_000,
      maxBuffer: 256 * 1024 * 1024, encoding: 'utf8',
    }, (error, stdout, stderr) => {
      // A non-zero exit is a result to assert on; only a failure to run at all (or a kill) is an error.
      const code = error ? (error as { code?: unknown }).code : 0;
      if (typeof code !== 'number') {
        reject(new Error(`spillkit ${args.join(' ')} did not exit normally: ${error?.message}\n${stderr}`));
        return;
      }
      resolve({ code, stdout, stderr, json: parseJson(stdout) });
    });
  });
}

function parseJson(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

/** `spillkit scan PATH --format json --no-progress ...extra`, with the report parsed. */
export async function scanJson(path: string, extra: string[] = [], opts: CliOptions = {}): Promise<CliResult & { report: ScanReport }> {
  const result = await runCli(['scan', path, '--format', 'json', '--no-progress', ...extra], opts);
  if (result.json === undefined) {
    throw new Error(`scan ${path} printed no JSON report (exit ${result.code}): ${result.stderr.trim()}`);
  }
  return { ...result, report: result.json as ScanReport };
}
