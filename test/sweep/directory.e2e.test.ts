// `spillkit sweep DIR`: every repository under a directory, whatever its layout, scanned in place.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { openRepository } from '../../src/git/repo.js';
import { objectDatabaseBytes } from '../../src/sweep/tip.js';
import type { SweepResult } from '../../src/sweep/types.js';
import { buildRepo, gitEnv, truncatePack, type Repo } from '../helpers/repo-builder.js';
import { runCommand, sha256Hex, tempDir } from './helpers.js';

const built: Repo[] = [];
let work: ReturnType<typeof tempDir>;
let root: string;
const appKey = fakeSecret('github-pat', 'sweep-dir-app');
const infraKey = fakeSecret('aws-access-key-id', 'sweep-dir-infra');

function place(repo: Repo, target: string): void {
  built.push(repo);
  mkdirSync(join(target, '..'), { recursive: true });
  cpSync(repo.dir, target, { recursive: true });
}

beforeAll(() => {
  work = tempDir('spillkit-sweep-dir-');
  root = join(work.dir, 'src');
  // team/app: a worktree with a secret at HEAD
  place(buildRepo([{ files: { 'README.md': '# app\n', 'deploy.cfg': `upstream = ${appKey}\n` }, message: 'app' }]), join(root, 'team', 'app'));
  // team/app/vendor/lib: a repository nested in a worktree (a vendored checkout)
  place(buildRepo([{ files: { 'lib.js': 'export {};\n' }, message: 'lib' }]), join(root, 'team', 'app', 'vendor', 'lib'));
  // team/app/node_modules/pkg: never swept
  place(buildRepo([{ files: { 'index.js': `// ${fakeSecret('github-pat', 'sweep-dir-node-modules')}\n` }, message: 'pkg' }]), join(root, 'team', 'app', 'node_modules', 'pkg'));
  // team/app-wt: a linked worktree of team/app, which shares its object database: scanned once
  execFileSync('git', ['-C', join(root, 'team', 'app'), 'worktree', 'add', '-q', '--detach', join(root, 'team', 'app-wt')], { env: gitEnv(), stdio: 'pipe' });
  // mirrors/infra.git: a bare repository with a secret in history only
  place(buildRepo([
    { files: { 'main.tf': `# key ${infraKey}\n` }, message: 'infra' },
    { files: { 'main.tf': '# nothing here\n' }, message: 'scrub' },
  ], { bare: true, name: 'infra.git' }), join(root, 'mirrors', 'infra.git'));
  // notes/: a plain directory
  mkdirSync(join(root, 'notes'), { recursive: true });
  writeFileSync(join(root, 'notes', 'todo.txt'), 'nothing\n');
});

afterAll(() => {
  built.forEach((r) => r.cleanup());
  work?.cleanup();
});

describe('sweep DIR', () => {
  it('finds worktrees, nested and bare repositories, skipping node_modules and a linked worktree\'s shared database', async () => {
    const run = await runCommand('sweep', [root, '--cache', join(work.dir, 'cache'), '--format', 'json', '--no-progress']);
    expect(run.code, run.stderr).toBe(1);
    const result = JSON.parse(run.stdout) as SweepResult;
    expect(result.repositories.map((r) => r.name)).toEqual(['team/app', 'mirrors/infra.git', 'team/app/vendor/lib']);
    expect(result.repositories.map((r) => r.risk)).toEqual(['critical-at-head', 'history-only', 'none']);
    expect(result.repositories[0].findings.map((f) => f.secretHash)).toEqual([sha256Hex(appKey)]);
    expect(result.repositories[1].findings.map((f) => f.secretHash)).toEqual([sha256Hex(infraKey)]);
    expect(result.repositories[0].source).toBe(join(root, 'team', 'app'));
    expect(run.stdout).not.toContain(appKey);
  });

  it('shows the summary table in text format', async () => {
    const run = await runCommand('sweep', [root, '--cache', join(work.dir, 'cache'), '--no-progress']);
    expect(run.code).toBe(1);
    const rows = run.stdout.split('\n');
    const header = rows.findIndex((l) => l.startsWith('RISK'));
    expect(rows[header + 1]).toMatch(/^critical at HEAD\s+team\/app\s+1\s+1\s+1\s+critical$/);
    expect(rows[header + 2]).toMatch(/^history only\s+mirrors\/infra\.git\s+1\s+0\s+1\s+critical$/);
    expect(run.stdout).toContain('Swept 3 repositories');
  });

  it('skips repositories larger than --max-repo-bytes and says so', async () => {
    const paths = { 'team/app': join(root, 'team', 'app'), 'mirrors/infra.git': join(root, 'mirrors', 'infra.git'), 'team/app/vendor/lib': join(root, 'team', 'app', 'vendor', 'lib') };
    const sizes = Object.entries(paths).map(([name, path]) => ({ name, bytes: objectDatabaseBytes(openRepository(path)) }));
    const limit = Math.min(...sizes.map((s) => s.bytes));
    // a fresh cache: a result saved by an earlier run would be reused whatever the size
    const run = await runCommand('sweep', [root, '--cache', join(work.dir, 'cache-size'), '--format', 'json', '--no-progress', '--max-repo-bytes', String(limit)]);
    const result = JSON.parse(run.stdout) as SweepResult;
    for (const { name, bytes } of sizes) {
      const entry = result.repositories.find((r) => r.name === name)!;
      expect(entry.status, name).toBe(bytes > limit ? 'skipped' : 'scanned');
      if (bytes > limit) expect(entry.error).toContain('--max-repo-bytes');
    }
    expect(result.stats.skipped).toBeGreaterThan(0);

    const none = await runCommand('sweep', [root, '--cache', join(work.dir, 'cache-none'), '--format', 'json', '--no-progress', '--max-repo-bytes', '1']);
    expect(none.code, 'nothing scanned is not "nothing found"').toBe(2);
    expect((JSON.parse(none.stdout) as SweepResult).stats.skipped).toBe(3);
  });

  it('exits 2 when every repository failed, and when there is none', async () => {
    const onlyBroken = join(work.dir, 'only-broken');
    const broken = buildRepo([{ files: { 'a.txt': 'some text that fills a pack\n'.repeat(3000) }, message: 'a' }], { bare: true, name: 'b.git' });
    built.push(broken);
    broken.packAll();
    truncatePack(broken, 0.5);
    place(broken, join(onlyBroken, 'b.git'));
    const failed = await runCommand('sweep', [onlyBroken, '--cache', join(work.dir, 'cache'), '--format', 'json', '--no-progress']);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/^spillkit: b\.git: not scanned: pack .*\.pack/m);

    const none = await runCommand('sweep', [join(root, 'notes'), '--cache', join(work.dir, 'cache')]);
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toBe(`spillkit: no git repositories found under ${join(root, 'notes')}`);
  });

  it('refuses bad usage with one line and exit 2', async () => {
    for (const args of [[], [root, '--github-org', 'acme'], [root, '--shard', '3/2'], [root, '--jobs', '0'], [root, '--format', 'csv']]) {
      const run = await runCommand('sweep', args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});
