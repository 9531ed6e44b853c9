import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { SweepResult } from '../../src/sweep/types.js';
import type { GithubEmulator } from '../emulators/github-rest.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { sarifValidator } from '../helpers/sarif-validator.js';
import { buildFixtureOrg, comparable, ORG, runCommand, startOrgEmulator, tempDir, type FixtureOrg } from '../sweep/helpers.js';

/**
 * docs/ci/org-sweep.yml, run step by step as the runner would: each matrix shard's Sweep step (its env
 * with the matrix, strategy and secret expressions filled in), the artifacts gathered into shards/ as
 * download-artifact does, then the merge job's Merge step, against the emulated organisation of the
 * sweep tests (ten repositories, one corrupt). `spillkit` on PATH is this checkout's binary.
 */
interface Step { name?: string; id?: string; uses?: string; if?: string; run?: string; env?: Record<string, string>; with?: Record<string, unknown> }
interface Workflow {
  env: Record<string, string>;
  jobs: {
    sweep: { strategy: { 'fail-fast': boolean; matrix: { shard: number[] } }; steps: Step[] };
    merge: { needs: string; if: string; permissions: Record<string, string>; steps: Step[] };
  };
}
const workflow = parseYaml(readFileSync(join(REPO_ROOT, 'docs', 'ci', 'org-sweep.yml'), 'utf8')) as Workflow;
const shards = workflow.jobs.sweep.strategy.matrix.shard;

let org: FixtureOrg;
let emulator: GithubEmulator;
let token: string;
let work: ReturnType<typeof tempDir>;

beforeAll(async () => {
  org = buildFixtureOrg();
  ({ emulator, token } = await startOrgEmulator(org));
  work = tempDir('spillkit-org-sweep-');
  // `spillkit` as npm install --global puts it on PATH.
  mkdirSync(join(work.dir, 'bin'));
  writeFileSync(join(work.dir, 'bin', 'spillkit'), `#!/bin/sh\nexec '${process.execPath}' '${join(REPO_ROOT, 'bin', 'spillkit.js')}' "$@"\n`);
  chmodSync(join(work.dir, 'bin', 'spillkit'), 0o755);
});

afterAll(async () => {
  await emulator?.close();
  org?.cleanup();
  work?.cleanup();
});

const step = (steps: Step[], name: string): Step => steps.find((s) => s.name === name || s.id === name)!;

/** A step's `env`, expressions filled in as the runner would for this job. */
function expand(env: Record<string, string> | undefined, context: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env ?? {})) {
    out[k] = String(v).replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (m, expr: string) => {
      if (!(expr in context)) throw new Error(`the test does not know ${m}`);
      return context[expr];
    });
  }
  return out;
}

/** Asynchronously: the emulator answers from this process, so its event loop must keep running. */
function runStep(s: Step, cwd: string, context: Record<string, string>, files: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    PATH: `${join(work.dir, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: join(work.dir, 'home'),
    LANG: 'C.UTF-8',
    GIT_CONFIG_NOSYSTEM: '1',
    GITHUB_API_URL: emulator.url,
    ...workflow.env,
    ORG,
    ...files,
    ...expand(s.env, context),
  };
  // The runner's default shell for run steps: bash -e.
  const child = spawn('bash', ['-e', '-c', s.run!], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('docs/ci/org-sweep.yml', () => {
  it('is scheduled, sharded by a matrix that does not cancel itself, and merged even when a shard fails', () => {
    expect(shards).toEqual(shards.map((_s, i) => i + 1));
    expect(workflow.jobs.sweep.strategy['fail-fast']).toBe(false);
    expect(workflow.jobs.merge.needs).toBe('sweep');
    expect(workflow.jobs.merge.if).toContain('always()');
    expect(workflow.jobs.merge.permissions['security-events']).toBe('write');
    expect(step(workflow.jobs.merge.steps, 'Install spillkit').run).toContain('npm install --global "$SPILLKIT"');
    const upload = workflow.jobs.merge.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.with?.sarif_file).toBe('sweep.sarif');
  });

  it('its shards and merge give the result of one sweep, SARIF and a summary, and fail the run on findings', async () => {
    const sweep = step(workflow.jobs.sweep.steps, 'Sweep');
    const shardsDir = join(work.dir, 'merge', 'shards');
    mkdirSync(shardsDir, { recursive: true });
    for (const shard of shards) {
      const cwd = join(work.dir, `shard-${shard}`);
      mkdirSync(cwd);
      const context = { 'matrix.shard': String(shard), 'strategy.job-total': String(shards.length), 'secrets.SPILLKIT_SWEEP_TOKEN': token };
      const r = await runStep(sweep, cwd, context, {});
      expect(r.code, r.stderr).toBe(0);
      // upload-artifact, then download-artifact with merge-multiple: every shard file in shards/.
      copyFileSync(join(cwd, `shard-${shard}.json`), join(shardsDir, `shard-${shard}.json`));
    }

    const cwd = join(work.dir, 'merge');
    const files = { GITHUB_STEP_SUMMARY: join(cwd, 'summary.md'), GITHUB_OUTPUT: join(cwd, 'output.txt') };
    writeFileSync(files.GITHUB_STEP_SUMMARY, '');
    writeFileSync(files.GITHUB_OUTPUT, '');
    const merged = await runStep(step(workflow.jobs.merge.steps, 'merge'), cwd, {}, files);
    expect(merged.code, merged.stderr).toBe(0);
    expect(readFileSync(files.GITHUB_OUTPUT, 'utf8')).toContain('code=1'); // the last step fails the run

    const result = JSON.parse(readFileSync(join(cwd, 'sweep.json'), 'utf8')) as SweepResult;
    const whole = await runCommand('sweep', ['--github-org', ORG, '--cache', join(work.dir, 'whole'), '--format', 'json', '--no-progress'], { GITHUB_API_URL: emulator.url, GITHUB_TOKEN: token });
    expect(comparable(result)).toEqual(comparable(JSON.parse(whole.stdout) as SweepResult));
    expect(result.stats).toMatchObject({ repositories: 10, failed: 1, repositoriesWithFindings: 3 });

    const validate = sarifValidator();
    expect(validate(JSON.parse(readFileSync(join(cwd, 'sweep.sarif'), 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
    const summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
    expect(summary).toContain(`## spillkit sweep of ${ORG}`);
    expect(summary).toContain('acme/api');
    for (const secret of org.repos.flatMap((r) => r.secrets)) expect(summary).not.toContain(secret);
    const last = workflow.jobs.merge.steps[workflow.jobs.merge.steps.length - 1];
    expect(last.if).toContain("steps.merge.outputs.code == '1'");
    expect(last.if).toContain("steps.merge.outputs.code == '3'"); // sweep --verify: a live credential
  }, 240_000);
});
