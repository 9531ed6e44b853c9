// The same history seen through different repository layouts: worktree, its .git dir, the default `.`,
// a bare clone, a clone borrowing objects through alternates, and a shallow clone.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, ScanReport } from '../../src/scan/finding.js';
import type { Repo } from '../helpers/repo-builder.js';
import { runCli, scanJson } from '../helpers/run-cli.js';
import { findingsOf, layoutFixture, onlyFindingOf } from './fixtures.js';

let fx: ReturnType<typeof layoutFixture>;
let reference: ScanReport;

beforeAll(async () => {
  fx = layoutFixture();
  const result = await scanJson(fx.repo.dir);
  expect(result.code, result.stderr).toBe(1);
  reference = result.report;
});

afterAll(() => fx?.repo.cleanup()); // clones live in the same temp root

/** What must not depend on the layout: which secret, where, since when. */
function provenance(findings: Finding[]) {
  return findings
    .map((f) => ({ fingerprint: f.fingerprint, rule: f.rule, secretHash: f.secretHash, path: f.path, commit: f.commit,
      blob: f.blob, line: f.line, column: f.column, occurrences: f.occurrences, presentAtHead: f.presentAtHead }))
    .sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
}

it('the reference scan finds the secret at HEAD and the deleted one', () => {
  expect(onlyFindingOf(reference, fx.head).presentAtHead).toBe(true);
  expect(onlyFindingOf(reference, fx.old).presentAtHead).toBe(false);
  expect(reference.findings).toHaveLength(2);
});

describe('paths to the same repository', () => {
  it('scanning the .git directory gives the same findings', async () => {
    const saved = () => readdirSync(join(fx.repo.gitDir, 'spillkit', 'scans')).length;
    const before = saved();
    const { code, report } = await scanJson(fx.repo.gitDir);
    expect(code).toBe(1);
    expect(report.findings).toEqual(reference.findings);
    expect(saved()).toBeGreaterThan(before); // the same store, not a .git/.git/spillkit
  });

  it('PATH defaults to the current directory', async () => {
    const result = await runCli(['scan', '--format', 'json', '--no-progress'], { cwd: fx.repo.dir });
    expect(result.code).toBe(1);
    expect((result.json as ScanReport).findings).toEqual(reference.findings);
  });
});

describe('other layouts', () => {
  let bare: Repo;
  let shared: Repo;
  let shallow: Repo;
  let scans: Map<Repo, Awaited<ReturnType<typeof scanJson>>>;
  beforeAll(async () => {
    bare = fx.repo.cloneBare();
    shared = fx.repo.cloneShared();
    shallow = fx.repo.cloneShallow(1);
    // Three repositories, three stores: scan them at once.
    const clones = [bare, shared, shallow];
    const results = await Promise.all(clones.map((clone) => scanJson(clone.dir)));
    scans = new Map(clones.map((clone, i) => [clone, results[i]]));
  });

  it('scans a bare clone', () => {
    const { code, report } = scans.get(bare)!;
    expect(code).toBe(1);
    expect(provenance(report.findings)).toEqual(provenance(reference.findings));
    expect(readdirSync(join(bare.dir, 'spillkit', 'scans')).length).toBeGreaterThan(0); // <gitdir> is the repo
  });

  it('scans the objects of an alternate (git clone --shared)', () => {
    expect(shared.looseObjects()).toEqual([]);
    const { code, report } = scans.get(shared)!;
    expect(code).toBe(1);
    expect(provenance(report.findings)).toEqual(provenance(reference.findings));
    expect(onlyFindingOf(report, fx.head).refs).toContain('refs/remotes/origin/main');
  });

  it('scans a shallow clone with a warning on stderr, and exits per its findings', () => {
    const { code, report, stderr } = scans.get(shallow)!;
    expect(stderr).toMatch(/shallow/i);
    expect(stderr).not.toMatch(/^\s+at .+[:(]\d+/m);
    expect(code).toBe(1);
    // Only HEAD's objects came over: the deleted secret is not in this clone, the HEAD one is, and the
    // earliest commit that holds it here is the shallow boundary.
    expect(findingsOf(report, fx.old)).toEqual([]);
    const f = onlyFindingOf(report, fx.head);
    expect(f.commit).toBe(shallow.rev('HEAD'));
    expect(f.presentAtHead).toBe(true);
  });
});
