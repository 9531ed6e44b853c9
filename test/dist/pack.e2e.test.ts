import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { gitEnv, initRepo, type Repo } from '../helpers/repo-builder.js';
import { REPO_ROOT } from '../helpers/run-cli.js';

/**
 * The package as users get it: `npm pack` the project, install the tarball into an empty prefix with
 * production dependencies only (as `npm install -g spillkit` does, and as the pre-commit framework does
 * with its own `npm pack`), then run the installed binary, the library entry, the pre-commit hook it
 * installs and the `.pre-commit-hooks.yaml` entry. No TypeScript, no source tree, no `prepare` at
 * install time. npm runs offline from its cache when it can (`--offline`), else `--prefer-offline`.
 * The suite's global setup has built dist/; the pack itself runs no scripts.
 */
const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const ONE_MINUTE = 60_000;

let work: string;
let tarball: string;
let packed: string[];
let prefix: string;
let installed: string;
let bin: string;
let installLog: string;
const repos: Repo[] = [];

/** npm as the user runs it: their cache (warm after `npm install`), none of `npm test`'s npm_* settings. */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync('npm', args, { cwd, env: npmEnv(), encoding: 'utf8', timeout: 3 * ONE_MINUTE });
}

/** `--offline` first (nothing leaves the machine); a cache without some package's metadata falls back. */
function npmOffline([command, ...args]: string[], cwd: string): { status: number | null; log: string } {
  const offline = npm([command, '--offline', ...args], cwd);
  if (offline.status === 0 || !/ENOTCACHED/.test(offline.stderr)) return { status: offline.status, log: offline.stdout + offline.stderr };
  const online = npm([command, '--prefer-offline', ...args], cwd);
  return { status: online.status, log: `${offline.stderr}\n--- --prefer-offline ---\n${online.stdout}${online.stderr}` };
}

