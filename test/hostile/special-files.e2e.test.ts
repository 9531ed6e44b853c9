// A FIFO (or any file that is not a regular file) where git keeps HEAD, packed-refs, a ref, the
// alternates list, a loose object, a pack or its index must never be opened for reading: that open
// would block the scan (and a sweep of many repositories) forever. Each becomes a warning naming it,
// and every other finding is still reported. A refs/ that is a symbolic link out of the repository is
// not followed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import type { ScanReport } from '../../src/scan/finding.js';
import type { SweepResult } from '../../src/sweep/types.js';
import { buildRepo, type Repo } from '../helpers/repo-builder.js';
import { errorLines, runBounded, STACK_FRAME, type BoundedResult } from './run-bounded.js';

const repos: Repo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));

const token = fakeSecret('github-pat', 'special-files');

function victim(): Repo {
  const repo = buildRepo([
    { files: { 'README.md': '# service\n' }, message: 'init' },
    { files: { 'deploy/app.env': `GITHUB_TOKEN=${token}\n` }, message: 'deploy settings' },
  ]);
  repos.push(repo);
  return repo;
}

/** Replaces `path` (if any) with a FIFO nobody writes to: a plain open for reading blocks forever. */
function fifoAt(path: string): void {
  rmSync(path, { force: true });
  execFileSync('mkfifo', [path]);
}

async function scan(dir: string): Promise<BoundedResult & { report: ScanReport }> {
  const run = await runBounded(['scan', dir, '--format', 'json', '--no-progress'], { timeoutMs: 20_000 });
  expect(run.timedOut, 'the scan hung').toBe(false);
  expect(run.stderr).not.toMatch(STACK_FRAME);
  expect(errorLines(run.stderr), run.stderr).toEqual([]);
  expect(run.code, run.stderr).toBe(1);
  return { ...run, report: JSON.parse(run.stdout) as ScanReport };
}

function theFinding(report: ScanReport): ScanReport['findings'][number] {
  const f = report.findings.filter((x) => x.path === 'deploy/app.env');
  expect(f).toHaveLength(1);
  return f[0];
}

function expectWarning(report: ScanReport, ...parts: string[]): void {
  const hit = report.stats.warnings.find((w) => parts.every((p) => w.includes(p)));
  expect(hit, `no warning with ${parts.join(', ')}: ${report.stats.warnings.join(' | ')}`).toBeDefined();
}

describe('special files in the repository', () => {
  it('.git/HEAD is a FIFO: a warning, and presence at HEAD is unknown', async () => {
    const repo = victim();
    fifoAt(join(repo.gitDir, 'HEAD'));
    const { report } = await scan(repo.dir);
    expectWarning(report, 'HEAD', 'not a regular file');
    expect(report.stats.refsComplete).toBe(false);
    const f = theFinding(report);
    expect(f.reachable).toBe(true);
    expect(f.presentAtHead).toBeNull();
  });

  it('packed-refs is a FIFO', async () => {
    const repo = victim();
    fifoAt(join(repo.gitDir, 'packed-refs'));
    const { report } = await scan(repo.dir);
    expectWarning(report, 'packed-refs', 'not a regular file');
    expect(theFinding(report).refs).toEqual(['refs/heads/main']);
  });

  it('a ref is a FIFO', async () => {
    const repo = victim();
    fifoAt(join(repo.gitDir, 'refs', 'heads', 'stuck'));
    const { report } = await scan(repo.dir);
    expectWarning(report, 'refs/heads/stuck', 'not a regular file');
    expect(theFinding(report).refs).toEqual(['refs/heads/main']);
  });

  it('objects/info/alternates is a FIFO', async () => {
    const repo = victim();
    mkdirSync(join(repo.objectsDir, 'info'), { recursive: true });
    fifoAt(join(repo.objectsDir, 'info', 'alternates'));
    const { report } = await scan(repo.dir);
    expectWarning(report, 'alternates', 'not a regular file');
    theFinding(report);
  });

  it('a loose object is a FIFO', async () => {
    const repo = victim();
    const readme = repo.rev('HEAD:README.md');
    fifoAt(join(repo.objectsDir, readme.slice(0, 2), readme.slice(2)));
    const { report } = await scan(repo.dir);
    expectWarning(report, readme, 'not a regular file');
    theFinding(report);
  });

  for (const which of ['pack', 'idx'] as const) {
    it(`a .${which} file is a FIFO`, async () => {
      const repo = victim();
      repo.packAll();
      // The finding's commit stays loose, so it is still there to find.
      repo.commit({ files: { 'deploy/app.env': `GITHUB_TOKEN=${token}\nREGION=eu\n` }, message: 'region' });
      const pack = repo.packs()[0];
      const file = which === 'pack' ? pack : pack.replace(/\.pack$/, '.idx');
      renameSync(file, `${file}.moved`);
      fifoAt(file);
      const { report } = await scan(repo.dir);
      expectWarning(report, 'pack', 'not a regular file');
      expect(report.findings.some((f) => f.path === 'deploy/app.env')).toBe(true);
    });
  }

  it('refs/ is a symbolic link out of the repository: not followed', async () => {
    const repo = victim();
    repo.git(['pack-refs', '--all']);
    // A directory elsewhere on the disk, laid out like refs/, naming a commit that holds a secret
    const elsewhere = join(repo.root, 'elsewhere');
    const stray = repo.danglingCommit({ files: { 'stray.env': `TOKEN=${fakeSecret('github-pat', 'special-files-stray')}\n` }, message: 'stray' });
    mkdirSync(join(elsewhere, 'heads'), { recursive: true });
    writeFileSync(join(elsewhere, 'heads', 'outside'), `${stray}\n`);
    rmSync(join(repo.gitDir, 'refs'), { recursive: true, force: true });
    symlinkSync(elsewhere, join(repo.gitDir, 'refs'));
    const { report } = await scan(repo.dir);
    expectWarning(report, 'refs', 'outside the repository');
    expect(report.findings.flatMap((f) => f.refs)).not.toContain('refs/heads/outside');
    const strayFinding = report.findings.find((f) => f.path === 'stray.env');
    expect(strayFinding?.reachable).toBeNull();
    expect(theFinding(report).refs).toEqual(['refs/heads/main']);
  });
});

describe('a sweep over repositories with special files', () => {
  it('finishes, and reports every repository', async () => {
    const root = join(victim().root, 'sweep-root');
    mkdirSync(root);
    const plain = victim();
    const stuck = victim();
    fifoAt(join(stuck.gitDir, 'HEAD'));
    fifoAt(join(stuck.gitDir, 'packed-refs'));
    renameSync(plain.dir, join(root, 'plain-repo'));
    renameSync(stuck.dir, join(root, 'stuck-repo'));
    const run = await runBounded(['sweep', root, '--cache', join(root, '..', 'cache'), '--format', 'json', '--no-progress'], { timeoutMs: 40_000 });
    expect(run.timedOut, 'the sweep hung').toBe(false);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.code, run.stderr).toBe(1);
    const result = JSON.parse(run.stdout) as SweepResult;
    const names = result.repositories.map((r) => `${r.name}:${r.status}`).sort();
    expect(names).toEqual(['plain-repo:scanned', 'stuck-repo:scanned']);
    for (const r of result.repositories) expect(r.findings.some((f) => f.path === 'deploy/app.env')).toBe(true);
  });
});
