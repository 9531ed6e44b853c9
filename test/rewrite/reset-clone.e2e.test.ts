// The responder's own clone after `rewrite --push` (issue 12): still on the old commits and "up to
// date with origin". `rewrite --reset-clone` moves it to the rewritten history, keeps uncommitted work
// and the files the rewrite removed, prunes the old objects, writes the collaborators' commands, and
// refuses (changing nothing) when that would lose work. Real git, git-filter-repo and a bare origin.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { initRepo, type Repo } from '../helpers/repo-builder.js';
import { runCli, scanJson } from '../helpers/run-cli.js';
import { leakFixture, refTips, type LeakFixture } from './fixtures.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** The repository, its history rewritten and force-pushed: the clone itself untouched. */
async function pushed(seed: string): Promise<LeakFixture> {
  const fx = leakFixture(seed);
  const out = mkdtempSync(join(tmpdir(), 'spillkit-reset-'));
  cleanups.push(() => {
    fx.repo.cleanup();
    rmSync(out, { recursive: true, force: true });
  });
  await scanJson(fx.repo.dir);
  expect((await runCli(['plan-rewrite', fx.repo.dir, '--out', out])).code).toBe(0);
  const apply = await runCli(['rewrite', fx.repo.dir, '--apply']);
  expect(apply.code, apply.stderr).toBe(0);
  const push = await runCli(['rewrite', fx.repo.dir, '--push', '--yes']);
  expect(push.code, push.stderr).toBe(0);
  return fx;
}

const hasObject = (repo: Repo, id: string): boolean => {
  try {
    repo.git(['cat-file', '-e', `${id}^{commit}`]);
    return true;
  } catch {
    return false;
  }
};