/** Runs the installed spillkit the way a shell would: its bin link, a minimal environment. */
function run(cmd: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, env: gitEnv({ NO_COLOR: '1', LANG: 'C.UTF-8', ...extraEnv }), encoding: 'utf8', timeout: ONE_MINUTE });
  if (r.status === null) throw new Error(`${cmd} ${args.join(' ')} did not exit: ${r.error?.message ?? r.signal}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh repository with one commit and `files` staged (contents through the file system, not argv). */
function stagedRepo(files: Record<string, string>): Repo {
  const repo = initRepo();
  repos.push(repo);
  repo.commit({ files: { 'README.md': '# app\n' }, message: 'init' });
  repo.checkoutHead();
  for (const [path, content] of Object.entries(files)) writeFileSync(join(repo.dir, path), content);
  repo.git(['add', '--', ...Object.keys(files)]);
  return repo;
}

const leak = (): Record<string, string> => ({ 'deploy.sh': `export GITHUB_TOKEN=${fakeSecret('github-pat', `pack-${Math.random()}`)}\n` });

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'spillkit-pack-'));
  const packDir = join(work, 'pack');
  mkdirSync(packDir);
  const pack = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], REPO_ROOT);
  expect(pack.status, pack.stderr).toBe(0);
  const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(packDir, info.filename.replace(/^@[^/]+\//, '').replace('/', '-'));
  packed = info.files.map((f) => f.path);

  prefix = join(work, 'prefix');
  const install = npmOffline(['install', '--global', '--prefix', prefix, tarball, '--omit=dev', '--engine-strict', '--no-audit', '--no-fund'], work);
  installLog = install.log;
  expect(install.status, install.log).toBe(0);
  installed = realpathSync(join(prefix, 'lib', 'node_modules', PACKAGE.name));
  bin = join(prefix, 'bin', 'spillkit');
}, 6 * ONE_MINUTE);

afterAll(() => {
  repos.forEach((r) => r.cleanup());
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds the built JS, its type declarations, playbooks and schemas, and no source or tests', () => {
    for (const file of ['package.json', 'README.md', 'bin/spillkit.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js',
      'dist/scan/worker.js', 'dist/api/scan.d.ts', 'playbooks/committed-secret.yaml', 'schemas/scan.schema.json',
      'schemas/sweep.schema.json', 'schemas/report.schema.json']) {
      expect(packed, file).toContain(file);
    }
    expect(packed.some((p) => p.startsWith('dist/rules/data/') && p.endsWith('.json'))).toBe(true);
    expect(packed.filter((p) => /\.(ts|tsx)$/.test(p) && !p.endsWith('.d.ts'))).toEqual([]);
    expect(packed.filter((p) => /^(src|test|fixtures|scripts|docs|\.ci)\//.test(p) || /\.test\.|\.map$/.test(p))).toEqual([]);
  });

  it('installs with production dependencies only, every engine satisfied, no script needed', () => {
    // --engine-strict above turns any dependency that does not support this Node into a failure.
    expect(installLog).not.toMatch(/EBADENGINE|notsup/);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    // Nothing could have built it here: no compiler among the dependencies, no source in the package.
    expect(Object.keys(manifest.dependencies)).not.toContain('typescript');
    expect(() => readFileSync(join(installed, 'node_modules', 'typescript', 'package.json'))).toThrow();
    expect(() => readFileSync(join(installed, 'src', 'index.ts'))).toThrow();
  });
});

describe('the installed binary', () => {
  it('--version and scan --demo --json', () => {
    expect(run(bin, ['--version'], work).stdout.trim()).toBe(PACKAGE.version);
    const r = run(bin, ['scan', '--demo', '--json', '--no-progress'], work);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { version: number; findings: Array<{ provider: string; redacted: string }> };
    expect(report.version).toBe(1);
    expect(report.findings.length).toBeGreaterThan(3);
    expect(new Set(report.findings.map((f) => f.provider))).toContain('aws');
  });

  it('protect --staged blocks a staged secret and passes a clean change', () => {
    const blocked = run(bin, ['protect', '--staged'], stagedRepo(leak()).dir);
    expect(blocked.code, blocked.stderr).toBe(1);
    expect(blocked.stdout + blocked.stderr).toContain('deploy.sh');
    const clean = run(bin, ['protect', '--staged'], stagedRepo({ 'notes.txt': 'hello\n' }).dir);
    expect(clean.code, clean.stderr).toBe(0);
  });

  it('hook install writes a hook that calls the installed binary, and git commit runs it', () => {
    const repo = stagedRepo(leak());
    const r = run(bin, ['hook', 'install'], repo.dir);
    expect(r.code, r.stderr).toBe(0);
    const hook = readFileSync(join(repo.gitDir, 'hooks', 'pre-commit'), 'utf8');
    expect(hook).toContain(join(installed, 'bin', 'spillkit.js'));
    expect(hook).not.toContain(REPO_ROOT);
    // PATH without any spillkit: the hook must not depend on one.
    const commit = (): { code: number; stderr: string } => run('git', ['-c', 'user.name=Ada', '-c', 'user.email=ada@fixture.test', 'commit', '-q', '-m', 'deploy'], repo.dir);
    const refused = commit();
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('deploy.sh');
    repo.git(['rm', '-q', '--cached', 'deploy.sh']);
    writeFileSync(join(repo.dir, 'notes.txt'), 'hello\n');
    repo.git(['add', 'notes.txt']);
    expect(commit().code).toBe(0);
  });

  it('.pre-commit-hooks.yaml: its entry runs from the installed package as the pre-commit framework runs it', () => {
    const hooks = parseYaml(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;
    const hook = hooks.find((h) => h.id === 'spillkit')!;
    expect(hook).toMatchObject({ language: 'node', pass_filenames: false });
    // language: node = npm pack + npm install -g into the framework's own environment, whose bin/ is on
    // PATH when the entry runs; that is this prefix.
    const [cmd, ...args] = String(hook.entry).split(/\s+/);
    const path = { PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}` };
    expect(run(cmd, args, stagedRepo(leak()).dir, path).code).toBe(1);
    expect(run(cmd, args, stagedRepo({ 'notes.txt': 'hello\n' }).dir, path).code).toBe(0);
  });

  it('npx runs it from the tarball', () => {
    const repo = stagedRepo(leak());
    const r = npmOffline(['exec', '--yes', `--package=${tarball}`, '--', 'spillkit', 'protect', '--staged'], repo.dir);
    expect(r.status, r.log).toBe(1);
    expect(r.log).toContain('deploy.sh');
  }, 4 * ONE_MINUTE);
});

