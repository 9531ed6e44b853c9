import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { buildRepo, gitEnv, type Repo } from '../helpers/repo-builder.js';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { sarifValidator } from '../helpers/sarif-validator.js';
// The built entry point, as action.yml runs it (global-setup builds dist/).
import { runAction } from '../../dist/action/run.js';

/**
 * The GitHub Action (action.yml) run the way the runner runs its scan step: the step's `env` from
 * action.yml with the inputs filled in, GITHUB_EVENT_NAME/GITHUB_EVENT_PATH holding a real push or
 * pull_request payload, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT files, GITHUB_ACTION_PATH at this
 * checkout, against a fixture repository: a clean commit, one that adds a token, one after it.
 */
interface ActionYml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Array<{ id?: string; name: string; uses?: string; if?: string; run?: string; env?: Record<string, string>; with?: Record<string, string> }> };
}
const action = parseYaml(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionYml;
const scanStep = action.runs.steps.find((s) => s.id === 'scan')!;

let repo: Repo;
let token: string;
let clean: string;
let leak: string;
let after: string;
let work: string;
let runs = 0;

beforeAll(() => {
  token = fakeSecret('github-pat', 'action-e2e');
  repo = buildRepo([
    { files: { 'README.md': '# service\n' }, message: 'init' },
    { files: { 'src/deploy.js': `const token = "${token}";\n` }, message: 'deploy script' },
    { files: { 'notes.txt': 'more\n' }, message: 'notes' },
  ]);
  [clean, leak, after] = repo.commits;
  // What actions/checkout with fetch-depth: 0 leaves: the default branch as a remote-tracking ref.
  repo.updateRef('refs/remotes/origin/main', clean);
  work = mkdtempSync(join(tmpdir(), 'spillkit-action-'));
});

afterAll(() => {
  repo?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface StepRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** `name<<DELIM\nvalue\nDELIM` blocks, as the runner reads $GITHUB_OUTPUT. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]);
    out[m[1]] = value.join('\n');
  }
  return out;
}

/** The step's env with `${{ inputs.x }}` replaced as the runner does (given value, else the default). */
function stepEnv(inputs: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, template] of Object.entries(scanStep.env ?? {})) {
    env[name] = template.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_m, input: string) => inputs[input] ?? action.inputs[input]?.default ?? '');
  }
  return env;
}

function runStep(eventName: string, event: unknown, inputs: Record<string, string> = {}): StepRun {
  const dir = join(work, String(runs++));
  rmSync(dir, { recursive: true, force: true });
  spawnSync('mkdir', ['-p', dir]);
  const files = { event: join(dir, 'event.json'), summary: join(dir, 'summary.md'), output: join(dir, 'output.txt') };
  writeFileSync(files.event, JSON.stringify(event));
  writeFileSync(files.summary, '');
  writeFileSync(files.output, '');
  const env = gitEnv({
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_OUTPUT: files.output,
    GITHUB_WORKSPACE: repo.dir,
    GITHUB_ACTION_PATH: REPO_ROOT,
    RUNNER_TEMP: dir,
    NO_COLOR: '1',
    ...stepEnv(inputs),
  });
  const r = spawnSync('bash', ['-e', '-c', scanStep.run!], { cwd: repo.dir, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, outputs: parseOutputs(readFileSync(files.output, 'utf8')), summary: readFileSync(files.summary, 'utf8') };
}

const push = (before: string, to: string, ref = 'refs/heads/main'): unknown => ({
  ref, before, after: to, forced: false, repository: { full_name: 'acme/service', default_branch: 'main' }, commits: [],
});
const pullRequest = (base: string, head: string): unknown => ({
  action: 'synchronize', number: 7, pull_request: { number: 7, base: { ref: 'main', sha: base }, head: { ref: 'feature', sha: head } },
});

function expectNoSecret(run: StepRun): void {
  const sarif = run.outputs['sarif-file'] ? readFileSync(run.outputs['sarif-file'], 'utf8') : '';
  for (const text of [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs), sarif]) expect(text.includes(token)).toBe(false);
}

describe('action.yml', () => {
  it('is a composite action: build, scan with the tested entry point, upload SARIF, then fail', () => {
    expect(action.runs.using).toBe('composite');
    expect(scanStep.run).toContain('$GITHUB_ACTION_PATH/dist/action/main.js');
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.if).toContain('always()');
    expect(upload.with?.sarif_file).toContain('steps.scan.outputs.sarif-file');
    const last = action.runs.steps[action.runs.steps.length - 1];
    expect(last.if).toContain("steps.scan.outputs.fail == 'true'");
    expect(action.runs.steps.indexOf(upload)).toBeLessThan(action.runs.steps.indexOf(last));
  });

  it('passes every scan input to the entry point and exposes the outputs it writes', () => {
    const passed = Object.values(scanStep.env ?? {}).join(' ');
    for (const name of Object.keys(action.inputs).filter((n) => n !== 'upload-sarif' && n !== 'category')) {
      expect(passed, name).toContain(`inputs.${name}`);
      expect(Object.keys(scanStep.env ?? {}), name).toContain(`INPUT_${name.toUpperCase().replace(/-/g, '_')}`);
    }
    for (const output of Object.values(action.outputs)) expect(output.value).toMatch(/^\$\{\{ steps\.scan\.outputs\.[\w-]+ \}\}$/);
  });
});

