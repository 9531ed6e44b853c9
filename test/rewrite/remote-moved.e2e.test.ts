// A remote that moved since the scan (issue 16): the lease is never forced. Someone's push before
// `rewrite --push` is caught by the listing, one between the listing and the push by the lease; either
// way the refusal names each moved ref (scanned at, now at) and the commands that re-plan from a fresh
// fetch, and following them cleans the remote without losing the other person's commit.
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { planPush, runPush } from '../../src/rewrite/push.js';
import { replanCommands, describeMoved } from '../../src/rewrite/replan.js';
import { openRepository } from '../../src/git/repo.js';
import { gitEnv, initRepo, type Repo } from '../helpers/repo-builder.js';
import { runCli, scanJson } from '../helpers/run-cli.js';
import { leakFixture, type LeakFixture } from './fixtures.js';

const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((c) => c()));

/** Someone else's commit on the host's main, pushed after our scan. */
function someonePushes(fx: LeakFixture, file: string): string {
  const tree = fx.origin.writeTree(fx.origin.rev('refs/heads/main^{tree}'), { [file]: 'their work\n' });
  const commit = fx.origin.commitTree(tree, [fx.origin.rev('refs/heads/main')], 'their work\n');
  fx.origin.git(['update-ref', 'refs/heads/main', commit]);
  return commit;
}

async function applied(seed: string): Promise<LeakFixture> {
  const fx = leakFixture(seed);
  cleanups.push(() => fx.repo.cleanup());
  await scanJson(fx.repo.dir);
  const apply = await runCli(['rewrite', fx.repo.dir, '--apply', '--json'], { timeoutMs: 120_000 });
  expect(apply.code, apply.stderr).toBe(0);
  return fx;
}

describe('a remote that moved since the scan', () => {
  it('refuses before pushing anything, naming the moved ref and the re-plan commands', async () => {
    const fx = await applied('moved-before');
    const theirs = someonePushes(fx, 'theirs.txt');
    const scannedMain = fx.repo.rev('refs/remotes/origin/main');
    const tags = fx.origin.git(['for-each-ref', '--format=%(objectname) %(refname)']);
    const r = await runCli(['rewrite', fx.repo.dir, '--push', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`refs/heads/main (scanned at ${scannedMain.slice(0, 12)}, now ${theirs.slice(0, 12)})`);
    expect(r.stderr).toContain('Nothing pushed, nothing forced');
    expect(r.stderr).toContain(`git -C ${fx.repo.dir} fetch --prune origin && git -C ${fx.repo.dir} fetch --force origin '+refs/tags/*:refs/tags/*' && spillkit scan ${fx.repo.dir} && spillkit plan-rewrite ${fx.repo.dir} --out DIR && spillkit rewrite ${fx.repo.dir} --apply && spillkit rewrite ${fx.repo.dir} --push`);
    expect(fx.origin.git(['for-each-ref', '--format=%(objectname) %(refname)'])).toBe(tags);
  }, 120_000);

  it('a lease that fails between the listing and the push is reported with the move, never forced; re-planning then cleans it', async () => {
    const fx = await applied('moved-race');
    const plan = planPush({ path: fx.repo.dir });
    const theirs = someonePushes(fx, 'race.txt');
    const results = runPush(plan);
    const main = results.find((x) => x.ref === 'refs/heads/main')!;
    expect(main.status).toBe('rejected');
    expect(main.reason).toMatch(/stale info/);
    expect(main.moved).toEqual({ ref: 'refs/heads/main', expected: plan.moves.find((m) => m.ref === 'refs/heads/main')!.oldId, found: theirs });
    expect(main.hint).toContain('nothing was forced');
    expect(main.hint).toContain(`git -C ${fx.repo.dir} fetch --prune origin`);
    expect(results.filter((x) => x.ref !== 'refs/heads/main').every((x) => x.status === 'pushed')).toBe(true);
    expect(fx.origin.rev('refs/heads/main')).toBe(theirs);
    const journal = plan.incident.journal().read();
    expect(journal.some((e) => e.type === 'rewrite-push-ref' && (e.data as { moved?: unknown }).moved !== undefined)).toBe(true);

    // The commands it printed, run as argv (fetch, scan, apply, push): the remote ends clean and their commit survives.
    execFileSync('git', ['-C', fx.repo.dir, 'fetch', '-q', '--prune', 'origin'], { env: gitEnv() });
    execFileSync('git', ['-C', fx.repo.dir, 'fetch', '-q', '--force', 'origin', '+refs/tags/*:refs/tags/*'], { env: gitEnv() });
    await scanJson(fx.repo.dir);
    const reapply = await runCli(['rewrite', fx.repo.dir, '--apply', '--json'], { timeoutMs: 120_000 });
    expect(reapply.code, reapply.stderr).toBe(0);
    const push = await runCli(['rewrite', fx.repo.dir, '--push', '--yes', '--json']);
    expect(push.code, push.stderr).toBe(0);
    const newMain = fx.origin.rev('refs/heads/main');
    expect(fx.origin.git(['show', `${newMain}:race.txt`])).toBe('their work\n');
    const verified = await runCli(['rewrite', fx.repo.dir, '--verify-remote', '--json'], { timeoutMs: 120_000 });
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.json).toMatchObject({ clean: true, remaining: [] });
  }, 240_000);

  it('quotes every word of the re-plan commands and the moved-ref text', () => {
    const repo: Repo = initRepo({ name: "it's $(touch x)" });
    cleanups.push(() => repo.cleanup());
    repo.commit({ files: { 'a.txt': 'a\n' }, message: 'a' });
    const commands = replanCommands(openRepository(repo.dir), 'up stream');
    expect(commands[0]).toBe(`git -C '${repo.dir.replace("it's", "it'\\''s")}' fetch --prune 'up stream' '+refs/heads/*:refs/heads/*' '+refs/tags/*:refs/tags/*'`);
    expect(commands[commands.length - 1]).toMatch(/ --push --remote 'up stream'$/);
    expect(describeMoved([{ ref: 'refs/heads/x', expected: null, found: null }])).toEqual(['refs/heads/x (scanned at nothing: new on the remote, now deleted)']);
  });
});
