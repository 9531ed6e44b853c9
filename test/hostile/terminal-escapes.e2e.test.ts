// A crafted repository must not drive the terminal of whoever runs spillkit on it. File names, the
// author, branch and tag names and commit messages hold OSC and CSI sequences, BEL, a bare CR, a C1
// CSI, bidi overrides and zero-width characters; every human-facing output of the real CLI (scan text
// and CSV, respond's plan and --yes run, plan-rewrite, report, warnings and errors on stderr) shows
// them escaped, and JSON carries them exactly while holding none of them raw.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import type { ScanReport } from '../../src/scan/finding.js';
import { hostile, rawUnsafe } from '../helpers/hostile-text.js';
import { initRepo, type Repo } from '../helpers/repo-builder.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';

const names = {
  keyFile: `${hostile('keys/id')}.pem`,
  envFile: `${hostile('conf/db')}.env`,
  author: hostile('Mallory'),
  message: hostile('add config'),
  // git accepts bytes from 0x80 up in ref names (C1 in UTF-8, bidi, zero-width), not control bytes:
  // a ref holding those is written as a file (see the last test).
  rawBranch: hostile('esc'),
  branch: 'feat\u202e\u2066\u200b\u009b',
  tag: 'v1\u202e\ufeff',
};

let repo: Repo;
/** One scan of the repository, to know what every output should mention. */
let report: ScanReport;

beforeAll(async () => {
  repo = initRepo();
  repo.commit({ files: { 'README.md': '# app\n' }, message: 'init' });
  const main = repo.commit({
    files: {
      [names.keyFile]: fakeSecret('private-key-rsa', 'terminal-escapes'),
      [names.envFile]: `DATABASE_URL=${fakeSecret('postgres-uri', 'terminal-escapes')}\n`,
    },
    message: `${names.message}\n\nold url ${fakeSecret('mysql-uri', 'terminal-escapes')}\n`,
    author: { name: names.author, email: 'mallory@example.test' },
  });
  repo.commit({ branch: names.branch, from: 'main', files: { 'x.txt': 'x\n' }, message: hostile('branch commit') });
  repo.tag(names.tag, main, hostile('tag message'));
  repo.checkoutHead();

  const scanned = await runCli(['scan', repo.dir, '--format', 'json', '--no-progress']);
  expect(scanned.code, scanned.stderr).toBe(1);
  report = scanned.json as ScanReport;
}, 60_000);

afterAll(() => repo?.cleanup());

/** Neither stream holds a raw unsafe character (CSV's CRLF record ends aside, when asked). */
function expectClean(result: CliResult, opts: { crlf?: boolean } = {}): void {
  const stdout = opts.crlf ? result.stdout.replace(/\r\n/g, '\n') : result.stdout;
  expect(rawUnsafe(stdout), 'stdout').toEqual([]);
  expect(rawUnsafe(result.stderr), 'stderr').toEqual([]);
}

