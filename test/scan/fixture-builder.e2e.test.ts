// The fixtures are only worth something if they have the shape their names promise (deep deltas, a
// stash, dangling objects, two packs...). These checks use git itself, not spillkit, as the judge.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteLooseObject, flipPackBytes, initRepo, truncatePack, type Repo } from '../helpers/repo-builder.js';
import {
  deletedFileFixture, deltaChainFixture, evilMergeFixture, layoutFixture, multiPackFixture, packedForCorruption,
  specialRefsFixture, DELTA_EDITS,
} from './fixtures.js';

const built: Repo[] = [];
function keep<T extends { repo: Repo }>(fixture: T): T {
  built.push(fixture.repo);
  return fixture;
}
afterAll(() => built.forEach((r) => r.cleanup()));

function allReachable(repo: Repo): string[] {
  return repo.git(['rev-list', '--all']).trim().split('\n');
}

describe('repo-builder', () => {
  it('is deterministic: the same description gives the same object ids', () => {
    const a = keep(deletedFileFixture());
    const b = keep(deletedFileFixture());
    expect(a.repo.commits).toHaveLength(4);
    expect(b.repo.commits).toEqual(a.repo.commits);
  });

  it('writes the author, email and date it was given', () => {
    const { repo, adding, date, author } = keep(deletedFileFixture());
    const [name, email, iso] = repo.git(['show', '-s', '--format=%an%n%ae%n%aI', adding]).trim().split('\n');
    expect({ name, email }).toEqual(author);
    expect(new Date(iso).toISOString()).toBe(date);
  });

  it('stores bytes exactly (no CRLF conversion) and checks the worktree out at main', () => {
    const repo = keep({ repo: initRepo() }).repo;
    repo.commit({ files: { 'w.ini': 'a\r\nb\r\n', 'docs/café/ключ.txt': 'x' }, message: 'crlf' });
    repo.checkoutHead();
    expect(repo.git(['cat-file', 'blob', 'HEAD:w.ini'])).toBe('a\r\nb\r\n');
    expect(readFileSync(join(repo.dir, 'docs/café/ключ.txt'), 'utf8')).toBe('x');
    expect(repo.git(['symbolic-ref', 'HEAD']).trim()).toBe('refs/heads/main');
  });

  it('builds a deep delta chain in a single pack', () => {
    const { repo, adding } = keep(deltaChainFixture());
    expect(repo.packs()).toHaveLength(1);
    expect(repo.looseObjects()).toEqual([]);
    expect(repo.maxDeltaDepth()).toBeGreaterThanOrEqual(10);
    expect(repo.git(['rev-list', '--count', `${adding}..main`]).trim()).toBe(String(DELTA_EDITS));
  });

  it('builds an evil merge: the merge tree holds a file neither parent has', () => {
    const { repo, merge } = keep(evilMergeFixture());
    const parents = repo.git(['show', '-s', '--format=%P', merge]).trim().split(' ');
    expect(parents).toHaveLength(2);
    expect(repo.git(['ls-tree', '-r', '--name-only', merge])).toContain('deploy/ci.cfg');
    for (const parent of parents) expect(repo.git(['ls-tree', '-r', '--name-only', parent])).not.toContain('deploy/ci.cfg');
  });

  it('builds stash, notes, annotated tag, remote-tracking ref and dangling objects', () => {
    const f = keep(specialRefsFixture());
    const { repo } = f;
    expect(repo.rev('refs/stash')).toBe(f.stash);
    expect(repo.git(['ls-tree', '-r', '--name-only', 'refs/stash'])).toContain('config/local.cfg');
    expect(repo.git(['notes', 'show', f.messageCommit])).toContain('reviewed with');
    expect(repo.git(['cat-file', '-t', 'refs/tags/v1.0']).trim()).toBe('tag');
    expect(f.tagObject).toBe(repo.rev('refs/tags/v1.0'));
    expect(repo.git(['cat-file', '-p', f.tagObject])).toContain('upstream ');
    expect(repo.git(['cat-file', '-p', f.messageCommit])).toContain('the old value was');
    expect(repo.git(['for-each-ref', '--format=%(refname)', 'refs/remotes/']).trim()).toBe('refs/remotes/origin/feature');
    expect(repo.git(['branch', '--contains', f.remoteCommit]).trim()).toBe('');
    expect(repo.git(['cat-file', '-t', f.danglingCommit]).trim()).toBe('commit');
    expect(repo.git(['cat-file', '-t', f.danglingBlob]).trim()).toBe('blob');
    expect(allReachable(repo)).not.toContain(f.danglingCommit);
    const unreachable = repo.git(['fsck', '--unreachable', '--no-reflogs']);
    expect(unreachable).toContain(f.danglingCommit);
    expect(unreachable).toContain(f.danglingBlob);
    expect(repo.git(['status', '--porcelain']).trim()).toBe('');
  });

  it('builds two packs plus loose objects', () => {
    const { repo } = keep(multiPackFixture());
    expect(repo.packs()).toHaveLength(2);
    expect(repo.looseObjects().length).toBeGreaterThan(0);
  });

  it('clones bare, shallow and shared (alternates)', () => {
    const { repo } = keep(layoutFixture());
    const bare = repo.cloneBare();
    expect(bare.bare).toBe(true);
    expect(existsSync(join(bare.dir, 'HEAD'))).toBe(true);
    expect(bare.rev('HEAD')).toBe(repo.rev('HEAD'));
    const shallow = repo.cloneShallow(1);
    expect(existsSync(join(shallow.gitDir, 'shallow'))).toBe(true);
    expect(shallow.git(['rev-list', '--count', 'HEAD']).trim()).toBe('1');
    const shared = repo.cloneShared();
    expect(readFileSync(join(shared.objectsDir, 'info', 'alternates'), 'utf8').trim()).toBe(repo.objectsDir);
    expect(shared.looseObjects()).toEqual([]);
    expect(shared.packs()).toEqual([]);
  });

  it('corrupts: truncated pack, flipped bytes, missing loose object', () => {
    const truncated = keep(packedForCorruption()).repo;
    truncatePack(truncated);
    expect(() => truncated.git(['fsck', '--full'])).toThrow();

    const flipped = keep(packedForCorruption()).repo;
    const { pack } = flipPackBytes(flipped);
    expect(() => flipped.git(['verify-pack', pack.replace(/\.pack$/, '.idx')])).toThrow();

    const { repo: missing } = keep(deletedFileFixture());
    const blob = missing.rev(`${missing.commits[0]}:README.md`);
    deleteLooseObject(missing, blob);
    expect(() => missing.git(['cat-file', '-p', blob])).toThrow();
  });
});
