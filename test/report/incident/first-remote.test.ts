import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstRemoteSightings } from '../../../src/report/incident/gather/first-remote.js';
import { parseReflog, readRemoteTrackingReflogs, sightingKind } from '../../../src/report/incident/gather/reflog.js';

const id = (n: number): string => n.toString(16).padStart(40, '0');
const ZERO = '0'.repeat(40);
const line = (oldId: string, newId: string, seconds: number, message: string): string => `${oldId} ${newId} Ada Fixture <ada@fixture.test> ${seconds} +0000\t${message}`;

// A line of history 1 <- 2 <- 3 <- 4, and a side commit 5 whose parent is 2.
const PARENTS: Record<string, string[]> = { [id(1)]: [], [id(2)]: [id(1)], [id(3)]: [id(2)], [id(4)]: [id(3)], [id(5)]: [id(2)] };
const parentsOf = (oid: string): string[] | null => PARENTS[oid] ?? null;

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

describe('remote-tracking reflogs', () => {
  it('parses entries and tells push, fetch and clone apart', () => {
    const entries = parseReflog('refs/remotes/origin/main', [line(ZERO, id(2), 100, 'clone: from /srv/origin.git'), 'garbage', line(id(2), id(4), 200, 'update by push')].join('\n'));
    expect(entries.map((e) => [e.newId, e.at, e.message])).toEqual([[id(2), '1970-01-01T00:01:40.000Z', 'clone: from /srv/origin.git'], [id(4), '1970-01-01T00:03:20.000Z', 'update by push']]);
    expect(['update by push', 'fetch: fast-forward', 'pull: fast-forward', 'clone: from x', 'rename'].map(sightingKind)).toEqual(['push', 'fetch', 'fetch', 'clone', 'other']);
  });

  it('reads every remote-tracking reflog oldest first and drops deletions', () => {
    const gitdir = mkdtempSync(join(tmpdir(), 'spillkit-reflog-'));
    temps.push(gitdir);
    const logs = join(gitdir, 'logs', 'refs', 'remotes', 'origin');
    mkdirSync(join(logs, 'feature'), { recursive: true });
    writeFileSync(join(logs, 'main'), [line(ZERO, id(3), 300, 'update by push'), line(id(3), ZERO, 400, 'fetch: prune')].join('\n') + '\n');
    writeFileSync(join(logs, 'feature', 'x'), line(ZERO, id(5), 200, 'fetch: storing head') + '\n');
    const entries = readRemoteTrackingReflogs(gitdir);
    expect(entries.map((e) => [e.ref, e.newId])).toEqual([['refs/remotes/origin/feature/x', id(5)], ['refs/remotes/origin/main', id(3)]]);
    expect(readRemoteTrackingReflogs(join(gitdir, 'missing'))).toEqual([]);
  });
});

describe('first remote sighting', () => {
  const entries = [
    ...parseReflog('refs/remotes/origin/side', line(ZERO, id(5), 100, 'fetch: storing head')),
    ...parseReflog('refs/remotes/origin/main', [line(ZERO, id(3), 200, 'update by push'), line(id(3), id(4), 300, 'update by push')].join('\n')),
  ];

  it('finds the earliest entry whose tip has the commit as an ancestor', () => {
    const seen = firstRemoteSightings(entries, [id(1), id(2), id(3), id(4), id(5)], parentsOf);
    // 1 and 2 were first reachable through the fetched side branch, 3 and 4 through later pushes
    expect(seen[id(1)]).toMatchObject({ ref: 'refs/remotes/origin/side', how: 'fetch', at: '1970-01-01T00:01:40.000Z' });
    expect(seen[id(2)]?.ref).toBe('refs/remotes/origin/side');
    expect(seen[id(3)]).toMatchObject({ ref: 'refs/remotes/origin/main', how: 'push', at: '1970-01-01T00:03:20.000Z' });
    expect(seen[id(4)]).toMatchObject({ how: 'push', at: '1970-01-01T00:05:00.000Z' });
  });

  it('reports null for a commit no remote-tracking ref ever reached, and reads each commit once', () => {
    const reads: string[] = [];
    const counting = (oid: string) => {
      reads.push(oid);
      return parentsOf(oid);
    };
    const seen = firstRemoteSightings(entries, [id(4), id(9)], counting);
    expect(seen[id(9)]).toBeNull();
    expect(reads.length).toBe(new Set(reads).size);
  });
});
