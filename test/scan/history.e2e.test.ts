// Where a secret sits in history: deleted later, buried in a delta chain, born in a merge, kept for 100
// commits, copied to two paths, spread over packs and loose objects. Provenance must name the right
// commit and count occurrences per SPEC.md (commits whose tree holds the secret at that path).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../src/scan/finding.js';
import { scanJson } from '../helpers/run-cli.js';
import {
  deletedFileFixture, deltaChainFixture, evilMergeFixture, findingsOf, multiPackFixture, onlyFindingOf,
  repeatedFixture, REPEATED_COMMITS,
} from './fixtures.js';

let deleted: ReturnType<typeof deletedFileFixture>;
let delta: ReturnType<typeof deltaChainFixture>;
let merge: ReturnType<typeof evilMergeFixture>;
let repeated: ReturnType<typeof repeatedFixture>;
let multi: ReturnType<typeof multiPackFixture>;

const reports = new Map<string, ScanReport>();

beforeAll(async () => {
  deleted = deletedFileFixture();
  delta = deltaChainFixture();
  merge = evilMergeFixture();
  repeated = repeatedFixture();
  multi = multiPackFixture();
  // One scan per repository, all at once: they share nothing.
  const dirs = [deleted, delta, merge, repeated, multi].map((f) => f.repo.dir);
  const results = await Promise.all(dirs.map((dir) => scanJson(dir)));
  dirs.forEach((dir, i) => reports.set(dir, results[i].report));
  for (const result of results) expect(result.code, result.stderr).toBe(1);
});

afterAll(() => {
  for (const f of [deleted, delta, merge, repeated, multi]) f?.repo.cleanup();
});

function scanned(dir: string): ScanReport {
  return reports.get(dir)!;
}

describe('a secret in a file deleted later', () => {
  it('is found, attributed to the adding commit, its author and date, and not at HEAD', () => {
    const f = onlyFindingOf(scanned(deleted.repo.dir), deleted.secret);
    expect(f).toMatchObject({
      source: 'blob', path: '.env', commit: deleted.adding, author: deleted.author.name,
      authorEmail: deleted.author.email, line: deleted.line, column: deleted.column,
      blob: deleted.repo.rev(`${deleted.adding}:.env`), reachable: true, presentAtHead: false,
      refs: ['refs/heads/main'],
      occurrences: 2, // the adding commit and the one after it; the removing commit no longer holds it
    });
    expect(new Date(f.date as string).toISOString()).toBe(deleted.date);
  });
});

describe('a secret in a deep delta chain', () => {
  it('is one finding, from the adding commit, counting every commit that holds it', () => {
    expect(delta.repo.maxDeltaDepth()).toBeGreaterThanOrEqual(10);
    const report = scanned(delta.repo.dir);
    const f = onlyFindingOf(report, delta.secret);
    expect(f).toMatchObject({
      provider: 'aws', path: 'settings.ini', commit: delta.adding, line: delta.line, column: delta.column,
      blob: delta.repo.rev(`${delta.adding}:settings.ini`), occurrences: delta.occurrences, presentAtHead: true,
    });
    expect(report.stats.packs).toBe(1);
    expect(report.stats.looseObjects).toBe(0);
  });
});

describe('an evil merge', () => {
  it('attributes the secret to the merge commit that introduced it', () => {
    const f = onlyFindingOf(scanned(merge.repo.dir), merge.secret);
    expect(f).toMatchObject({ path: 'deploy/ci.cfg', commit: merge.merge, presentAtHead: true, occurrences: 1 });
  });
});

describe('repetition', () => {
  it('the same secret at one path in 100 commits is one finding with 100 occurrences', () => {
    const f = onlyFindingOf(scanned(repeated.repo.dir), repeated.kept);
    expect(f).toMatchObject({
      provider: 'slack', path: 'config/app.cfg', commit: repeated.first, occurrences: REPEATED_COMMITS,
      line: 1, column: 12, presentAtHead: true,
    });
  });

  it('the same secret at two paths is two findings', () => {
    const twins = findingsOf(scanned(repeated.repo.dir), repeated.twin)
      .sort((a, b) => (a.path ?? '').localeCompare(b.path ?? ''));
    expect(twins.map((f) => [f.path, f.line, f.column])).toEqual([['a/one.cfg', 1, 10], ['b/two.cfg', 2, 10]]);
    expect(twins[0].fingerprint).not.toBe(twins[1].fingerprint);
    expect(twins[0].secretHash).toBe(twins[1].secretHash);
    expect(twins.map((f) => f.occurrences)).toEqual([REPEATED_COMMITS, REPEATED_COMMITS]);
  });
});

describe('several packs plus loose objects', () => {
  it('finds the secret of each pack and of the loose objects', () => {
    expect(multi.repo.packs()).toHaveLength(2);
    const report = scanned(multi.repo.dir);
    for (const secret of Object.values(multi.secrets)) expect(onlyFindingOf(report, secret).provider).toBe('aws');
    expect(report.stats.packs).toBe(2);
    expect(report.stats.looseObjects).toBe(multi.repo.looseObjects().length);
  });
});
