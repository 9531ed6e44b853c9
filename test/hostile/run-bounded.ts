/**
 * Runs the real CLI the way run-cli.ts does, but bounded: a V8 heap limit, a time limit after which
 * the process is killed (a hang is a result to assert on, not a stuck suite), and the peak resident
 * memory of the whole process, worker threads included, as a preloaded probe reports it on exit.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isolatedHome } from '../helpers/repo-builder.js';
import { BIN, REPO_ROOT } from '../helpers/run-cli.js';

const PROBE = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'rss-probe.mjs')).href;

export interface BoundedResult {
  /** Exit code, or null when killed (time limit) or ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Peak resident memory in MiB; null when the process did not exit normally. */
  maxRssMb: number | null;
  ms: number;
}

export interface BoundedOptions {
  timeoutMs?: number;
  /** V8 old-space limit in MiB (Buffers live outside it: the peak RSS is what bounds them). */
  heapMb?: number;
  env?: Record<string, string>;
  cwd?: string;
}

export function runBounded(args: string[], opts: BoundedOptions = {}): Promise<BoundedResult> {
  const dir = mkdtempSync(join(tmpdir(), 'spillkit-rss-'));
  const rssFile = join(dir, 'rss');
  const started = Date.now();
  const child = spawn(process.execPath, [`--max-old-space-size=${opts.heapMb ?? 512}`, '--import', PROBE, BIN, ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: isolatedHome(),
      GIT_CONFIG_NOSYSTEM: '1',
      LANG: 'C.UTF-8',
      NO_COLOR: '1',
      SPILLKIT_TEST_RSS_FILE: rssFile,
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs ?? 30_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let maxRssMb: number | null = null;
      try {
        maxRssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
      } catch {
        // killed or crashed before the probe could write
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, signal, stdout, stderr, timedOut, maxRssMb, ms: Date.now() - started });
    });
  });
}

/** A stack frame, which must never reach a user's terminal. */
export const STACK_FRAME = /^\s+at .+[:(]\d+/m;

/** Lines of stderr that are not warnings: the error a failed run prints (at most one). */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('spillkit: warning:'));
}
