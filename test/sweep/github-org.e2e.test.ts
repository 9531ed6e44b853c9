// `spillkit sweep --github-org`: the "done when" — a fixture organisation of ten repositories
// (one corrupt) listed by the GitHub emulator with pagination, mirrored from local bare repositories:
// the sweep completes, resumes after kill -9, and two merged shards equal one run.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheHost } from '../../src/sweep/discover-github.js';
import { formatSweepSarif, SWEEP_FINGERPRINT_KEY } from '../../src/sweep/format/sarif.js';
import { shardOf } from '../../src/sweep/shard.js';
import type { SweepResult } from '../../src/sweep/types.js';
import type { GithubEmulator } from '../emulators/github-rest.js';
import { sarifValidator } from '../helpers/sarif-validator.js';
import {
  buildFixtureOrg, comparable, ORG, runCommand, sha256Hex, spawnCommand, startOrgEmulator, tempDir, type FixtureOrg,
} from './helpers.js';

let org: FixtureOrg;
let emulator: GithubEmulator;
let token: string;
let work: ReturnType<typeof tempDir>;
/** The uninterrupted run every other run is compared with. */
let full: SweepResult;

beforeAll(async () => {
  org = buildFixtureOrg();
  ({ emulator, token } = await startOrgEmulator(org));
  work = tempDir('spillkit-sweep-org-');
});

afterAll(async () => {
  await emulator?.close();
  org?.cleanup();
  work?.cleanup();
});

const env = (): Record<string, string> => ({ GITHUB_API_URL: emulator.url, GITHUB_TOKEN: token });
const sweepArgs = (cache: string, ...extra: string[]): string[] =>
  ['--github-org', ORG, '--cache', cache, '--page-size', '3', '--threads', '2', '--no-progress', ...extra];
const readResult = (file: string, why = ''): SweepResult => {
  if (!existsSync(file)) throw new Error(`${file} was not written; ${why}`);
  return JSON.parse(readFileSync(file, 'utf8')) as SweepResult;
};
const names = (result: SweepResult): string[] => result.repositories.map((r) => r.name);

