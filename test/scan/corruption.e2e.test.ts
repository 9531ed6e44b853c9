// A damaged object database must never crash the scanner or pass silently: one clear line on stderr,
// naming what is broken, and exit code 2 (SPEC.md "Errors are one clear line on stderr, never a stack
// trace"). A missing object may instead be a warning when the rest of the history is scanned.
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteLooseObject, flipPackBytes, truncatePack, type Repo } from '../helpers/repo-builder.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { deletedFileFixture, findingsOf, packedForCorruption } from './fixtures.js';
import type { ScanReport } from '../../src/scan/finding.js';

const STACK_FRAME = /^\s+at .+[:(]\d+/m;
const repos: Repo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));

function scan(dir: string): Promise<CliResult> {
  return runCli(['scan', dir, '--format', 'json', '--no-progress']);
}

function expectOneLineNaming(result: CliResult, name: string): void {
  const lines = result.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toContain(name);
  expect(result.stderr).not.toMatch(STACK_FRAME);
}

/** The pack's id, which every sensible message names (as `pack-<id>.pack` or the id alone). */
function packId(pack: string): string {
  return basename(pack).replace(/^pack-/, '').replace(/\.pack$/, '');
}

describe('a truncated pack', () => {
  let repo: Repo;
  let pack: string;
  beforeAll(() => {
    repo = packedForCorruption().repo;
    repos.push(repo);
    pack = truncatePack(repo, 0.6);
  });

  it('exits 2 with one line naming the pack', async () => {
    const result = await scan(repo.dir);
    expect(result.code).toBe(2);
    expectOneLineNaming(result, packId(pack));
  });
});

describe('a pack with flipped bytes in the middle of an object', () => {
  let repo: Repo;
  let pack: string;
  beforeAll(() => {
    repo = packedForCorruption().repo;
    repos.push(repo);
    pack = flipPackBytes(repo).pack;
  });

  it('exits 2 with one line naming the pack', async () => {
    const result = await scan(repo.dir);
    expect(result.code).toBe(2);
    expectOneLineNaming(result, packId(pack));
  });

  it('fails the same way without delta reuse and on one thread', async () => {
    for (const extra of [['--no-delta-reuse'], ['--threads', '1']]) {
      const result = await runCli(['scan', repo.dir, '--format', 'json', '--no-progress', ...extra]);
      expect(result.code, extra.join(' ')).toBe(2);
      expectOneLineNaming(result, packId(pack));
    }
  });
});

describe('a loose object that a commit needs is missing', () => {
  let fx: ReturnType<typeof deletedFileFixture>;
  let missing: string;
  beforeAll(() => {
    fx = deletedFileFixture();
    repos.push(fx.repo);
    missing = fx.repo.rev(`${fx.repo.commits[0]}:README.md`);
    deleteLooseObject(fx.repo, missing);
  });

  it('is reported clearly: exit 2 naming the object, or a warning naming it and the rest scanned', async () => {
    const result = await scan(fx.repo.dir);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    if (result.code === 2) {
      expectOneLineNaming(result, missing.slice(0, 7));
      return;
    }
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(missing.slice(0, 7));
    const report = result.json as ScanReport;
    expect(report.stats.warnings.join('\n')).toContain(missing.slice(0, 7));
    expect(findingsOf(report, fx.secret)).toHaveLength(1);
  });
});
