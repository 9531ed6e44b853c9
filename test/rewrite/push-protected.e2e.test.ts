// Push realities (issue 16): a host that protects a branch rejects its force-push (a pre-receive hook
// refusing non-fast-forwards, as a protected branch does). The other refs still move, the report says
// per ref what happened and which protection to lift, and a second `rewrite --push` resumes with the
// rejected ref alone.
import { chmodSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scanJson } from '../helpers/run-cli.js';
import { leakFixture, type LeakFixture } from './fixtures.js';

let fx: LeakFixture;
let out: string;
let hook: string;

beforeAll(async () => {
  fx = leakFixture('protected');
  out = mkdtempSync(join(tmpdir(), 'spillkit-protected-'));
  await scanJson(fx.repo.dir);
  expect((await runCli(['plan-rewrite', fx.repo.dir, '--out', out])).code).toBe(0);
  const apply = await runCli(['rewrite', fx.repo.dir, '--apply', '--json']);
  expect(apply.code, apply.stderr).toBe(0);
  hook = join(fx.origin.dir, 'hooks', 'pre-receive');
  writeFileSync(hook, [
    '#!/bin/sh',
    'while read old new ref; do',
    '  if [ "$ref" = refs/heads/main ] && [ "$old" != 0000000000000000000000000000000000000000 ] && ! git merge-base --is-ancestor "$old" "$new"; then',
    '    echo "GH006: Protected branch update failed for refs/heads/main." >&2; exit 1',
    '  fi',
    'done',
  ].join('\n'));
  chmodSync(hook, 0o755);
});

afterAll(() => {
  fx?.repo.cleanup();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('rewrite --push against a protected branch', () => {
  it('pushes what it may, names the protection to lift, then resumes with the rest', async () => {
    const mainBefore = fx.origin.rev('refs/heads/main');
    const first = await runCli(['rewrite', fx.repo.dir, '--push', '--yes']);
    expect(first.code).toBe(2);
    expect(first.stdout).toMatch(/REJECTED\s+refs\/heads\/main/);
    expect(first.stdout).toMatch(/pushed\s+refs\/heads\/feature/);
    expect(first.stdout).toMatch(/allow force-pushes on main/);
    expect(first.stderr.trim().split('\n')).toHaveLength(1);
    expect(first.stderr).toMatch(/2 of 3 ref\(s\) pushed/);
    expect(fx.origin.rev('refs/heads/main')).toBe(mainBefore);
    expect(fx.origin.rev('refs/heads/feature')).not.toBe(fx.repo.rev('refs/heads/feature'));

    // The protection lifted for the push: the next run moves main only.
    unlinkSync(hook);
    const dry = await runCli(['rewrite', fx.repo.dir, '--push', '--dry-run', '--json']);
    const plan = dry.json as { moves: Array<{ ref: string }>; alreadyPushed: string[] };
    expect(plan.moves.map((m) => m.ref)).toEqual(['refs/heads/main']);
    expect(plan.alreadyPushed.sort()).toEqual(['refs/heads/feature', 'refs/tags/v1']);
    const second = await runCli(['rewrite', fx.repo.dir, '--push', '--yes', '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect((second.json as { results: Array<{ ref: string; status: string }> }).results).toEqual([{ ref: 'refs/heads/main', status: 'pushed' }]);
    expect(fx.origin.rev('refs/heads/main')).not.toBe(mainBefore);
  });
});