describe('the library entry', () => {
  let consumer: string;
  beforeAll(() => {
    consumer = join(work, 'consumer');
    mkdirSync(join(consumer, 'node_modules', '@types'), { recursive: true });
    symlinkSync(installed, join(consumer, 'node_modules', PACKAGE.name));
    symlinkSync(join(REPO_ROOT, 'node_modules', '@types', 'node'), join(consumer, 'node_modules', '@types', 'node'));
    writeFileSync(join(consumer, 'package.json'), '{"type": "module", "private": true}\n');
  });

  it('imports and scans with the installed dependencies', () => {
    const repo = initRepo();
    repos.push(repo);
    repo.commit({ files: { '.env': `SLACK_TOKEN=${fakeSecret('slack-bot-token', 'pack-library')}\n` }, message: 'env' });
    writeFileSync(join(consumer, 'use.mjs'), [
      "import { createRequire } from 'node:module';",
      "import { scan, VERSION, SpillkitError } from 'spillkit';",
      'const report = await scan({ path: process.argv[2], threads: 1, save: false });',
      "const schema = createRequire(import.meta.url).resolve('spillkit/schemas/scan.schema.json');",
      'console.log(JSON.stringify({ version: VERSION, rules: report.findings.map((f) => f.rule), schema, error: typeof SpillkitError }));',
    ].join('\n'));
    const r = run(process.execPath, ['use.mjs', repo.dir], consumer);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { version: string; rules: string[]; schema: string; error: string };
    expect(out.version).toBe(PACKAGE.version);
    expect(out.rules).toContain('slack-bot-token');
    expect(out.schema).toBe(join(installed, 'schemas', 'scan.schema.json'));
    expect(out.error).toBe('function');
  });

  it('type-checks a strict TypeScript consumer against the shipped declarations', () => {
    writeFileSync(join(consumer, 'use.ts'), [
      "import { scan, openIncident, revoke, planRewrite, incidentReport, type Finding, type RevokeResult } from 'spillkit';",
      "const report = await scan({ path: '.', threads: 2 });",
      'const first: Finding | undefined = report.findings[0];',
      "const incident = openIncident('.', { title: 'leak' });",
      "incident.record({ type: 'note', data: { fingerprint: first?.fingerprint ?? null } });",
      "const result: RevokeResult = await revoke({ finding: first!.fingerprint, dryRun: true, confirm: async () => true });",
      "const plan = planRewrite({ dryRun: true, replacement: 'plain' });",
      "console.log(result.status, plan.plan.refs.length, incidentReport({ format: 'json' }).report.summary.severity);",
      '// @ts-expect-error: an option scan() does not take',
      "await scan({ pth: '.' });",
    ].join('\n'));
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] },
      files: ['use.ts'],
    }));
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumer, encoding: 'utf8', timeout: 2 * ONE_MINUTE });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  }, 2 * ONE_MINUTE);
});

// Guard for the helper above: a tarball name npm derives from the package name.
it('names the tarball after the package', () => {
  expect(tarball).toBe(join(work, 'pack', `${PACKAGE.name}-${PACKAGE.version}.tgz`));
  expect(execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })).toContain('package/dist/index.d.ts');
});
