// The "done when": on a repository with an .env leak in an old commit and a token inline in a
// source file on two branches and a tag, `rewrite --apply` yields a mirror where a fresh scan finds
// neither secret, everything else is identical, and the plan lists every ref to force-push.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RewritePlan } from '../../src/rewrite/types.js';
import { runCli, scanJson } from '../helpers/run-cli.js';
import { filesBelow, leakFixture, sha256, type LeakFixture } from './fixtures.js';

let fx: LeakFixture;
let out: string;
let plan: RewritePlan;
let applied: { incident: string; mirror: string; backup: string; verification: { ok: boolean; content: { commitsCompared: number }; metadata: { commitsBefore: number; commitsAfter: number; messagesChanged: number } } };

beforeAll(async () => {
  fx = leakFixture();
  out = mkdtempSync(join(tmpdir(), 'spillkit-plan-'));
  const scan = await scanJson(fx.repo.dir);
  expect(scan.report.findings.some((f) => f.secretHash === sha256(fx.envSecret))).toBe(true);
  expect(scan.report.findings.some((f) => f.secretHash === sha256(fx.token))).toBe(true);
  const planned = await runCli(['plan-rewrite', fx.repo.dir, '--out', out, '--json']);
  expect(planned.code, planned.stderr).toBe(0);
  plan = planned.json as RewritePlan;
  const apply = await runCli(['rewrite', fx.repo.dir, '--apply', '--json']);
  expect(apply.code, apply.stderr + apply.stdout).toBe(0);
  applied = apply.json as typeof applied;
});