describe('the scan step', () => {
  it('push: reports the token the pushed commits add, writes SARIF, a redacted summary and fail=true', () => {
    const run = runStep('push', push(clean, after));
    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ 'exit-code': '1', findings: '1', fail: 'true', live: '0' });
    expect(run.outputs.scope).toContain(`the commits pushed to refs/heads/main (${clean.slice(0, 10)}..${after.slice(0, 10)})`);
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-file'], 'utf8'));
    expect(run.outputs['sarif-file']).toBe(join(work, String(runs - 1), 'spillkit.sarif'));
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('src/deploy.js');
    expect(run.summary).toContain('## spillkit: 1 secret(s) found');
    expect(run.summary).toContain('src/deploy.js:1');
    expect(run.summary).toContain(`${token.slice(0, 4)}`);
    expect(run.summary).toContain('The job fails on findings');
    expect(existsSync(run.outputs['report-file'])).toBe(true);
    expectNoSecret(run);
  });

  it('push: nothing new since before, nothing reported, fail=false', () => {
    const run = runStep('push', push(leak, after));
    expect(run.code, run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ 'exit-code': '0', findings: '0', fail: 'false' });
    expect(run.summary).toContain('## spillkit: no secrets found');
    expect(JSON.parse(readFileSync(run.outputs['sarif-file'], 'utf8')).runs[0].results).toEqual([]);
  });

  it("pull_request: reports what the pull request's commits add over its base", () => {
    const run = runStep('pull_request', pullRequest(clean, after));
    expect(run.outputs).toMatchObject({ findings: '1', fail: 'true' });
    expect(run.outputs.scope).toContain('pull request #7');
    const base = runStep('pull_request', pullRequest(leak, after));
    expect(base.outputs).toMatchObject({ findings: '0', fail: 'false' });
  });

  it('a new branch: what it adds over the default branch as the checkout fetched it', () => {
    const run = runStep('push', push('0'.repeat(40), after, 'refs/heads/feature'));
    expect(run.outputs).toMatchObject({ findings: '1', fail: 'true' });
    expect(run.outputs.scope).toBe('what the new refs/heads/feature adds over main');
  });

  it('a base the clone does not hold (force push, shallow checkout): the whole history, and says why', () => {
    const run = runStep('push', push('1234567890'.repeat(4), after));
    expect(run.outputs).toMatchObject({ findings: '1', fail: 'true', scope: 'the whole history' });
    expect(run.summary).toContain('is not in this clone');
  });

  it('a scheduled run scans the whole history; fail-on never reports without failing', () => {
    const run = runStep('schedule', { schedule: '0 3 * * 1' }, { 'fail-on': 'never' });
    expect(run.outputs).toMatchObject({ findings: '1', fail: 'false', 'exit-code': '1' });
    expect(run.summary).toContain('does not fail (fail-on: never)');
  });

  it('inputs: since wins over the event, sarif-file picks the path', () => {
    const sarif = join(work, 'chosen.sarif');
    const run = runStep('push', push(clean, after), { since: leak, 'sarif-file': sarif });
    expect(run.outputs).toMatchObject({ findings: '0', 'sarif-file': sarif });
    expect(existsSync(sarif)).toBe(true);
  });

  it('a bad input or a failed scan fails the step at once with one error, and no SARIF to upload', () => {
    const bad = runStep('push', push(clean, after), { 'fail-on': 'sometimes' });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('::error title=spillkit::input fail-on must be one of findings, live, never');
    expect(bad.outputs['sarif-file']).toBeUndefined();
    const missing = runStep('push', push(clean, after), { path: 'no-such-dir' });
    expect(missing.code).toBe(2);
    expect(missing.outputs['exit-code']).toBe('2');
    expect(missing.summary).toContain('the scan did not run');
  });
});

describe('fail-on: live', () => {
  const stub = join(REPO_ROOT, 'test', 'action', 'verify-stub.mjs');
  function live(state: string): { result: ReturnType<typeof runAction>; args: string[] } {
    const dir = mkdtempSync(join(work, 'live-'));
    const argsFile = join(dir, 'args.json');
    const event = join(dir, 'event.json');
    writeFileSync(event, JSON.stringify(push(clean, after)));
    const env = gitEnv({
      GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event, RUNNER_TEMP: dir,
      INPUT_FAIL_ON: 'live', STUB_ARGS_FILE: argsFile, STUB_STATE: state,
    });
    const result = runAction(env, { cli: stub, cwd: repo.dir });
    return { result, args: JSON.parse(readFileSync(argsFile, 'utf8')) as string[] };
  }

  it('passes --verify through and fails only on exit code 3', () => {
    const confirmed = live('live');
    expect(confirmed.args).toContain('--verify');
    expect(confirmed.args).toContain(`--since=${clean}`);
    expect(confirmed.result.outputs).toMatchObject({ 'exit-code': '3', live: '1', fail: 'true' });
    expect(confirmed.result.summary).toContain('1 confirmed live');
    expect(confirmed.result.summary).toContain('**LIVE**');
    expect(confirmed.result.summary).toContain('a credential is confirmed live');

    const dead = live('not-live');
    expect(dead.result.outputs).toMatchObject({ 'exit-code': '1', live: '0', fail: 'false' });
    expect(dead.result.summary).toContain('not live');
  });
});
