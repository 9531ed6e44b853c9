// The pure parts of a sweep: shard assignment, risk ranking, stats, merge and exit codes.
import { describe, expect, it } from 'vitest';
import type { Severity } from '../../src/rules/types.js';
import { mergeSweepResults } from '../../src/sweep/merge.js';
import { riskOf } from '../../src/sweep/rank.js';
import { buildSweepResult, sweepExitCode } from '../../src/sweep/result.js';
import { inShard, parseShard, shardOf } from '../../src/sweep/shard.js';
import type { SweepFinding, SweepRepository, SweepResult } from '../../src/sweep/types.js';

function finding(repository: string, n: number, severity: Severity, presentAtHead: boolean): SweepFinding {
  return {
    repository, fingerprint: `${n}`.padStart(16, '0'), rule: 'some-rule', provider: 'generic', severity, confidence: 'high',
    source: 'blob', path: `file${n}.txt`, line: 1, column: 1, commit: 'c'.repeat(40), author: 'A', authorEmail: 'a@x.test',
    date: '2024-01-01T00:00:00.000Z', blob: 'b'.repeat(40), refs: ['refs/heads/main'], reachable: true, presentAtHead,
    redacted: 'abc… (20 chars)', secretHash: 'f'.repeat(64), occurrences: 1,
  };
}

function repo(name: string, findings: SweepFinding[], status: SweepRepository['status'] = 'scanned', scannedAt = '2024-01-01T00:00:00.000Z'): SweepRepository {
  return {
    name, source: `/src/${name}`, tip: status === 'scanned' ? 'a'.repeat(64) : null, status, risk: riskOf(status, findings),
    ...(status !== 'scanned' ? { error: 'boom' } : {}),
    scannedAt: status === 'scanned' ? scannedAt : null, stats: status === 'scanned' ? { objects: 10, blobBytes: 100, durationMs: 5 } : null,
    warnings: [], findings,
  };
}

const run = (shard?: { index: number; count: number }) => ({ sweptAt: '2024-01-01T00:00:00.000Z', durationMs: 100, reused: 1, warnings: [], shard });

describe('--shard I/N', () => {
  it('parses 1-based I/N and refuses anything else', () => {
    expect(parseShard('1/4')).toEqual({ index: 1, count: 4 });
    expect(parseShard('4/4')).toEqual({ index: 4, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', '1', 'a/b', '-1/2', '1/2/3']) expect(() => parseShard(bad), bad).toThrow(/--shard/);
  });

  it('assigns every name to exactly one shard, the same way every time, and splits evenly', () => {
    const names = Array.from({ length: 2000 }, (_, i) => `org/repo-${i}`);
    const sizes = [0, 0, 0, 0];
    for (const name of names) {
      const shard = shardOf(name, 4);
      expect(shard).toBe(shardOf(name, 4));
      expect([1, 2, 3, 4].filter((i) => inShard(name, { index: i, count: 4 }))).toEqual([shard]);
      sizes[shard - 1]++;
    }
    for (const size of sizes) expect(size).toBeGreaterThan(400);
    // GitHub names are case-insensitive, so is the split
    expect(shardOf('Acme/API', 7)).toBe(shardOf('acme/api', 7));
    expect(inShard('anything', null)).toBe(true);
  });
});

describe('ranking and stats', () => {
  const repos = [
    repo('z-clean', []),
    repo('history', [finding('history', 1, 'critical', false)]),
    repo('broken', [], 'failed'),
    repo('head-high', [finding('head-high', 2, 'high', true)]),
    repo('head-critical', [finding('head-critical', 3, 'low', false), finding('head-critical', 4, 'critical', true)]),
    repo('a-clean', []),
  ];

  it('ranks critical at HEAD, then at HEAD, then history only, then not scanned, then clean', () => {
    const result = buildSweepResult(repos, run());
    expect(result.repositories.map((r) => r.name)).toEqual(['head-critical', 'head-high', 'history', 'broken', 'a-clean', 'z-clean']);
    expect(buildSweepResult([...repos].reverse(), run()).repositories).toEqual(result.repositories);
  });

  it('derives the stats from the repositories', () => {
    const { stats } = buildSweepResult(repos, run());
    expect(stats).toMatchObject({
      repositories: 6, scanned: 5, failed: 1, skipped: 0, reused: 1, repositoriesWithFindings: 3, findings: 4, findingsAtHead: 2,
      bySeverity: { critical: 2, high: 1, medium: 0, low: 1 },
      byRisk: { live: 0, 'critical-at-head': 1, 'at-head': 1, 'history-only': 1, unknown: 1, none: 2 },
      objects: 50, blobBytes: 500, durationMs: 100,
    });
  });

  it('exits 0 clean, 1 with findings, 2 when no repository could be scanned or, with --fail-on-error, any failed', () => {
    expect(sweepExitCode(buildSweepResult([repo('a', [])], run()), false)).toBe(0);
    expect(sweepExitCode(buildSweepResult(repos, run()), false)).toBe(1);
    expect(sweepExitCode(buildSweepResult(repos, run()), true)).toBe(2);
    expect(sweepExitCode(buildSweepResult([repo('x', [], 'failed')], run()), false)).toBe(2);
    expect(sweepExitCode(buildSweepResult([repo('x', [], 'failed'), repo('y', [])], run()), false)).toBe(0);
    expect(sweepExitCode(buildSweepResult([repo('x', [], 'skipped'), repo('y', [], 'failed')], run()), false)).toBe(2);
    expect(sweepExitCode(buildSweepResult([], run({ index: 3, count: 4 })), false)).toBe(0);
  });
});

describe('merge', () => {
  const whole = buildSweepResult([repo('a', [finding('a', 1, 'high', true)]), repo('b', []), repo('c', [], 'failed')], run());
  const shard = (index: number, names: string[]): SweepResult =>
    buildSweepResult(whole.repositories.filter((r) => names.includes(r.name)), run({ index, count: 2 }));

  it('gives the whole run back from its shards, summing times', () => {
    const merged = mergeSweepResults([{ file: '1', result: shard(1, ['a', 'c']) }, { file: '2', result: shard(2, ['b']) }]);
    expect(merged.repositories).toEqual(whole.repositories);
    expect(merged.stats).toEqual({ ...whole.stats, durationMs: 200, reused: 2 });
    expect(merged.shard).toBeUndefined();
    expect(merged.mergedShards).toBeUndefined();
  });

  it('keeps a repository once when two inputs hold it: scanned over failed, then the newer scan', () => {
    const retried = buildSweepResult([repo('c', [finding('c', 9, 'low', false)], 'scanned', '2024-02-01T00:00:00.000Z')], run({ index: 1, count: 2 }));
    const merged = mergeSweepResults([{ file: '1', result: shard(1, ['a', 'c']) }, { file: '1b', result: retried }, { file: '2', result: shard(2, ['b']) }]);
    expect(merged.repositories.find((r) => r.name === 'c')!.status).toBe('scanned');
    expect(merged.stats.repositories).toBe(3);
  });

  it('says which shards are missing, and refuses shards of different splits', () => {
    const partial = mergeSweepResults([{ file: '1', result: shard(1, ['a', 'c']) }]);
    expect(partial.mergedShards).toEqual({ count: 2, indexes: [1] });
    expect(partial.warnings.join('\n')).toContain('shard(s) 2/2 missing');
    const other = buildSweepResult([repo('b', [])], run({ index: 1, count: 3 }));
    expect(() => mergeSweepResults([{ file: '1', result: shard(1, ['a']) }, { file: 'x', result: other }])).toThrow(/different shard splits/);
  });
});
