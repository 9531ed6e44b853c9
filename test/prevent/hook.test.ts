import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHAINED_NAME, HOOK_MARKER } from '../../src/prevent/hook-script.js';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { buildRepo, type Repo } from '../helpers/repo-builder.js';
import { gitCommit, installHook, runPrevent, stage } from './helpers.js';

const repos: Repo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));

function fixture(): Repo {
  const repo = buildRepo([{ message: 'init', files: { 'README.md': '# app\n', 'deploy.sh': 'echo deploy\n' } }]);
  repos.push(repo);
  return repo;
}

const hookFile = (repo: Repo): string => join(repo.gitDir, 'hooks', 'pre-commit');
const writeHook = (path: string, body: string): void => writeFileSync(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });

describe('the installed pre-commit hook', () => {
  it('blocks a commit with a staged secret, naming file:line and the rule, redacted', () => {
    const repo = fixture();
    installHook(repo);
    const secret = fakeSecret('slack-bot-token', 'hook-blocks');
    stage(repo, { 'config/app.ini': `[chat]\nupstream = ${secret}\n` });

    const r = gitCommit(repo, 'add chat config');
    const output = r.stdout + r.stderr;
    expect(r.code).not.toBe(0);
    expect(output).toContain('commit blocked');
    expect(output).toContain('config/app.ini:2:12');
    expect(output).toContain('slack-bot-token');
    expect(output).toContain(`${secret.slice(0, 4)}…`);
    expect(output).not.toContain(secret);
    expect(repo.commits.length).toBe(1);
    expect(repo.rev('HEAD')).toBe(repo.commits[0]); // nothing was committed
  });

  it('lets a clean commit through, and sees what `git commit -a` stages into its temporary index', () => {
    const repo = fixture();
    installHook(repo);
    stage(repo, { 'notes.txt': 'nothing secret here\n' });
    const clean = gitCommit(repo, 'notes');
    expect(clean.stderr + clean.stdout).toContain('no secrets in staged changes');
    expect(clean.code).toBe(0);
    expect(repo.rev('HEAD')).not.toBe(repo.commits[0]);

    // Not staged with `git add`: only `commit -a` puts it in the (temporary) index the hook must read.
    writeFileSync(join(repo.dir, 'deploy.sh'), `echo deploy\nupstream=${fakeSecret('github-pat', 'commit-a')}\n`);
    const blocked = gitCommit(repo, 'deploy', ['-a']);
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr + blocked.stdout).toContain('deploy.sh:2:10');
  });

  it('chains an existing hook: it still runs first, and its failure stops the commit with its status', () => {
    const repo = fixture();
    const ran = join(repo.root, 'old-hook-ran');
    writeHook(hookFile(repo), `echo ran >> '${ran}'\n[ -f '${join(repo.root, 'fail')}' ] && { echo "old hook says no" >&2; exit 7; }\nexit 0`);
    installHook(repo);
    expect(readFileSync(join(repo.gitDir, 'hooks', CHAINED_NAME), 'utf8')).toContain('old hook says no');

    stage(repo, { 'a.txt': 'a\n' });
    expect(gitCommit(repo, 'a').code).toBe(0);
    expect(readFileSync(ran, 'utf8')).toBe('ran\n');

    stage(repo, { 'b.txt': `upstream=${fakeSecret('github-pat', 'chained')}\n` });
    const blocked = gitCommit(repo, 'b');
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr + blocked.stdout).toContain('b.txt:1:10');
    expect(readFileSync(ran, 'utf8')).toBe('ran\nran\n');

    writeFileSync(join(repo.root, 'fail'), '');
    stage(repo, { 'b.txt': 'clean now\n' });
    const refused = gitCommit(repo, 'b');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('old hook says no');
    expect(refused.stderr).not.toContain('no secrets in staged changes'); // spillkit did not run after it
  });
});

describe('spillkit hook install / uninstall', () => {
  it('writes an executable hook (0755) and is idempotent: a second install does not chain itself', () => {
    const repo = fixture();
    const first = runPrevent(['hook', 'install'], { cwd: repo.dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('installed the spillkit pre-commit hook');
    const text = readFileSync(hookFile(repo), 'utf8');
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(text).toContain(HOOK_MARKER);
    expect(text).toContain('protect --staged');
    expect(text).toContain(process.execPath);
    expect(statSync(hookFile(repo)).mode & 0o777).toBe(0o755);

    const second = runPrevent(['hook', 'install'], { cwd: repo.dir });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already installed');
    expect(existsSync(join(repo.gitDir, 'hooks', CHAINED_NAME))).toBe(false);
    expect(readFileSync(hookFile(repo), 'utf8')).toBe(text);
    expect(runPrevent(['hook', 'status'], { cwd: repo.dir }).code).toBe(0);
  });

  it('--dry-run shows the plan and changes nothing; uninstall restores the original hook', () => {
    const repo = fixture();
    const original = '#!/bin/sh\necho original\n';
    writeFileSync(hookFile(repo), original, { mode: 0o755 });

    const dry = runPrevent(['hook', 'install', '--dry-run'], { cwd: repo.dir });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('dry run');
    expect(dry.stdout).toContain(`move   ${hookFile(repo)} -> ${join(repo.gitDir, 'hooks', CHAINED_NAME)}`);
    expect(readFileSync(hookFile(repo), 'utf8')).toBe(original);

    expect(runPrevent(['hook', 'install'], { cwd: repo.dir }).code).toBe(0);
    expect(runPrevent(['hook', 'install'], { cwd: repo.dir }).stdout).toContain('already installed');
    expect(readFileSync(join(repo.gitDir, 'hooks', CHAINED_NAME), 'utf8')).toBe(original);

    const un = runPrevent(['hook', 'uninstall'], { cwd: repo.dir });
    expect(un.code).toBe(0);
    expect(un.stdout).toContain('restored the chained hook');
    expect(readFileSync(hookFile(repo), 'utf8')).toBe(original);
    expect(existsSync(join(repo.gitDir, 'hooks', CHAINED_NAME))).toBe(false);
    expect(runPrevent(['hook', 'uninstall'], { cwd: repo.dir }).stdout).toContain('nothing to do');
    expect(readFileSync(hookFile(repo), 'utf8')).toBe(original);
  });

  it('honours core.hooksPath, from a subdirectory too', () => {
    const repo = fixture();
    repo.git(['config', 'core.hooksPath', '.githooks']);
    mkdirSync(join(repo.dir, 'src'));
    const r = runPrevent(['hook', 'install', '--json'], { cwd: join(repo.dir, 'src') });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ action: 'install', hookPath: join(repo.dir, '.githooks', 'pre-commit') });
    expect(readFileSync(join(repo.dir, '.githooks', 'pre-commit'), 'utf8')).toContain(HOOK_MARKER);
    expect(existsSync(hookFile(repo))).toBe(false);
  });

  it('refuses to guess when a foreign hook and a chained hook both exist', () => {
    const repo = fixture();
    writeHook(hookFile(repo), 'exit 0');
    writeHook(join(repo.gitDir, 'hooks', CHAINED_NAME), 'exit 0');
    const r = runPrevent(['hook', 'install'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('merge them by hand');
  });
});
