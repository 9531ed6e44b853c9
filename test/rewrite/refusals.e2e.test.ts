// rewrite --apply refuses clearly (exit 2, one line) before touching anything, and --dry-run changes
// nothing anywhere: neither the repository's refs nor the incident store.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scanJson } from '../helpers/run-cli.js';
import { leakFixture, listing, refTips, type LeakFixture } from './fixtures.js';

const fixtures: LeakFixture[] = [];
const temps: string[] = [];
let fx: LeakFixture;

beforeAll(async () => {
  fx = leakFixture('refusals');
  fixtures.push(fx);
  const scan = await scanJson(fx.repo.dir);
  expect(scan.code).toBe(1);
});

afterAll(() => {
  fixtures.forEach((f) => f.repo.cleanup());
  temps.forEach((t) => rmSync(t, { recursive: true, force: true }));
});

describe('rewrite --apply --dry-run', () => {
  it('prints what would happen and changes no ref and no file of the incident store', async () => {
    const store = join(fx.repo.gitDir, 'spillkit');
    const refsBefore = refTips(fx.repo);
    const storeBefore = listing(store);
    const dry = await runCli(['rewrite', fx.repo.dir, '--apply', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/dry run: nothing changed/);
    expect(dry.stdout).toMatch(/git filter-repo .*--invert-paths --path \.env/);
    expect(refTips(fx.repo)).toBe(refsBefore);
    expect(listing(store)).toEqual(storeBefore);
    const planDry = await runCli(['plan-rewrite', fx.repo.dir, '--dry-run']);
    expect(planDry.code).toBe(0);
    expect(planDry.stdout).toMatch(/^# History cleanup plan/);
    expect(listing(store)).toEqual(storeBefore);
  });
});

describe('rewrite --apply refuses', () => {
  it('when git-filter-repo is not installed, saying how to install it', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'spillkit-nofr-'));
    temps.push(bin);
    symlinkSync('/usr/bin/git', join(bin, 'git'));
    const r = await runCli(['rewrite', fx.repo.dir, '--apply'], { env: { PATH: bin } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/git-filter-repo is not installed.*apt-get install git-filter-repo.*pip install git-filter-repo/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('when the working clone has changes a re-clone would lose', async () => {
    writeFileSync(join(fx.repo.dir, 'notes.txt'), 'work in progress\n');
    try {
      const r = await runCli(['rewrite', fx.repo.dir, '--apply']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/uncommitted or untracked changes.*re-clone would lose them/);
    } finally {
      rmSync(join(fx.repo.dir, 'notes.txt'));
    }
  });

  it('when the scan is stale: a commit added since, or a ref that moved away', async () => {
    const other = leakFixture('stale');
    fixtures.push(other);
    await scanJson(other.repo.dir);
    other.repo.commit({ files: { 'later.txt': 'new\n' }, message: 'after the scan' });
    other.repo.checkoutHead();
    const added = await runCli(['rewrite', other.repo.dir, '--apply']);
    expect(added.code).toBe(2);
    expect(added.stderr).toMatch(/scan of .* is stale: .*run `spillkit scan` again/);

    await scanJson(other.repo.dir);
    other.repo.deleteRef('refs/tags/v1');
    const moved = await runCli(['plan-rewrite', other.repo.dir]);
    expect(moved.code).toBe(2);
    expect(moved.stderr).toMatch(/stale: .*refs\/tags\/v1 no longer exists/);
  });

  it('when there is no saved scan, and on bad usage', async () => {
    const fresh = leakFixture('noscan');
    fixtures.push(fresh);
    const none = await runCli(['rewrite', fresh.repo.dir, '--apply']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no saved scan .*run `spillkit scan` first/);
    const both = await runCli(['rewrite', fresh.repo.dir]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/exactly one of --apply, --push, --verify-remote or --reset-clone/);
    const noRewrite = await runCli(['rewrite', fresh.repo.dir, '--push', '--yes']);
    expect(noRewrite.code).toBe(2);
    expect(noRewrite.stderr).toMatch(/rewrite --apply` first/);
  });
});
