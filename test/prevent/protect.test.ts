import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { protectStaged } from '../../src/prevent/protect.js';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { buildRepo, initRepo, type Repo } from '../helpers/repo-builder.js';
import { runPrevent, stage } from './helpers.js';

const repos: Repo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));

function track(repo: Repo): Repo {
  repos.push(repo);
  return repo;
}

const token = (seed: string): string => fakeSecret('github-pat', seed);
const protect = (repo: Repo, extra: Partial<Parameters<typeof protectStaged>[0]> = {}) =>
  protectStaged({ target: { dir: repo.dir }, ...extra });

describe('protect --staged', () => {
  it('blocks a new file with a secret, naming file:line:column and the rule, redacted (exit 1)', () => {
    const repo = track(buildRepo([{ message: 'init', files: { 'README.md': '# app\n' } }]));
    const secret = token('protect-new-file');
    stage(repo, { 'src/settings.py': `DEBUG = True\nupstream = "${secret}"\n` });

    const r = runPrevent(['protect', '--staged'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('src/settings.py:2:13');
    expect(r.stdout).toContain('github-pat');
    expect(r.stdout).toContain(`${secret.slice(0, 4)}…`);
    expect(r.stdout).toContain('spillkit:allow');
    expect(r.stdout).toContain('git commit --no-verify');
    expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('passes a clean change (exit 0) and reads nothing but the staged files', () => {
    const repo = track(buildRepo([{ message: 'init', files: { 'a.txt': 'one\n', 'b.txt': 'two\n' } }]));
    stage(repo, { 'a.txt': 'one\nmore\n' });
    const r = runPrevent(['protect', '--staged'], { cwd: repo.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no secrets in staged changes \(1 file,/);
  });

  it('works in a repository without any commit yet', () => {
    const repo = track(initRepo());
    stage(repo, { 'config.env': `GITHUB_TOKEN=${token('unborn')}\n`, 'notes.txt': 'hello\n' });
    const result = protect(repo);
    expect(result.head).toBeNull();
    expect(result.stagedFiles).toBe(2);
    expect(result.findings.map((f) => [f.path, f.line, f.rule])).toEqual([['config.env', 1, 'github-pat']]);
  });

  it('does not block an unrelated edit of a file whose secret is already at HEAD, unless --include-existing', () => {
    const secret = token('already-committed');
    const repo = track(buildRepo([{ message: 'init', files: { 'deploy.sh': `echo start\nupstream=${secret}\n` } }]));
    stage(repo, { 'deploy.sh': `echo start\necho more\nupstream=${secret}\n` });
    const relaxed = protect(repo);
    expect(relaxed.findings).toEqual([]);
    expect(relaxed.existing).toBe(1);
    const strict = protect(repo, { includeExisting: true });
    expect(strict.findings.map((f) => [f.path, f.line])).toEqual([['deploy.sh', 3]]);
  });

  it('blocks a second, new secret in a file that already held one', () => {
    const old = token('old-one');
    const fresh = token('new-one');
    const repo = track(buildRepo([{ message: 'init', files: { 'deploy.sh': `upstream=${old}\n` } }]));
    stage(repo, { 'deploy.sh': `upstream=${old}\nmirror=${fresh}\n` });
    expect(protect(repo).findings.map((f) => f.line)).toEqual([2]);
  });

  it('does not block a rename of a file holding a committed secret, but does block a copy to a new file', () => {
    const secret = token('renamed');
    const body = `upstream=${secret}\n${'line of plain text\n'.repeat(20)}`;
    const repo = track(buildRepo([{ message: 'init', files: { 'old/name.sh': body } }]));
    repo.git(['mv', 'old/name.sh', 'new-name.sh']);
    expect(protect(repo).findings).toEqual([]);
    stage(repo, { 'copy.sh': `# copied\n${body}` }); // the exact rename pairs with new-name.sh
    expect(protect(repo).findings.map((f) => f.path)).toEqual(['copy.sh']);
  });

  it('names files with spaces and non-ASCII characters as they are', () => {
    const repo = track(buildRepo([{ message: 'init', files: { 'README.md': '# app\n' } }]));
    stage(repo, { 'docs/réglages du serveur.txt': `amont = ${token('unicode-path')}\n` });
    const r = runPrevent(['protect', '--staged'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('docs/réglages du serveur.txt:1:9');
  });

  it('ignores deletions and honours `spillkit:allow` on the line', () => {
    const repo = track(buildRepo([{ message: 'init', files: { 'gone.txt': 'bye\n' } }]));
    repo.git(['rm', '-q', 'gone.txt']);
    stage(repo, { 'fixture.py': `TEST_TOKEN = "${token('allowed')}"  # spillkit:allow test fixture\n` });
    const result = protect(repo);
    expect(result.findings).toEqual([]);
    expect(result.stagedFiles).toBe(1);
  });

  it('applies config allowlists by path and a baseline by fingerprint', () => {
    const repo = track(buildRepo([{ message: 'init', files: { 'README.md': '# app\n' } }]));
    writeFileSync(join(repo.dir, '.spillkit.yaml'), "allowlists:\n  - description: test data\n    paths: ['^testdata/']\n");
    stage(repo, { 'testdata/token.txt': `upstream=${token('path-allowed')}\n`, 'src/app.txt': `upstream=${token('baselined')}\n` });
    const first = protect(repo);
    expect(first.findings.map((f) => f.path)).toEqual(['src/app.txt']);
    expect(first.suppressed).toBe(1);

    writeFileSync(join(repo.dir, '.spillkit-baseline.json'), `# triaged\n${first.findings[0].fingerprint}\n`);
    const second = protect(repo);
    expect(second.findings).toEqual([]);
    expect(second.suppressed).toBe(2);
  });

  it('--json gives the findings without the secret; usage errors exit 2', () => {
    const secret = token('json-output');
    const repo = track(buildRepo([{ message: 'init', files: { 'README.md': '# app\n' } }]));
    stage(repo, { 'ci.yml': `env:\n  UPSTREAM: ${secret}\n` });
    const r = runPrevent(['protect', '--staged', '--json'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain(secret);
    const out = JSON.parse(r.stdout);
    expect(out.blocked).toBe(true);
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]).toMatchObject({ path: 'ci.yml', line: 2, column: 13, rule: 'github-pat', provider: 'github' });
    expect(out.findings[0].fingerprint).toMatch(/^[0-9a-f]{16}$/);

    expect(runPrevent(['protect'], { cwd: repo.dir }).code).toBe(2);
    const notRepo = runPrevent(['protect', '--staged', repo.root], { cwd: repo.root });
    expect(notRepo.code).toBe(2);
    expect(notRepo.stderr).toMatch(/not inside a git worktree/);
  });
});
