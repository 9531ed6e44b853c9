// The incident store against what a repository (or a crash) can do to it, through the real CLI:
// a damaged or emptied journal stops `respond` instead of redoing every revocation; a link anywhere in
// `.git/spillkit` is refused, never followed; `respond --yes --dry-run` leaves no file anywhere; a
// replacement list left by kill -9 during `rewrite --apply` is removed by the next command.
import { spawn } from 'node:child_process';
import {
  chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync,
  symlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { buildRepo, isolatedHome, type Repo } from '../helpers/repo-builder.js';
import { BIN, REPO_ROOT, runCli, scanJson } from '../helpers/run-cli.js';
import { deactivations, incidentsOf, leakRepo, startAwsLeak, type AwsLeak } from './aws-fixture.js';

const temps: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

/** One line on stderr, nothing else. */
function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter(Boolean);
  expect(lines, stderr).toHaveLength(1);
  return lines[0];
}

/** Every file below `dir` with size, mode and mtime: what "nothing changed" is checked against. */
function listing(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const st = lstatSync(full);
      out.push(`${full} ${st.isDirectory() ? 'dir' : st.size} ${(st.mode & 0o777).toString(8)} ${st.mtimeMs}`);
      if (st.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out;
}

/** A repository whose only leak has no provider API (Postgres): nothing here can reach a network. */
function postgresRepo(seed: string): { repo: Repo; secret: string } {
  const secret = fakeSecret('postgres-uri', seed);
  const repo = buildRepo([
    { files: { 'README.md': '# api\n' }, message: 'init' },
    { files: { 'config/db.yaml': `url: ${secret}\n` }, message: 'db config' },
  ]);
  temps.push(repo.root);
  return { repo, secret };
}

describe('a damaged journal', () => {
  let leak: AwsLeak;
  let repo: Repo;
  let journal: string;
  let intact: string;
  let stoppedAt: string;
  beforeAll(async () => {
    leak = await startAwsLeak('damaged-journal');
    repo = leakRepo(leak);
    temps.push(repo.root);
    const first = await runCli(['respond', repo.dir, '--yes'], { env: leak.env });
    expect(first.code, first.stderr).toBe(1);
    stoppedAt = /Stopped at step (\S+):/.exec(first.stdout)![1];
    for (const key of leak.leaked) expect(deactivations(leak.aws, key.id)).toBe(1);
    journal = join(repo.gitDir, 'spillkit', 'incidents', incidentsOf(repo)[0], 'journal.jsonl');
    intact = readFileSync(journal, 'utf8');
  }, 120_000);
  afterAll(async () => leak?.aws.close());

  const again = async () => {
    leak.aws.calls.length = 0;
    return runCli(['respond', repo.dir, '--yes'], { env: leak.env });
  };

  it('emptied: stops with one line naming the file and how to recover, and revokes nothing again', async () => {
    writeFileSync(journal, '');
    const r = await again();
    expect(r.code).toBe(2);
    const lines = intact.trim().split('\n').length;
    expect(oneLine(r.stderr)).toBe(`spillkit: journal ${journal} is damaged: it holds 0 entries, but ${lines} were written; nothing was run. To recover, restore it from a backup, or start a new incident with \`spillkit respond --new\` (what this one already did, revocations included, is then done again)`);
    expect(leak.aws.calls.filter((c) => c.action === 'UpdateAccessKey')).toEqual([]);
    expect(readFileSync(journal, 'utf8')).toBe('');
  });

  it('truncated: stops the same way', async () => {
    writeFileSync(journal, intact.split('\n').slice(0, 5).join('\n') + '\n');
    const r = await again();
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/is damaged: it holds 5 entries, but \d+ were written; nothing was run/);
    expect(leak.aws.calls.filter((c) => c.action === 'UpdateAccessKey')).toEqual([]);
  });

  it('a garbage line in the middle: stops with the line number', async () => {
    const lines = intact.split('\n');
    lines.splice(3, 0, '{"seq": 4, "ts": "garbage');
    writeFileSync(journal, lines.join('\n'));
    const r = await again();
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe(`spillkit: journal ${journal} is damaged: line 4 is not a journal entry; nothing was run. To recover, restore it from a backup, or fix or delete the bad line(s) (keep a copy first), then retry`);
    expect(leak.aws.calls).toEqual([]);
  });

  it('a torn last line from a crash is still tolerated: respond resumes where it stopped', async () => {
    writeFileSync(journal, intact + '{"seq":999,"ts":"2026-11-21T22:1');
    const r = await again();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`at step ${stoppedAt}`);
    expect(r.stdout).toMatch(/resuming incident/);
    expect(leak.aws.calls.filter((c) => c.action === 'UpdateAccessKey')).toEqual([]);
    expect(readFileSync(journal, 'utf8')).not.toContain('"seq":999');
  });

  it('revoke prints no whole key id, not even in the CloudTrail step', async () => {
    const scan = await scanJson(repo.dir, [], { env: leak.env });
    const finding = scan.report.findings.find((f) => f.rule === 'aws-access-key-id')!;
    const r = await runCli(['revoke', '--finding', finding.fingerprint, '--repo', repo.dir, '--yes'], { env: leak.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('cloudtrail');
    const text = r.stdout + r.stderr + readFileSync(journal, 'utf8');
    for (const key of [...leak.leaked, leak.operator]) expect(text).not.toContain(key.id);
  });
});

describe('links in the incident store', () => {
  it('refuses a .git/spillkit that is a symbolic link, writing nothing where it points', async () => {
    const { repo } = postgresRepo('store-link');
    const elsewhere = tempDir('spillkit-elsewhere-');
    symlinkSync(elsewhere, join(repo.gitDir, 'spillkit'));
    const r = await runCli(['respond', repo.dir, '--yes']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe(`spillkit: ${join(repo.gitDir, 'spillkit')} is a symbolic link: spillkit never writes its incident store through a link; remove the link (move the real directory or file into its place if you need its content) and retry`);
    // scan still reports its findings, with a warning that they were not saved.
    const scan = await runCli(['scan', repo.dir, '--no-progress']);
    expect(scan.code).toBe(1);
    expect(scan.stdout + scan.stderr).toContain(`scan not saved to the incident store: ${join(repo.gitDir, 'spillkit')} is a symbolic link`);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('refuses a linked incidents/ directory and a linked journal, leaving their targets untouched', async () => {
    const { repo } = postgresRepo('inner-link');
    const first = await runCli(['respond', repo.dir, '--yes']);
    expect(first.code, first.stderr).toBe(1);
    const store = join(repo.gitDir, 'spillkit');
    const [incident] = incidentsOf(repo);

    // journal.jsonl -> a file elsewhere
    const journal = join(store, 'incidents', incident, 'journal.jsonl');
    const outside = join(tempDir('spillkit-outside-'), 'journal.jsonl');
    renameSync(journal, outside);
    symlinkSync(outside, journal);
    const before = readFileSync(outside, 'utf8');
    const r1 = await runCli(['respond', repo.dir, '--yes']);
    expect(r1.code).toBe(2);
    expect(oneLine(r1.stderr)).toContain(`spillkit: ${journal} is a symbolic link`);
    expect(readFileSync(outside, 'utf8')).toBe(before);
    rmSync(journal);
    renameSync(outside, journal);

    // incidents/ -> a directory elsewhere
    const moved = join(tempDir('spillkit-incidents-'), 'incidents');
    renameSync(join(store, 'incidents'), moved);
    symlinkSync(moved, join(store, 'incidents'));
    const was = listing(moved);
    const r2 = await runCli(['respond', repo.dir, '--yes']);
    expect(r2.code).toBe(2);
    expect(oneLine(r2.stderr)).toContain(`spillkit: ${join(store, 'incidents')} is a symbolic link`);
    const scan = await runCli(['scan', repo.dir, '--no-progress']);
    expect(scan.stdout + scan.stderr).toContain(`${join(store, 'incidents')} is a symbolic link`);
    expect(listing(moved)).toEqual(was);
  });
});

describe('respond --yes --dry-run', () => {
  it('leaves no temporary directory and changes nothing in the store', async () => {
    const { repo, secret } = postgresRepo('dry-run');
    const scan = await runCli(['scan', repo.dir, '--no-progress']);
    expect(scan.code).toBe(1);
    const store = join(repo.gitDir, 'spillkit');
    const tmp = tempDir('spillkit-dry-tmp-');
    const storeBefore = listing(store);
    const r = await runCli(['respond', repo.dir, '--yes', '--dry-run'], { env: { TMPDIR: tmp } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    // It walked past the plan-rewrite step, the one that used to write its plan to a temp directory.
    expect(r.stdout).toMatch(/done: dry run: would rewrite 1 commit\(s\) on a mirror/);
    expect(r.stdout).not.toContain(secret);
    expect(readdirSync(tmp)).toEqual([]);
    expect(listing(store)).toEqual(storeBefore);
    expect(incidentsOf(repo)).toEqual([]);
  });
});

describe('kill -9 during rewrite --apply', () => {
  it('the replacement list it left is removed by the next command, which says so in one line', async () => {
    const token = fakeSecret('slack-bot-token', 'killed-apply');
    const repo = buildRepo([
      { files: { 'README.md': '# app\n' }, message: 'init' },
      { files: { 'src/alerts.js': `export const hook = "${token}";\nexport const retries = 3;\n` }, message: 'alerts' },
    ]);
    temps.push(repo.root);
    expect((await runCli(['scan', repo.dir, '--no-progress'])).code).toBe(1);

    // A git-filter-repo that answers --version and -h like the real one, then hangs where the real one
    // would be reading the replacement list: the moment to kill spillkit.
    const bin = tempDir('spillkit-fake-filter-repo-');
    const pidFile = join(bin, 'pid');
    const fake = join(bin, 'git-filter-repo');
    writeFileSync(fake, `#!/bin/sh\ncase "$1" in --version|-h) exec /usr/bin/git-filter-repo "$@";; esac\necho $$ > "${pidFile}"\nexec sleep 120\n`);
    chmodSync(fake, 0o755);
    const env = { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: isolatedHome(), GIT_CONFIG_NOSYSTEM: '1', LANG: 'C.UTF-8' };
    const child = spawn(process.execPath, [BIN, 'rewrite', repo.dir, '--apply'], { cwd: REPO_ROOT, env, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const deadline = Date.now() + 60_000;
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8').trim() === '') {
      if (Date.now() > deadline) throw new Error('git-filter-repo was never started');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const store = join(repo.gitDir, 'spillkit');
    const holding = () => secretFiles(store, token);
    expect(holding()).toHaveLength(1);
    expect(statSync(holding()[0]).mode & 0o777).toBe(0o600);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    expect(holding()).toHaveLength(1); // what kill -9 leaves

    const next = await runCli(['scan', repo.dir, '--no-progress']);
    expect(next.code).toBe(1);
    expect(oneLine(next.stderr)).toMatch(/^spillkit: removed 1 file\(s\) of raw secrets left by an interrupted run \(killed before it could clean up\): \S+$/);
    expect(holding()).toEqual([]);
    const [incident] = incidentsOf(repo);
    expect(readFileSync(join(store, 'incidents', incident, 'journal.jsonl'), 'utf8')).toContain('"type":"stale-secret-files-removed"');
    const quiet = await runCli(['scan', repo.dir, '--no-progress']);
    expect(quiet.stderr).toBe('');
  }, 120_000);
});

/** Files in the store holding `secret` in plain text (git's own compressed objects aside). */
function secretFiles(store: string, secret: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (name.endsWith('.git') || name.endsWith('.bundle')) continue;
      const st = lstatSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.isFile() && readFileSync(full).includes(secret)) out.push(full);
    }
  };
  if (existsSync(store)) walk(store);
  return out;
}
