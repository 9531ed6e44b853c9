// The facts a host's support asks for (issue 16): first changed commits, changed refs, orphaned LFS
// objects. From git-filter-repo's `--sensitive-data-removal` output when the installed one has it,
// else computed by spillkit; both must agree on what they both know.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RewriteState } from '../../src/rewrite/apply.js';
import { detectFilterRepo, filterRepoArgs } from '../../src/rewrite/filter-repo.js';
import { sensitiveDataFacts } from '../../src/rewrite/sensitive-data.js';
import { initRepo, type Repo } from '../helpers/repo-builder.js';
import { runCli, scanJson } from '../helpers/run-cli.js';
import { leakFixture } from './fixtures.js';

const repos: Repo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));

describe('sensitive-data facts', () => {
  it('reads git-filter-repo\'s own files when it ran with --sensitive-data-removal, and counts them itself otherwise', () => {
    const repo = initRepo({ bare: true });
    repos.push(repo);
    const a = repo.commit({ files: { 'a.txt': 'a\n' }, message: 'a' });
    const b = repo.commit({ files: { 'b.txt': 'b\n' }, message: 'b' });
    const c = repo.commit({ files: { 'c.txt': 'c\n' }, message: 'c' });
    const x = 'f'.repeat(40);
    const y = 'e'.repeat(40);
    const commitMap = new Map([[a, a], [b, x], [c, y]]);
    const common = {
      mirror: repo.dir, commitMap,
      refsBefore: new Map([['refs/heads/main', c], ['refs/heads/old', a]]), refsAfter: new Map([['refs/heads/main', y], ['refs/heads/old', a]]),
      lfsBefore: new Set(['sha256:1', 'sha256:2']), lfsAfter: new Set(['sha256:2']),
    };
    const ours = sensitiveDataFacts({ ...common, usedSensitiveDataRemoval: false });
    expect(ours).toEqual({ computedBy: 'spillkit', firstChangedCommits: [b], changedRefs: ['refs/heads/main'], lfsOrphans: ['sha256:1'], lfsComputedBy: 'spillkit' });

    // Without its files (an interrupted run), its flag alone proves nothing: ours.
    expect(sensitiveDataFacts({ ...common, usedSensitiveDataRemoval: true }).computedBy).toBe('spillkit');
    mkdirSync(join(repo.dir, 'filter-repo'));
    writeFileSync(join(repo.dir, 'filter-repo', 'first-changed-commits'), `${b} ${a}\n`);
    writeFileSync(join(repo.dir, 'filter-repo', 'changed-refs'), 'refs/heads/main\nrefs/pull/7/head\n');
    const theirs = sensitiveDataFacts({ ...common, usedSensitiveDataRemoval: true });
    expect(theirs).toEqual({ computedBy: 'git-filter-repo --sensitive-data-removal', firstChangedCommits: [b], changedRefs: ['refs/heads/main', 'refs/pull/7/head'], lfsOrphans: ['sha256:1'], lfsComputedBy: 'spillkit' });
    writeFileSync(join(repo.dir, 'filter-repo', 'orphaned_lfs_objects'), 'sha256:9\n');
    expect(sensitiveDataFacts({ ...common, usedSensitiveDataRemoval: true })).toMatchObject({ lfsOrphans: ['sha256:9'], lfsComputedBy: 'git-filter-repo --sensitive-data-removal' });
  });

  it('leaves --sensitive-data-removal out on a repository that uses Git LFS (it fails there with --partial)', () => {
    const support = { sensitiveDataRemoval: true, noFetch: true };
    const base = { removePaths: ['.env'], replaceText: true, replaceMessages: false, support };
    expect(filterRepoArgs(base)).toEqual(expect.arrayContaining(['--sensitive-data-removal', '--no-fetch']));
    expect(filterRepoArgs({ ...base, lfsInUse: true })).not.toContain('--sensitive-data-removal');
    expect(filterRepoArgs({ ...base, lfsInUse: true })).not.toContain('--no-fetch');
  });

  it('apply records them with the installed git-filter-repo: its own with --sensitive-data-removal, else spillkit\'s', async () => {
    const fx = leakFixture('sdr');
    repos.push(fx.repo);
    await scanJson(fx.repo.dir);
    const apply = await runCli(['rewrite', fx.repo.dir, '--apply', '--json'], { timeoutMs: 120_000 });
    expect(apply.code, apply.stderr).toBe(0);
    const incidents = join(fx.repo.gitDir, 'spillkit', 'incidents');
    const dir = join(incidents, readdirSync(incidents).filter((n) => !n.startsWith('.')).sort().pop()!);
    const state = JSON.parse(readFileSync(join(dir, 'rewrite-state.json'), 'utf8')) as RewriteState;
    const support = detectFilterRepo(fx.repo.dir);
    expect(state.sensitiveData?.computedBy).toBe(support.sensitiveDataRemoval ? 'git-filter-repo --sensitive-data-removal' : 'spillkit');
    expect(state.sensitiveData?.firstChangedCommits).toEqual([fx.envCommit]);
    expect(state.sensitiveData?.changedRefs).toEqual(['refs/heads/feature', 'refs/heads/main', 'refs/remotes/origin/feature', 'refs/remotes/origin/main', 'refs/tags/v1']);
    expect(state.sensitiveData?.lfsOrphans).toEqual([]);
    const request = readFileSync(join(dir, 'SUPPORT-REQUEST.md'), 'utf8');
    expect(request).toContain(fx.envCommit);
    expect(request).toContain('Git LFS: not used by this repository');
  }, 120_000);
});