afterAll(() => {
  fx?.repo.cleanup();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('plan-rewrite', () => {
  it('removes the .env file from all history and replaces the inline token', () => {
    const env = plan.findings.find((f) => f.path === '.env')!;
    const inline = plan.findings.find((f) => f.path === 'src/config.js')!;
    expect(env.operation).toBe('remove-file');
    expect(inline.operation).toBe('replace-text');
    expect(inline.replacement).toMatch(/^\*\*\*REMOVED:[a-z0-9-]+\*\*\*$/);
    expect(plan.removePaths).toEqual(['.env']);
    expect(plan.gitignore).toEqual(['.env']);
    expect(plan.earliestCommits).toEqual([fx.envCommit]);
  });

  it('lists every ref to force-push: both branches and the tag on origin, not the clean branch', () => {
    const pushes = plan.refs.filter((r) => r.action === 'force-push').map((r) => `${r.name} -> ${r.remote} ${r.remoteRef}`);
    expect(pushes.sort()).toEqual([
      'refs/remotes/origin/feature -> origin refs/heads/feature',
      'refs/remotes/origin/main -> origin refs/heads/main',
      'refs/tags/v1 -> origin refs/tags/v1',
    ]);
    expect(plan.refs.map((r) => r.name)).not.toContain('refs/heads/clean');
    expect(plan.refs.find((r) => r.name === 'refs/heads/main')?.action).toBe('rewrite-local');
    const rewritten = fx.repo.git(['rev-list', '--ancestry-path', `${fx.envCommit}^..refs/heads/main`, `${fx.envCommit}^..refs/heads/feature`]).split('\n').filter(Boolean);
    expect([...plan.rewrittenCommits].sort()).toEqual([...new Set(rewritten)].sort());
  });

  it('writes PLAN.md, an executable rewrite.sh and the JSON plan, none holding a secret', () => {
    const md = readFileSync(join(out, 'PLAN.md'), 'utf8');
    const sh = readFileSync(join(out, 'rewrite.sh'), 'utf8');
    expect(md).toContain('refs/remotes/origin/feature');
    expect(md).toContain('git reflog expire --expire=now --all');
    expect(sh).toMatch(/^#!\/usr\/bin\/env bash\n/);
    expect(sh).toContain('set -euo pipefail');
    expect(sh.indexOf('bundle create')).toBeLessThan(sh.indexOf('filter-repo --force'));
    expect(sh).toContain("--force-with-lease=refs/heads/main:");
    expect(sh).toContain('--replace-text "$EXPRESSIONS"');
    expect(sh).toContain('bfg.jar --delete-files .env');
    for (const f of ['PLAN.md', 'rewrite.sh', 'rewrite-plan.json']) {
      const text = readFileSync(join(out, f), 'utf8');
      expect(text).not.toContain(fx.envSecret);
      expect(text).not.toContain(fx.token);
    }
  });
});

describe('rewrite --apply', () => {
  it('verifies the mirror: re-scan clean, content identical, metadata preserved', () => {
    expect(applied.verification.ok).toBe(true);
    expect(applied.verification.content.commitsCompared).toBe(plan.rewrittenCommits.length);
    expect(applied.verification.metadata.commitsAfter).toBe(applied.verification.metadata.commitsBefore);
    expect(applied.mirror.startsWith(join(fx.repo.gitDir, 'spillkit', 'incidents'))).toBe(true);
    expect(existsSync(applied.backup)).toBe(true);
  });

  it('leaves a mirror where a fresh scan finds neither secret', async () => {
    const rescan = await scanJson(applied.mirror);
    const hashes = rescan.report.findings.map((f) => f.secretHash);
    expect(hashes).not.toContain(sha256(fx.envSecret));
    expect(hashes).not.toContain(sha256(fx.token));
  });

  it('keeps every other file byte-identical and only swaps the token in src/config.js', () => {
    const git = (args: string[]) => fx.repo.git(['--git-dir', applied.mirror, ...args]);
    const tree = (g: (a: string[]) => string, rev: string) => g(['ls-tree', '-r', rev]).split('\n').filter(Boolean);
    for (const ref of ['refs/heads/main', 'refs/heads/feature', 'refs/tags/v1', 'refs/heads/clean']) {
      const before = tree((a) => fx.repo.git(a), ref).filter((l) => !l.endsWith('\tsrc/config.js'));
      const after = tree(git, ref).filter((l) => !l.endsWith('\tsrc/config.js'));
      expect(after, ref).toEqual(before);
    }
    const config = git(['show', 'refs/heads/main:src/config.js']);
    const original = fx.repo.git(['show', 'refs/heads/main:src/config.js']);
    expect(config).toBe(original.replace(fx.token, config.match(/\*\*\*REMOVED:[^*]+\*\*\*/)![0]));
    expect(git(['rev-parse', 'refs/heads/clean']).trim()).toBe(fx.repo.rev('refs/heads/clean'));
    expect(git(['log', '--format=%an %ad %s', 'refs/heads/main'])).toBe(fx.repo.git(['log', '--format=%an %ad %s', 'refs/heads/main']).replace(fx.envCommit.slice(0, 10), git(['log', '--format=%s', 'refs/heads/main']).match(/\(see ([0-9a-f]{10})\)/)![1]));
  });

  it('journals every step, wrote the replacement list 0600 and removed it, and holds no secret', () => {
    const incidentDir = join(fx.repo.gitDir, 'spillkit', 'incidents', applied.incident);
    const journal = readFileSync(join(incidentDir, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const types = journal.map((e) => e.type);
    for (const t of ['rewrite-planned', 'rewrite-apply-started', 'rewrite-backup-created', 'rewrite-expressions-written', 'rewrite-expressions-removed', 'rewrite-filter-repo-done', 'rewrite-verified', 'rewrite-apply-finished']) {
      expect(types).toContain(t);
    }
    const written = journal.find((e) => e.type === 'rewrite-expressions-written');
    expect(written.data.mode).toBe('600');
    expect(existsSync(written.data.file)).toBe(false);
    expect(journal.find((e) => e.type === 'rewrite-expressions-removed').data.removed).toBe(true);
    expect(journal.find((e) => e.type === 'rewrite-verified').data.ok).toBe(true);
    const files = filesBelow(join(fx.repo.gitDir, 'spillkit'), (p) => p.endsWith('mirror.git') || p.endsWith('.bundle'));
    expect(files.some((f) => f.endsWith('verification.json'))).toBe(true);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toContain(fx.envSecret);
      expect(text, f).not.toContain(fx.token);
    }
  });
});

describe('rewrite --push', () => {
  it('needs --yes without a TTY, then moves exactly the changed refs of origin with leases', async () => {
    const refused = await runCli(['rewrite', fx.repo.dir, '--push']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    const before = fx.origin.git(['for-each-ref', '--format=%(objectname) %(refname)']);
    const dry = await runCli(['rewrite', fx.repo.dir, '--push', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const moves = (dry.json as { moves: Array<{ ref: string; oldId: string; newId: string }> }).moves;
    expect(moves.map((m) => m.ref).sort()).toEqual(['refs/heads/feature', 'refs/heads/main', 'refs/tags/v1']);
    expect(fx.origin.git(['for-each-ref', '--format=%(objectname) %(refname)'])).toBe(before);

    const pushed = await runCli(['rewrite', fx.repo.dir, '--push', '--yes']);
    expect(pushed.code, pushed.stderr).toBe(0);
    for (const m of moves) expect(fx.origin.rev(m.ref)).toBe(m.newId);
    expect(fx.origin.rev('refs/heads/clean')).toBe(fx.repo.rev('refs/heads/clean'));
    fx.origin.git(['gc', '-q', '--prune=now']);
    const scan = await scanJson(fx.origin.dir);
    expect(scan.report.findings.map((f) => f.secretHash)).not.toContain(sha256(fx.token));
    expect(scan.report.findings.map((f) => f.secretHash)).not.toContain(sha256(fx.envSecret));
  });
});