describe('sweep --github-org over ten repositories, one corrupt', () => {
  it('scans nine, reports the corrupt one as failed, and ranks by risk', async () => {
    const output = join(work.dir, 'full.json');
    const run = await runCommand('sweep', sweepArgs(join(work.dir, 'cache'), '--format', 'json', '--output', output), env());
    expect(run.code, run.stderr).toBe(1);
    expect(statSync(output).mode & 0o777).toBe(0o600);
    full = readResult(output, `exit ${run.code}: ${run.stderr}${run.stdout}`);

    expect(full.stats).toMatchObject({ repositories: 10, scanned: 9, failed: 1, skipped: 0, repositoriesWithFindings: 3, findings: 3, findingsAtHead: 2 });
    const broken = full.repositories.find((r) => r.name === 'acme/broken')!;
    expect(broken.status).toBe('failed');
    expect(broken.error).toMatch(/pack-[0-9a-f]{40}\.pack/);
    expect(broken.error).not.toContain('\n');
    expect(full.repositories.filter((r) => r.name !== 'acme/broken').every((r) => r.status === 'scanned')).toBe(true);

    // critical at HEAD, then at HEAD, then history only, then not scanned, then clean (by name)
    expect(names(full)).toEqual(['acme/api', 'acme/chat', 'acme/web', 'acme/broken', 'acme/cli', 'acme/docs', 'acme/lib', 'acme/ops', 'acme/site', 'acme/tools']);
    expect(full.repositories.map((r) => r.risk).slice(0, 5)).toEqual(['critical-at-head', 'at-head', 'history-only', 'unknown', 'none']);
    for (const name of ['api', 'chat', 'web']) {
      const entry = full.repositories.find((r) => r.name === `${ORG}/${name}`)!;
      expect(entry.findings.map((f) => f.secretHash)).toEqual(org.byName(name).secrets.map(sha256Hex));
      expect(entry.findings.every((f) => f.repository === entry.name && !('secret' in f))).toBe(true);
      expect(entry.tip).toMatch(/^[0-9a-f]{64}$/);
      expect(entry.source).toBe(org.byName(name).repo.dir);
    }
    // the summary table went to stdout, worst first, with the corrupt repository's one-line error
    expect(run.stdout.indexOf('acme/api')).toBeLessThan(run.stdout.indexOf('acme/chat'));
    expect(run.stdout).toContain('critical at HEAD');
    expect(run.stdout).toContain(`acme/broken: failed: ${broken.error}`);
    for (const secret of org.repos.flatMap((r) => r.secrets)) {
      expect(run.stdout + run.stderr + readFileSync(output, 'utf8')).not.toContain(secret);
    }

    // the listing was paged (per_page 3: four pages), with the operator's token (acme/chat is private)
    const listing = emulator.calls.filter((c) => c.path === `/orgs/${ORG}/repos`);
    expect(listing.map((c) => c.query.page ?? '1')).toEqual(['1', '2', '3', '4']);
    expect(listing.every((c) => c.auth?.credential === token && c.query.per_page === '3')).toBe(true);
    // mirrors landed in the cache
    const mirrors = join(work.dir, 'cache', 'mirrors', cacheHost(emulator.url), ORG);
    expect(readdirSync(mirrors).sort()).toEqual(org.repos.map((r) => `${r.name}.git`).sort());
  });

  it('writes SARIF as one run whose artifact URIs start with the repository name', () => {
    const log = JSON.parse(formatSweepSarif(full, { toolVersion: '0.0.0-test' }));
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs).toHaveLength(1);
    const uris = log.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri).sort();
    expect(uris).toEqual(['acme/api/config/aws.env', 'acme/chat/bot/settings.ini', 'acme/web/.env']);
    const fingerprints = log.runs[0].results.map((r: any) => r.partialFingerprints[SWEEP_FINGERPRINT_KEY]);
    expect(new Set(fingerprints).size).toBe(3);
    const notes = log.runs[0].invocations[0].toolExecutionNotifications;
    expect(notes).toContainEqual(expect.objectContaining({ level: 'error', message: { text: expect.stringContaining('acme/broken') } }));
  });

  it('resumes after kill -9: repositories the state recorded are not scanned again, and the result is the same', async () => {
    const cache = join(work.dir, 'cache-killed');
    const state = join(work.dir, 'state-killed');
    const reposDir = join(state, 'repos');
    const recorded = (): string[] => (existsSync(reposDir) ? readdirSync(reposDir).filter((f) => f.endsWith('.json') && !f.startsWith('.')) : []);
    const args = sweepArgs(cache, '--state', state, '--jobs', '1', '--threads', '1', '--format', 'json');

    const child = spawnCommand('sweep', args, env());
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let finished = false;
    void exited.then(() => (finished = true));
    while (recorded().length < 3 && !finished) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    expect(await exited, `the sweep finished before it could be killed: ${stderr}`).toBeNull();

    const records = recorded();
    expect(records.length).toBeGreaterThanOrEqual(3);
    expect(records.length).toBeLessThan(9);
    const before = new Map(records.map((f) => [f, statSync(join(reposDir, f)).mtimeMs]));
    const killedNames = records.map((f) => (JSON.parse(readFileSync(join(reposDir, f), 'utf8')) as { name: string }).name);

    const output = join(work.dir, 'resumed.json');
    const rerun = await runCommand('sweep', [...args, '--output', output], env());
    expect(rerun.code, rerun.stderr).toBe(1);
    const resumed = readResult(output, `exit ${rerun.code}: ${rerun.stderr}${rerun.stdout}`);
    expect(resumed.stats.reused).toBe(records.length);
    for (const [file, mtime] of before) expect(statSync(join(reposDir, file)).mtimeMs, 'a reused record is not rewritten').toBe(mtime);
    for (const name of killedNames) expect(names(resumed)).toContain(name);
    expect(recorded()).toHaveLength(9); // every scanned repository now; the corrupt one is never recorded
    expect(comparable(resumed)).toEqual(comparable(full));
  });

  it('two shards merged give the same result as one run', async () => {
    const cache = join(work.dir, 'cache-shards');
    const files = [join(work.dir, 'shard-1.json'), join(work.dir, 'shard-2.json')];
    const shards = await Promise.all(
      files.map((file, i) => runCommand('sweep', sweepArgs(cache, '--shard', `${i + 1}/2`, '--jobs', '1', '--threads', '1', '--format', 'json', '--output', file), env())),
    );
    shards.forEach((s) => expect([0, 1], s.stderr).toContain(s.code));
    const parts = files.map(readResult);
    expect(parts.map((p) => p.shard)).toEqual([{ index: 1, count: 2 }, { index: 2, count: 2 }]);
    expect(parts.every((p) => p.repositories.length > 0)).toBe(true);
    expect([...names(parts[0]), ...names(parts[1])].sort()).toEqual([...names(full)].sort());

    const mergedFile = join(work.dir, 'merged.json');
    const merge = await runCommand('merge', [...files, '--format', 'json', '--output', mergedFile]);
    expect(merge.code, merge.stderr).toBe(1);
    const merged = readResult(mergedFile);
    expect(merged.shard).toBeUndefined();
    expect(merged.mergedShards).toBeUndefined();
    expect(comparable(merged)).toEqual(comparable(full));
    expect(merged.stats.durationMs).toBe(parts[0].stats.durationMs + parts[1].stats.durationMs);

    const partial = await runCommand('merge', [files[0], '--format', 'json']);
    expect(partial.stderr).toContain('shard(s) 2/2 missing');
    expect((JSON.parse(partial.stdout) as SweepResult).mergedShards).toEqual({ count: 2, indexes: [1] });
  });

  it('a later run fetches the mirrors instead of cloning again, and rescans only the repository whose tip moved', async () => {
    const cache = join(work.dir, 'cache');
    const docsMirror = join(cache, 'mirrors', cacheHost(emulator.url), ORG, 'docs.git');
    const marker = join(docsMirror, 'spillkit-test-marker');
    writeFileSync(marker, 'a re-clone would remove this file\n');
    org.byName('docs').repo.commit({ files: { 'guide.md': '# guide\n' }, message: 'guide' });

    const output = join(work.dir, 'later.json');
    const run = await runCommand('sweep', sweepArgs(cache, '--format', 'json', '--output', output), env());
    expect(run.code, run.stderr).toBe(1);
    const later = readResult(output, `exit ${run.code}: ${run.stderr}${run.stdout}`);
    expect(existsSync(marker)).toBe(true);
    expect(later.stats.reused).toBe(8);
    const tipOf = (result: SweepResult, name: string) => result.repositories.find((r) => r.name === name)!.tip;
    expect(tipOf(later, 'acme/docs')).not.toBe(tipOf(full, 'acme/docs'));
    expect(tipOf(later, 'acme/api')).toBe(tipOf(full, 'acme/api'));
    expect(later.repositories.find((r) => r.name === 'acme/broken')!.status).toBe('failed');
  });

  it('skips a repository the host reports as larger than --max-repo-bytes without cloning it', async () => {
    const cache = join(work.dir, 'cache-size');
    emulator.state.repos.find((r) => r.name === 'ops')!.size = 3 * 1024 * 1024; // KiB: 3 GiB
    try {
      const run = await runCommand('sweep', sweepArgs(cache, '--format', 'json', '--max-repo-bytes', '1G'), env());
      expect(run.code, run.stderr).toBe(1);
      const ops = (JSON.parse(run.stdout) as SweepResult).repositories.find((r) => r.name === 'acme/ops')!;
      expect(ops).toMatchObject({ status: 'skipped', risk: 'unknown' });
      expect(ops.error).toContain('not cloned');
      expect(existsSync(join(cache, 'mirrors', cacheHost(emulator.url), ORG, 'ops.git'))).toBe(false);
    } finally {
      delete emulator.state.repos.find((r) => r.name === 'ops')!.size;
    }
  });

  it('--dry-run lists a user\'s repositories in the shard without cloning anything', async () => {
    const cache = join(work.dir, 'cache-dry');
    const run = await runCommand('sweep', ['--github-user', ORG, '--cache', cache, '--shard', '1/2', '--dry-run'], env());
    expect(run.code, run.stderr).toBe(0);
    const listed = run.stdout.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim().split(/\s+/)[0]);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((name) => shardOf(name, 2) === 1)).toBe(true);
    expect(emulator.calls.some((c) => c.path === `/users/${ORG}/repos`)).toBe(true);
    expect(existsSync(join(cache, 'mirrors'))).toBe(false);
  });
});