describe('rewrite --reset-clone', () => {
  it('moves every stale ref to the rewritten history, keeps uncommitted work, prunes the old commits, and writes the collaborators\' commands', async () => {
    const fx = await pushed('reset-ok');
    const { repo, origin } = fx;
    const oldMain = repo.git(['rev-parse', 'main']).trim();
    // Stale: the clone is where it was, and git believes it is up to date.
    expect(repo.git(['rev-parse', 'origin/main']).trim()).toBe(oldMain);
    expect(origin.git(['rev-parse', 'main']).trim()).not.toBe(oldMain);
    writeFileSync(join(repo.dir, 'README.md'), '# billing\n\nrelease notes\nwork in progress\n');
    writeFileSync(join(repo.dir, 'scratch.txt'), 'untracked notes\n');
    const before = refTips(repo);

    const dry = await runCli(['rewrite', repo.dir, '--reset-clone', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/ref\(s\) of this clone still point at the old history:/);
    expect(dry.stdout).toMatch(/refs\/heads\/main {2}[0-9a-f]{12} -> [0-9a-f]{12} {2}\(checked out: git reset --keep\)/);
    expect(dry.stdout).toMatch(/refs\/remotes\/origin\/main/);
    expect(dry.stdout).toMatch(/refs\/tags\/v1/);
    expect(refTips(repo)).toBe(before);

    // Without a terminal the reset needs --yes.
    const refused = await runCli(['rewrite', repo.dir, '--reset-clone']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/pass --yes to confirm/);

    const reset = await runCli(['rewrite', repo.dir, '--reset-clone', '--yes', '--json']);
    expect(reset.code, reset.stderr).toBe(0);
    const json = reset.json as { moves: Array<{ ref: string }>; reset: boolean; pruned: boolean; collaborators: string };
    expect(json).toMatchObject({ reset: true, pruned: true });
    expect(json.moves.map((m) => m.ref)).toEqual(expect.arrayContaining(['refs/heads/main', 'refs/heads/feature', 'refs/remotes/origin/main', 'refs/tags/v1']));
    for (const ref of ['main', 'feature']) expect(repo.git(['rev-parse', ref]).trim()).toBe(origin.git(['rev-parse', ref]).trim());
    expect(repo.git(['rev-parse', 'origin/main']).trim()).toBe(repo.git(['rev-parse', 'main']).trim());
    // Uncommitted and untracked work where it was; the old commits gone, and with them the secrets.
    expect(readFileSync(join(repo.dir, 'README.md'), 'utf8')).toContain('work in progress');
    expect(readFileSync(join(repo.dir, 'scratch.txt'), 'utf8')).toBe('untracked notes\n');
    expect(hasObject(repo, oldMain)).toBe(false);
    expect(hasObject(repo, fx.envCommit)).toBe(false);
    const rescan = await scanJson(repo.dir);
    expect(rescan.report.findings).toEqual([]);

    const commands = readFileSync(json.collaborators, 'utf8');
    expect(commands).toContain(`git clone ${origin.dir}`);
    expect(commands).toContain(`git rebase --onto origin/main ${oldMain} main`);
    expect(commands).toMatch(/git branch -a --contains [0-9a-f]{40}/);
    expect(commands).not.toContain(fx.token);

    // The journal has it; a second run has nothing to do.
    const journal = readFileSync(json.collaborators.replace(/COLLABORATORS\.md$/, 'journal.jsonl'), 'utf8');
    expect(journal).toContain('"type":"clone-reset"');
    const again = await runCli(['rewrite', repo.dir, '--reset-clone', '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('this clone already has the rewritten history: nothing to reset');
  }, 120_000);

  it('refuses, changing nothing, when a branch has commits the rewrite does not cover, and names the rebase', async () => {
    const fx = await pushed('reset-ahead');
    const { repo } = fx;
    const oldMain = repo.git(['rev-parse', 'main']).trim();
    repo.commit({ files: { 'src/later.js': 'export const later = 1;\n' }, message: 'work after the rewrite was planned' });
    repo.checkoutHead();
    const before = refTips(repo);
    const r = await runCli(['rewrite', repo.dir, '--reset-clone', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`your clone was not reset: refs/heads/main has commits the rewrite does not cover .*git rebase --onto [0-9a-f]{40} ${oldMain} main`));
    expect(refTips(repo)).toBe(before);
    expect(hasObject(repo, oldMain)).toBe(true);
  }, 120_000);

  it('refuses, changing nothing, when a file the rewrite changed has uncommitted changes', async () => {
    const fx = await pushed('reset-dirty');
    const { repo } = fx;
    writeFileSync(join(repo.dir, 'src/config.js'), readFileSync(join(repo.dir, 'src/config.js'), 'utf8') + 'export const extra = 2;\n');
    const before = refTips(repo);
    const r = await runCli(['rewrite', repo.dir, '--reset-clone', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/your clone was not reset: src\/config\.js has uncommitted changes and the rewrite changed it: save them elsewhere \(git diff -- src\/config\.js > my\.patch\)/);
    expect(refTips(repo)).toBe(before);
    expect(readFileSync(join(repo.dir, 'src/config.js'), 'utf8')).toContain('extra = 2');
  }, 120_000);

  it('keeps a file the rewrite removed from history where it is, as an untracked file', async () => {
    const secret = fakeSecret('github-pat', 'reset-keep');
    const repo = initRepo();
    repo.commit({ files: { 'README.md': '# app\n' }, message: 'init' });
    repo.commit({ files: { '.env.production': `TOKEN=${secret}\n` }, message: 'prod settings' });
    repo.checkoutHead();
    const origin = repo.cloneBare('origin.git');
    repo.git(['remote', 'add', 'origin', origin.dir]);
    repo.git(['fetch', '-q', 'origin']);
    const out = mkdtempSync(join(tmpdir(), 'spillkit-reset-keep-'));
    cleanups.push(() => {
      repo.cleanup();
      rmSync(out, { recursive: true, force: true });
    });
    await scanJson(repo.dir);
    expect((await runCli(['plan-rewrite', repo.dir, '--out', out])).code).toBe(0);
    expect((await runCli(['rewrite', repo.dir, '--apply'])).code).toBe(0);
    expect((await runCli(['rewrite', repo.dir, '--push', '--yes'])).code).toBe(0);
    const dry = await runCli(['rewrite', repo.dir, '--reset-clone', '--dry-run']);
    expect(dry.stdout).toContain('kept as untracked files (the rewrite removed them): .env.production');
    const r = await runCli(['rewrite', repo.dir, '--reset-clone', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(repo.dir, '.env.production'))).toBe(true);
    expect(readFileSync(join(repo.dir, '.env.production'), 'utf8')).toBe(`TOKEN=${secret}\n`);
    expect(repo.git(['status', '--porcelain']).trim()).toBe('?? .env.production');
    expect(repo.git(['log', '--all', '--format=%H', '--', '.env.production']).trim()).toBe('');
  }, 120_000);
});
