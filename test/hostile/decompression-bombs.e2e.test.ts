// Objects that inflate to far more than they take on disk must cost no memory: their declared size
// (pack entry header, delta header, loose header) is checked before anything is inflated, and each is
// skipped with a warning naming it while every other finding is still reported. Each repository runs
// the real CLI under a time limit, and its peak resident memory (worker threads included) is measured.
import { afterAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import type { ScanReport } from '../../src/scan/finding.js';
import { buildRepo, type Repo } from '../helpers/repo-builder.js';
import { delta, looseObject, writeLooseFile, writePack, zlibOf } from './craft.js';
import { errorLines, runBounded, STACK_FRAME, type BoundedResult } from './run-bounded.js';

const MiB = 1 << 20;
/** A scan of a small repository peaks near 150 MiB; a bomb inflated even once would pass this. */
const RSS_LIMIT_MB = 400;
const repos: Repo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));

const token = fakeSecret('github-pat', 'decompression-bombs');

/** A repository with one ordinary finding, which every bomb must leave reported. */
function victim(): Repo {
  const repo = buildRepo([
    { files: { 'README.md': '# service\n' }, message: 'init' },
    { files: { 'deploy/app.env': `GITHUB_TOKEN=${token}\n` }, message: 'deploy settings' },
  ]);
  repos.push(repo);
  return repo;
}

/** Distinct made-up object ids (the readers must not trust names either). */
const fakeOid = (tag: string): string => tag.padEnd(40, '0');

async function scan(repo: Repo): Promise<BoundedResult & { report: ScanReport }> {
  const run = await runBounded(['scan', repo.dir, '--format', 'json', '--no-progress', '--threads', '2'], { timeoutMs: 60_000, heapMb: 256 });
  expect(run.timedOut, 'scan did not finish in time').toBe(false);
  expect(run.stderr).not.toMatch(STACK_FRAME);
  expect(errorLines(run.stderr), run.stderr).toEqual([]);
  expect(run.code, run.stderr).toBe(1);
  return { ...run, report: JSON.parse(run.stdout) as ScanReport };
}

function expectOrdinaryFinding(report: ScanReport): void {
  const f = report.findings.filter((x) => x.path === 'deploy/app.env');
  expect(f).toHaveLength(1);
  expect(f[0].reachable).not.toBe(false);
}

function expectBounded(run: BoundedResult): void {
  expect(run.maxRssMb, 'peak memory was not reported').not.toBeNull();
  expect(run.maxRssMb!).toBeLessThan(RSS_LIMIT_MB);
}

/** The warning about the object itself (others may name it as a delta base). */
function warningAbout(report: ScanReport, oid: string): string {
  const w = report.stats.warnings.filter((x) => new RegExp(`^\\w+ ${oid} \\(`).test(x));
  expect(w, `no warning names ${oid}: ${report.stats.warnings.join(' | ')}`).toHaveLength(1);
  return w[0];
}

describe('decompression bombs', () => {
  it('a packed blob that inflates to 512 MiB is skipped unread, and so is a delta of it', async () => {
    const repo = victim();
    const big = fakeOid('b1');
    const child = fakeOid('b2');
    writePack(repo.objectsDir, [
      { oid: big, type: 3, size: 512 * MiB, zlib: zlibOf([{ zeros: 512 * MiB }]) },
      // 100 bytes copied from the bomb (0x90: offset 0, one length byte): small, but only buildable
      // by inflating the bomb first
      { oid: child, type: 6, base: 0, ...deltaEntry(delta(512 * MiB, 100, Buffer.from([0x90, 100]))) },
    ]);
    const run = await scan(repo);
    expectOrdinaryFinding(run.report);
    expect(warningAbout(run.report, big)).toMatch(/blob \S+ \(536870912 bytes\) is larger than the scan limit and was not scanned/);
    expect(warningAbout(run.report, child)).toContain(`stored as a delta of ${big}`);
    expectBounded(run);
  });

  it('a delta that builds 1 GiB out of a 64 KiB base is skipped before its result is allocated', async () => {
    const repo = victim();
    const base = fakeOid('c1');
    const bomb = fakeOid('c2');
    // 16384 copy instructions of the whole base (0x80: offset 0, length 0x10000): 1 GiB from 16 KiB
    const ops = Buffer.alloc(16384, 0x80);
    writePack(repo.objectsDir, [
      { oid: base, type: 3, size: 65536, zlib: zlibOf([Buffer.alloc(65536, 'x')]) },
      { oid: bomb, type: 6, base: 0, ...deltaEntry(delta(65536, 1024 * MiB, ops)) },
    ]);
    const run = await scan(repo);
    expectOrdinaryFinding(run.report);
    expect(warningAbout(run.report, bomb)).toContain('(1073741824 bytes) is larger than the scan limit and was not scanned');
    expectBounded(run);
  });

  it('a loose blob that inflates to 512 MiB is skipped after reading its header only', async () => {
    const repo = victim();
    const bomb = fakeOid('d1');
    writeLooseFile(repo.objectsDir, bomb, looseObject('blob', 512 * MiB, [{ zeros: 512 * MiB }]));
    const run = await scan(repo);
    expectOrdinaryFinding(run.report);
    expect(warningAbout(run.report, bomb)).toContain('(536870912 bytes) is larger than the scan limit and was not scanned');
    expectBounded(run);
  });

  it('blobs over 4 GiB (one real stream, one lying header) are skipped and the scan goes on', async () => {
    const repo = victim();
    const packed = fakeOid('e1');
    const loose = fakeOid('e2');
    const size = 5 * 1024 * MiB;
    writePack(repo.objectsDir, [{ oid: packed, type: 3, size, zlib: zlibOf([{ zeros: size }]) }]);
    writeLooseFile(repo.objectsDir, loose, looseObject('blob', size, [Buffer.from('not that long\n')]));
    const run = await scan(repo);
    expectOrdinaryFinding(run.report);
    expect(warningAbout(run.report, packed)).toContain(`(${size} bytes) is larger than the scan limit`);
    expect(warningAbout(run.report, loose)).toContain(`(${size} bytes) is larger than the scan limit`);
    expectBounded(run);
  });

  it('a tree and a commit of 100 MiB are over the limit for such objects: skipped, and reachability becomes unknown', async () => {
    const repo = victim();
    const tree = fakeOid('f1');
    const commit = fakeOid('f2');
    writeLooseFile(repo.objectsDir, tree, looseObject('tree', 100 * MiB, [{ zeros: 100 * MiB }]));
    writeLooseFile(repo.objectsDir, commit, looseObject('commit', 100 * MiB, [{ zeros: 100 * MiB }]));
    const run = await scan(repo);
    expect(warningAbout(run.report, tree)).toMatch(/^tree \S+ \(104857600 bytes\) is larger than the scan limit and was not read/);
    expect(warningAbout(run.report, commit)).toMatch(/^commit \S+ \(104857600 bytes\) is larger than the scan limit and was not read/);
    // What lies behind them is unknown, so "no ref reaches it" can no longer be claimed.
    expect(run.report.stats.refsComplete).toBe(false);
    expectOrdinaryFinding(run.report);
    expectBounded(run);
  });
});

/** A delta entry: the delta's declared size and its zlib stream. */
function deltaEntry(d: Buffer): { size: number; zlib: Buffer } {
  return { size: d.length, zlib: zlibOf([d]) };
}
