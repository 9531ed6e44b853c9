// Refs that cannot all be read (a damaged packed-refs line, a garbage HEAD, a ref to a missing
// object, symbolic refs that loop, names git refuses) must not silently turn findings into
// "unreachable, not at HEAD": that would tell the rewrite plan no push is needed. The scan warns,
// records stats.refsComplete = false, reports what it cannot know as null, and plan-rewrite refuses
// to plan from it. Symbolic refs in loose ref files are followed (at most 5 levels, as git does).
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import type { Finding, ScanReport } from '../../src/scan/finding.js';
import { buildRepo, type Repo } from '../helpers/repo-builder.js';
import { errorLines, runBounded, STACK_FRAME } from './run-bounded.js';

const repos: Repo[] = [];
afterAll(() => repos.forEach((r) => r.cleanup()));

const onMain = fakeSecret('github-pat', 'broken-refs-main');
const onFeature = fakeSecret('slack-bot-token', 'broken-refs-feature');

/** main holds one secret at its tip; feature (only) holds another. */
function victim(): Repo {
  const repo = buildRepo([
    { files: { 'README.md': '# service\n' }, message: 'init' },
    { files: { 'deploy/app.env': `GITHUB_TOKEN=${onMain}\n` }, message: 'deploy settings' },
    { branch: 'feature', from: 'main', files: { 'feature/slack.cfg': `token = ${onFeature}\n` }, message: 'feature' },
  ]);
  repos.push(repo);
  return repo;
}

async function scan(repo: Repo): Promise<ScanReport> {
  const run = await runBounded(['scan', repo.dir, '--format', 'json', '--no-progress'], { timeoutMs: 30_000 });
  expect(run.timedOut).toBe(false);
  expect(run.stderr).not.toMatch(STACK_FRAME);
  expect(errorLines(run.stderr), run.stderr).toEqual([]);
  expect(run.code, run.stderr).toBe(1);
  return JSON.parse(run.stdout) as ScanReport;
}

function at(report: ScanReport, path: string): Finding {
  const f = report.findings.filter((x) => x.path === path);
  expect(f, `findings at ${path}`).toHaveLength(1);
  return f[0];
}

function expectWarning(report: ScanReport, ...parts: string[]): void {
  const hit = report.stats.warnings.find((w) => parts.every((p) => w.includes(p)));
  expect(hit, `no warning with ${parts.join(', ')}: ${report.stats.warnings.join(' | ')}`).toBeDefined();
}

/** Refs could not all be read: what no readable ref shows is unknown, never false. */
function expectIncomplete(report: ScanReport): void {
  expect(report.stats.refsComplete).toBe(false);
  expectWarning(report, 'refs could not all be read');
  for (const f of report.findings) {
    expect(f.reachable, f.path ?? '').not.toBe(false);
    expect(f.presentAtHead, f.path ?? '').not.toBe(false);
  }
}

async function expectPlanRefused(repo: Repo): Promise<void> {
  const run = await runBounded(['plan-rewrite', repo.dir, '--dry-run'], { timeoutMs: 30_000 });
  expect(run.code, run.stdout).toBe(2);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/could not read every ref/);
}

describe('broken refs', () => {
  it('a damaged packed-refs line: warned, reachability unknown, and plan-rewrite refuses', async () => {
    const repo = victim();
    repo.git(['pack-refs', '--all']);
    const file = join(repo.gitDir, 'packed-refs');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/^[0-9a-f]{40} refs\/heads\/feature$/m, (line) => `${line.slice(0, 20)}\u0000\u0000${line.slice(22)}`));
    const report = await scan(repo);
    expectWarning(report, 'packed-refs', 'line');
    expectIncomplete(report);
    expect(at(report, 'feature/slack.cfg').reachable).toBeNull();
    expect(at(report, 'deploy/app.env')).toMatchObject({ reachable: true, presentAtHead: true, refs: ['refs/heads/main'] });
    await expectPlanRefused(repo);
  });

  it('a garbage HEAD: presence at HEAD is unknown', async () => {
    const repo = victim();
    writeFileSync(join(repo.gitDir, 'HEAD'), 'this is not a ref\n');
    const report = await scan(repo);
    expectWarning(report, 'HEAD');
    expectIncomplete(report);
    expect(at(report, 'deploy/app.env')).toMatchObject({ reachable: true, presentAtHead: null });
  });

  it('a ref to an object the database lacks: warned, and plan-rewrite refuses', async () => {
    const repo = victim();
    const ghost = 'deadbeef'.repeat(5);
    writeFileSync(join(repo.gitDir, 'refs', 'heads', 'ghost'), `${ghost}\n`);
    const report = await scan(repo);
    expectWarning(report, 'refs/heads/ghost', ghost, 'missing');
    expectIncomplete(report);
    await expectPlanRefused(repo);
  });

  it('symbolic refs that loop, or nest deeper than 5: warned, never followed forever', async () => {
    const repo = victim();
    const heads = join(repo.gitDir, 'refs', 'heads');
    writeFileSync(join(heads, 'a'), 'ref: refs/heads/b\n');
    writeFileSync(join(heads, 'b'), 'ref: refs/heads/a\n');
    for (let i = 0; i < 6; i++) writeFileSync(join(heads, `deep${i}`), `ref: refs/heads/deep${i + 1}\n`);
    writeFileSync(join(heads, 'deep6'), 'ref: refs/heads/main\n');
    writeFileSync(join(repo.gitDir, 'HEAD'), 'ref: refs/heads/a\n');
    const report = await scan(repo);
    expectWarning(report, 'refs/heads/a', 'loops');
    expectWarning(report, 'refs/heads/deep0', 'deeper than 5');
    expectWarning(report, 'HEAD', 'loops');
    expectIncomplete(report);
  });

  it('ref names git refuses (a space, a control character) are not read, and say so', async () => {
    const repo = victim();
    repo.git(['pack-refs', '--all']);
    const feature = repo.rev('refs/heads/feature');
    repo.deleteRef('refs/heads/feature');
    appendFileSync(join(repo.gitDir, 'packed-refs'), `${feature} refs/heads/has space\n`);
    writeFileSync(join(repo.gitDir, 'refs', 'heads', 'bell\u0007'), `${feature}\n`);
    const report = await scan(repo);
    expectWarning(report, 'packed-refs', 'line');
    expectWarning(report, 'bell\\u0007', 'refuses');
    expectIncomplete(report);
    expect(report.findings.flatMap((f) => f.refs).filter((r) => r.includes('bell') || r.includes('space'))).toEqual([]);
  });

  it('symbolic refs in loose ref files are followed: HEAD -> alias -> main', async () => {
    const repo = victim();
    writeFileSync(join(repo.gitDir, 'refs', 'heads', 'alias'), 'ref: refs/heads/main\n');
    writeFileSync(join(repo.gitDir, 'HEAD'), 'ref: refs/heads/alias\n');
    const report = await scan(repo);
    // The alias itself is not listed: the branch it names already is.
    expect(at(report, 'deploy/app.env')).toMatchObject({ reachable: true, presentAtHead: true, refs: ['refs/heads/feature', 'refs/heads/main'] });
    expect(at(report, 'feature/slack.cfg')).toMatchObject({ reachable: true, presentAtHead: false });
    expect(report.stats.refsComplete).toBe(true);
  });
});
