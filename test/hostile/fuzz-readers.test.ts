// Fuzz target over the pack, index and loose object readers. A small real repository (deltas, a tag,
// packed and loose objects) is built at test time; each case mutates a copy of its object database
// (bit flips, truncation, inserted bytes, sizes that lie: fuzz-mutate.mjs) and reads it all. Outcomes
// allowed: success, or a SpillkitError (one line, exit 2). Never a crash, a hang or unbounded memory.
//
// Two tiers, same mutations, fixed seeds: 320 cases run in process by child drivers (bounded in time
// and heap, peak RSS reported), and 24 run through the real CLI, asserting its exit code and stderr.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { buildRepo, type Repo } from '../helpers/repo-builder.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
// @ts-expect-error plain JavaScript shared with the child driver
import { caseSeed, mutateRepository, prng } from './fuzz-mutate.mjs';
import { errorLines, runBounded, STACK_FRAME } from './run-bounded.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SEED = 20240601;
const DRIVER_CASES = 320;
const DRIVER_BATCHES = 4;
const CLI_CASES = 24;
const RSS_LIMIT_MB = 512;

let repo: Repo;
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'spillkit-fuzz-'));
  const lines = Array.from({ length: 60 }, (_, i) => `setting_${i} = value ${i}`);
  const edit = (n: number): string => lines.map((l, i) => (i % 7 === n % 7 ? `${l} # edited ${n}` : l)).join('\n');
  repo = buildRepo([
    { files: { 'README.md': '# fuzz target\n', 'app.cfg': edit(0), 'logo.bin': Buffer.from(Array.from({ length: 700 }, (_, i) => (i * 37) % 256)) }, message: 'init' },
    { files: { 'app.cfg': edit(1), 'deploy/app.env': `GITHUB_TOKEN=${fakeSecret('github-pat', 'fuzz')}\n` }, message: 'deploy' },
    { files: { 'app.cfg': edit(2) }, message: 'tune', tag: { name: 'v1', message: 'release 1\n' } },
    { branch: 'feature', from: 'main', files: { 'app.cfg': edit(3), 'notes.txt': 'notes\n' }, message: 'feature' },
    { files: { 'app.cfg': edit(4), 'deploy/app.env': null }, message: 'scrub' },
  ]);
  repo.packAll({ depth: 10, window: 10 });
  // Loose objects on top of the pack, so every mutation kind has a target.
  repo.commit({ files: { 'app.cfg': edit(5), 'later.txt': 'later\n' }, message: 'later' });
  repo.commit({ files: { 'app.cfg': edit(6) }, message: 'latest' });
}, 60_000);

afterAll(() => {
  repo?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface CaseLine {
  case: number;
  mutation: string;
  outcomes?: string[];
  crash?: string;
  ms: number;
}

/** One driver child over cases [from, to): its JSON lines, exit code, and whether it was killed. */
function drive(from: number, to: number): Promise<{ code: number | null; lines: CaseLine[]; maxRssKb: number | null; stderr: string; timedOut: boolean }> {
  const job = { dist: join(REPO_ROOT, 'dist'), base: repo.dir, work: join(work, `driver-${from}`), seed: SEED, from, to };
  const child = spawn(process.execPath, ['--max-old-space-size=256', join(HERE, 'fuzz-driver.mjs'), JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, 90_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      const parsed = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as CaseLine & { maxRssKb?: number });
      const rss = parsed.find((l) => l.maxRssKb !== undefined);
      resolve({ code, lines: parsed.filter((l) => l.case !== undefined), maxRssKb: rss?.maxRssKb ?? null, stderr, timedOut });
    });
  });
}

describe('reader fuzz target', () => {
  it(`${DRIVER_CASES} mutated databases read in process: no crash, no hang, bounded memory`, async () => {
    const per = DRIVER_CASES / DRIVER_BATCHES;
    const results = [];
    // Two drivers at a time: one per core.
    for (let b = 0; b < DRIVER_BATCHES; b += 2) {
      results.push(...(await Promise.all([drive(b * per, (b + 1) * per), drive((b + 1) * per, (b + 2) * per)])));
    }
    const lines = results.flatMap((r) => r.lines);
    for (const r of results) {
      const last = r.lines[r.lines.length - 1];
      expect(r.timedOut, `a driver hung after case ${last?.case}`).toBe(false);
      expect(r.code, r.stderr).toBe(0);
      expect(r.maxRssKb! / 1024).toBeLessThan(RSS_LIMIT_MB);
    }
    expect(lines.map((l) => l.case)).toEqual(Array.from({ length: DRIVER_CASES }, (_, i) => i));
    const crashes = lines.filter((l) => l.crash !== undefined);
    expect(crashes.map((c) => `case ${c.case} (${c.mutation}): ${c.crash}`)).toEqual([]);
    for (const l of lines) expect(l.ms, `case ${l.case} (${l.mutation})`).toBeLessThan(10_000);
    // The mutations must reach the entry readers, not only the envelope checks: in many cases the
    // database opens and a later stage (objects, trees, random reads) fails cleanly.
    const reached = lines.filter((l) => l.outcomes!.includes('open:ok') && l.outcomes!.some((o) => /:[A-Z_]+$/.test(o)));
    expect(reached.length).toBeGreaterThan(DRIVER_CASES / 4);
  }, 240_000);

  it(`${CLI_CASES} mutated repositories through the CLI: exit 0, 1 or 2, one line, never a stack trace`, async () => {
    const dirs = Array.from({ length: CLI_CASES }, (_, i) => {
      const dir = join(work, `cli-${i}`);
      cpSync(repo.dir, dir, { recursive: true });
      const mutation = mutateRepository(join(dir, '.git'), prng(caseSeed(SEED + 1, i))) as string;
      return { dir, mutation };
    });
    for (let i = 0; i < dirs.length; i += 2) {
      const runs = await Promise.all(dirs.slice(i, i + 2).map(async (c) => ({ c, run: await runBounded(['scan', c.dir, '--format', 'json', '--no-progress', '--threads', '1'], { timeoutMs: 30_000, heapMb: 256 }) })));
      for (const { c, run } of runs) {
        const what = `${c.mutation}: ${run.stderr}`;
        expect(run.timedOut, what).toBe(false);
        expect([0, 1, 2], what).toContain(run.code);
        expect(run.stderr, what).not.toMatch(STACK_FRAME);
        if (run.code === 2) expect(errorLines(run.stderr), what).toHaveLength(1);
        expect(run.maxRssMb!, what).toBeLessThan(RSS_LIMIT_MB);
      }
    }
  }, 240_000);
});