describe('a repository whose names drive the terminal', () => {
  it('has findings that carry every hostile name (JSON keeps them exact, and holds none raw)', async () => {
    const paths = report.findings.map((f) => f.path);
    expect(paths).toContain(names.keyFile);
    expect(paths).toContain(names.envFile);
    const inMessage = report.findings.find((f) => f.source === 'commit-message');
    expect(inMessage?.author).toBe(names.author);
    const refs = report.findings.flatMap((f) => f.refs);
    expect(refs).toContain(`refs/heads/${names.branch}`);
    expect(refs).toContain(`refs/tags/${names.tag}`);
    const again = await runCli(['scan', repo.dir, '--format', 'json', '--no-progress']);
    expectClean(again);
  });

  it('scan text and CSV show them escaped', async () => {
    const text = await runCli(['scan', repo.dir, '--no-progress']);
    expect(text.code, text.stderr).toBe(1);
    expectClean(text);
    expect(text.stdout).toContain('keys/id\\x1b]0;pwned-title\\x07\\x1b[2J\\x0d\\x9b31m\\u202e\\u2066\\u200b\\ufeffend.pem');
    expect(text.stdout).toContain('Mallory\\x1b');
    const csv = await runCli(['scan', repo.dir, '--format', 'csv', '--no-progress']);
    expect(csv.code, csv.stderr).toBe(1);
    expectClean(csv, { crlf: true });
    expect(csv.stdout).toContain('conf/db\\x1b]0;pwned-title');
  });

  it('respond without a terminal prints the plan escaped', async () => {
    const plan = await runCli(['respond', repo.dir]);
    expect(plan.code, plan.stderr).toBe(1);
    expectClean(plan);
    expect(plan.stdout).toContain('keys/id\\x1b]0;pwned-title');
  });

  it('respond --yes --dry-run prints every step escaped', async () => {
    const run = await runCli(['respond', repo.dir, '--yes', '--dry-run'], { timeoutMs: 120_000 });
    expect([0, 1], run.stderr).toContain(run.code);
    expectClean(run);
    // Provider steps name each finding's path; the scan and triage lines came before.
    expect(run.stdout).toContain('in keys/id\\x1b]0;pwned-title\\x07');
  }, 150_000);

  it('plan-rewrite and report --format md are escaped', async () => {
    const planned = await runCli(['plan-rewrite', repo.dir, '--out', join(repo.root, 'plan')]);
    expect(planned.code, planned.stderr).toBe(0);
    expectClean(planned);
    const dry = await runCli(['plan-rewrite', repo.dir, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expectClean(dry);
    const md = await runCli(['report', repo.dir, '--format', 'md']);
    expect([0, 1], md.stderr).toContain(md.code);
    expectClean(md);
    expect(md.stdout).toContain('keys/id');
  }, 120_000);

  it('an error naming a value from the user or the repository is one escaped line', async () => {
    const bad = await runCli(['scan', repo.dir, '--since', hostile('refs/heads/nope'), '--no-progress']);
    expect(bad.code).toBe(2);
    expectClean(bad);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const unknown = await runCli([hostile('scan')]);
    expect(unknown.code).toBe(2);
    expectClean(unknown);
  });

  it('a warning naming a rule of a config file is escaped on stderr', async () => {
    // A repository's own gitleaks rule the linear engine cannot run is skipped with a warning that
    // names it; TOML spells the bytes as \u escapes.
    const config = join(repo.dir, '.gitleaks.toml');
    writeFileSync(config, '[[rules]]\nid = "skipped\\u001b]0;pwned\\u0007\\r\\u009b\\u202e"\nregex = "acme[a-z]{2000}"\nkeywords = ["acme"]\n');
    try {
      const scanned = await runCli(['scan', repo.dir, '--format', 'json', '--no-progress']);
      expect(scanned.code, scanned.stderr).toBe(1);
      expect(scanned.stderr).toContain('skipped\\x1b]0;pwned\\x07\\x0d\\x9b\\u202e');
      expectClean(scanned);
    } finally {
      rmSync(config);
    }
  });

  // Last: a name git refuses (control bytes) is not read as a ref; the scan says so, escaped, and marks
  // its provenance as incomplete rather than presenting findings as unreachable.
  it('a ref whose name holds control bytes (written as a file) is named escaped and makes refs incomplete', async () => {
    const rawRef = join(repo.gitDir, 'refs', 'heads', names.rawBranch);
    mkdirSync(dirname(rawRef), { recursive: true });
    writeFileSync(rawRef, `${repo.rev('main')}\n`);
    try {
      const json = await runCli(['scan', repo.dir, '--format', 'json', '--no-progress']);
      const report = json.json as ScanReport;
      expect(report.stats.refsComplete).toBe(false);
      expect(json.stderr).toContain('refs/heads/esc\\u001b]0;pwned-title\\u0007\\u001b[2J\\r');
      expectClean(json);
      const text = await runCli(['scan', repo.dir, '--no-progress']);
      expectClean(text);
      const plan = await runCli(['respond', repo.dir]);
      expectClean(plan);
    } finally {
      rmSync(rawRef);
    }
  });
});
