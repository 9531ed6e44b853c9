// The verifier must catch a rewrite that missed something: here git-filter-repo runs by hand on a
// mirror with one secret left out of the replacement list, or with a replacement the plan never had.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyMirror } from '../../src/rewrite/apply.js';
import { expressionEntries, renderExpressions } from '../../src/rewrite/expressions.js';
import { filterRepoArgs } from '../../src/rewrite/filter-repo.js';
import { gitEnv } from '../helpers/repo-builder.js';
import { scanJson } from '../helpers/run-cli.js';
import { leakFixture, sha256, type LeakFixture } from './fixtures.js';

let fx: LeakFixture;
const temps: string[] = [];

beforeAll(() => {
  fx = leakFixture('verify');
});
afterAll(() => {
  fx?.repo.cleanup();
  temps.forEach((t) => rmSync(t, { recursive: true, force: true }));
});

/** A mirror of the fixture rewritten with `lines` as the replacement list; returns it and the count before. */
function rewrittenMirror(lines: Array<{ secret: string; replacement: string }>, removePaths: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'spillkit-verify-'));
  temps.push(dir);
  const mirror = join(dir, 'mirror.git');
  const git = (cwd: string, args: string[]) => execFileSync('git', args, { cwd, env: gitEnv(), encoding: 'utf8' });
  git(dir, ['clone', '-q', '--mirror', '--no-local', fx.repo.dir, mirror]);
  const commitsBefore = Number(git(mirror, ['rev-list', '--all', '--count']).trim());
  const expressions = join(dir, 'expressions.txt');
  writeFileSync(expressions, renderExpressions(expressionEntries(lines)), { mode: 0o600 });
  git(mirror, ['filter-repo', '--quiet', ...filterRepoArgs({ removePaths, replaceText: true, replaceMessages: false, support: { sensitiveDataRemoval: false, noFetch: false }, expressions })]);
  rmSync(expressions);
  return { mirror, commitsBefore };
}

const scanner = async (path: string) => (await scanJson(path)).report.findings;

describe('verification', () => {
  it('fails the re-scan when one planned replacement was skipped', async () => {
    const env = { secret: fx.envSecret, replacement: '***REMOVED***' };
    const token = { secret: fx.token, replacement: '***REMOVED***' };
    const { mirror, commitsBefore } = rewrittenMirror([env], ['.env']); // the token was "forgotten"
    const v = await verifyMirror({
      mirror, commitsBefore, plan: { removePaths: ['.env'], replaceText: true, replaceMessages: false },
      entries: expressionEntries([env, token]), plannedHashes: new Set([sha256(fx.envSecret), sha256(fx.token)]), scanMirror: scanner,
    });
    expect(v.ok).toBe(false);
    expect(v.rescan.ok).toBe(false);
    expect(v.rescan.remaining.map((r) => r.path)).toContain('src/config.js');
    expect(v.rescan.problems.join('\n')).not.toContain(fx.token);
    expect(v.content.ok).toBe(true); // the blobs that did change changed exactly as planned
  });

  it('fails the content check when the rewrite changed more than planned', async () => {
    const token = { secret: fx.token, replacement: '***REMOVED***' };
    const extra = { secret: 'retries', replacement: 'attempts' }; // not a secret: an unplanned edit
    const { mirror, commitsBefore } = rewrittenMirror([token, extra], []);
    const v = await verifyMirror({
      mirror, commitsBefore, plan: { removePaths: [], replaceText: true, replaceMessages: false },
      entries: expressionEntries([token]), plannedHashes: new Set([sha256(fx.token)]), scanMirror: scanner,
    });
    expect(v.ok).toBe(false);
    expect(v.content.ok).toBe(false);
    expect(v.content.problems[0]).toMatch(/src\/config\.js in [0-9a-f]{12}: content differs beyond the planned replacements/);
  });

  it('fails the content check when a file disappeared that the plan keeps', async () => {
    const token = { secret: fx.token, replacement: '***REMOVED***' };
    const { mirror, commitsBefore } = rewrittenMirror([token], ['src/app.js']);
    const v = await verifyMirror({
      mirror, commitsBefore, plan: { removePaths: [], replaceText: true, replaceMessages: false },
      entries: expressionEntries([token]), plannedHashes: new Set([sha256(fx.token)]), scanMirror: scanner,
    });
    expect(v.content.ok).toBe(false);
    expect(v.content.problems.some((p) => /src\/app\.js .*removed, but the plan does not remove it/.test(p))).toBe(true);
  });
});
