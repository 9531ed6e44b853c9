// Secrets outside any branch's tree: commit and tag messages, notes, stash, a remote-tracking ref, and
// objects no ref reaches. SPEC.md: the sweep covers "every commit, branch, tag, stash, note and dangling
// object", and each finding lists the refs it is reachable from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/scan/finding.js';
import { scanJson } from '../helpers/run-cli.js';
import { onlyFindingOf, specialRefsFixture } from './fixtures.js';

let fx: ReturnType<typeof specialRefsFixture>;
let report: ScanReport;

beforeAll(async () => {
  fx = specialRefsFixture();
  const result = await scanJson(fx.repo.dir);
  expect(result.code, result.stderr).toBe(1);
  report = result.report;
});

afterAll(() => fx?.repo.cleanup());

describe('messages', () => {
  it('finds a secret in a commit message: source commit-message, path null, line of the message', () => {
    const f = onlyFindingOf(report, fx.secrets.message);
    expect(f).toMatchObject({
      source: 'commit-message', path: null, commit: fx.messageCommit, blob: fx.messageCommit,
      line: 3, column: 19, reachable: true, presentAtHead: true, occurrences: 1,
      // every ref whose history holds the commit; the notes ref names it only in a tree path
      refs: ['refs/heads/main', 'refs/remotes/origin/feature', 'refs/stash', 'refs/tags/v1.0'],
    });
    expect(f.author).toBe('Ada Fixture');
  });

  it('finds a secret in an annotated tag message: source tag-message, the tag name, the tagged commit', () => {
    const f = onlyFindingOf(report, fx.secrets.tag);
    expect(f).toMatchObject({
      source: 'tag-message', tag: 'v1.0', path: null, commit: fx.messageCommit, blob: fx.tagObject,
      line: 3, column: 10, reachable: true,
    });
    expect(f.refs).toContain('refs/tags/v1.0');
  });
});

describe('special refs', () => {
  it('finds a secret in a note, reachable from refs/notes/commits', () => {
    const f = onlyFindingOf(report, fx.secrets.note);
    expect(f.source).toBe('blob');
    expect(f.refs).toEqual(['refs/notes/commits']);
    expect(f.reachable).toBe(true);
    expect(f.presentAtHead).toBe(false);
    expect(f.path?.replaceAll('/', '')).toBe(fx.messageCommit); // notes are stored under the noted commit's id
    expect(f.commit).toBe(fx.repo.rev('refs/notes/commits'));
  });

  it('finds a secret only in the stash, reachable from refs/stash', () => {
    const f = onlyFindingOf(report, fx.secrets.stash);
    expect(f.path).toBe('config/local.cfg');
    expect(f.refs).toEqual(['refs/stash']);
    expect([fx.stash, fx.stashIndex]).toContain(f.commit);
    expect(f.reachable).toBe(true);
    expect(f.presentAtHead).toBe(false);
  });

  it('finds a secret only on a remote-tracking ref and lists that ref', () => {
    const f = onlyFindingOf(report, fx.secrets.remote);
    expect(f).toMatchObject({
      path: 'remote.cfg', commit: fx.remoteCommit, refs: ['refs/remotes/origin/feature'], reachable: true,
      presentAtHead: false, line: 1, column: 12,
    });
  });
});

describe('dangling objects', () => {
  it('finds a secret in a commit no ref reaches: reachable false, no refs', () => {
    const f = onlyFindingOf(report, fx.secrets.danglingCommit);
    expect(f).toMatchObject({
      path: 'lost.cfg', commit: fx.danglingCommit, refs: [], reachable: false, presentAtHead: false, occurrences: 1,
    });
    expect(f.author).toBe('Ada Fixture');
  });

  it('finds a secret in a blob no tree holds: no commit, path, author or date; line and column from the blob', () => {
    const f = onlyFindingOf(report, fx.secrets.danglingBlob);
    expect(f).toEqual(expect.objectContaining({
      source: 'blob', path: null, commit: null, author: null, authorEmail: null, date: null,
      blob: fx.danglingBlob, line: 2, column: 12, refs: [], reachable: false, presentAtHead: false, occurrences: 1,
    }));
  });
});

it('reports each planted secret once and nothing else', () => {
  expect(report.findings).toHaveLength(Object.keys(fx.secrets).length);
});
