/**
 * One cleanup, start to proof, against a host that behaves like one (host-fixture.ts), from one kind
 * of clone: plan (pull requests, lost signatures, LFS orphans), apply (the clone untouched), push into
 * a protected branch and past the host's read-only pull-request refs, then `--verify-remote` until the
 * host's support has purged what no push can.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RewriteState } from '../../src/rewrite/apply.js';
import type { RewritePlan } from '../../src/rewrite/types.js';
import type { RemoteVerification } from '../../src/rewrite/verify-remote.js';
import { runCli, scanJson } from '../helpers/run-cli.js';
import { sha256 } from './fixtures.js';
import { cloneSnapshot, hostFixture, type CloneKind, type HostFixture } from './host-fixture.js';

interface Report {
  rewrite: { remote?: { clean: boolean; waitingOnHost: boolean; remaining: Array<{ refs: string[] }>; acknowledgedRefs: string[] } };
  openItems: Array<{ kind: string; text: string }>;
  timeline: Array<{ kind: string; text: string }>;
  summary: { inHistory: number };
}

function incidentDir(fx: HostFixture): string {
  const dir = join(fx.cloneGitDir, 'spillkit', 'incidents');
  return join(dir, readdirSync(dir).filter((n) => !n.startsWith('.')).sort().pop()!);
}

export function hostScenario(kind: CloneKind): void {
  describe(`a cleanup from a ${kind}`, () => {
    let fx: HostFixture;
    let out: string;
    let plan: RewritePlan;
    const mirrorLike = kind === 'bare mirror';

    beforeAll(async () => {
      fx = hostFixture(kind, kind.replace(/\s+/g, '-'));
      out = mkdtempSync(join(tmpdir(), 'spillkit-host-plan-'));
      const scan = await scanJson(fx.clone);
      const hashes = scan.report.findings.map((f) => f.secretHash);
      expect(hashes).toContain(sha256(fx.envSecret));
      expect(hashes).toContain(sha256(fx.token));
      // A mirror has the pull-request refs itself; every other clone asks the remote for them.
      const planned = await runCli(['plan-rewrite', fx.clone, '--out', out, '--json', ...(mirrorLike ? [] : ['--query-remote'])]);
      expect(planned.code, planned.stderr).toBe(0);
      plan = planned.json as RewritePlan;
    }, 120_000);

    afterAll(() => {
      fx?.cleanup();
      if (out) rmSync(out, { recursive: true, force: true });
    });

    it('plans the broken pull requests, the lost signatures and the orphaned LFS object before anything changes', () => {
      const pr = plan.pullRequests;
      if (mirrorLike) {
        expect(pr.source).toBe('mirror');
        expect(pr.affected.map((e) => e.number)).toEqual(fx.pullRequests.affected);
        expect(pr.unknown).toEqual([]);
      } else {
        expect(pr.source).toBe('ls-remote');
        // The fork's head is on the host only: this clone cannot tell, so it says so.
        expect(pr.affected.map((e) => e.number)).toEqual([1]);
        expect(pr.unknown.map((e) => e.number)).toEqual([fx.pullRequests.forkOnly]);
      }
      expect(pr.total).toBe(3);
      expect(plan.lfs.orphanCandidates).toEqual([fx.lfsOrphan]);
      expect(plan.lfs.inUse).toBe(true);
      const md = readFileSync(join(out, 'PLAN.md'), 'utf8');
      expect(md).toContain('## Before you push');
      expect(md).toMatch(/pull request\(s\) will show broken diffs\*\* and keep serving the old commits until the host purges them: #1/);
      if ('commit' in fx.signed) {
        expect(plan.signedCommits).toContain(fx.signed.commit);
        expect(plan.signedTags).toContain(fx.signed.tag);
        expect(md).toContain(`signed commit(s) lose their signatures**: \`${fx.signed.commit.slice(0, 12)}\``);
        expect(md).toMatch(/signed tag\(s\) lose their signatures\*\* \(re-sign them\): `refs\/tags\/v1`/);
      } else {
        console.warn(`signed-commit case skipped: ${fx.signed.skipped}`);
      }
      const support = readFileSync(join(out, 'SUPPORT-REQUEST.md'), 'utf8');
      expect(support).toMatch(/Pull requests whose refs still hold the old commits: \d+ \(#1/);
      expect(support).toContain(fx.lfsOrphan);
      expect(support).not.toContain(fx.lfsKept);
      // The branches are the remote's in a bare clone or mirror: pushed under their own names.
      if (kind === 'bare clone' || kind === 'bare mirror') {
        expect(plan.refs.find((r) => r.name === 'refs/heads/main')).toMatchObject({ action: 'force-push', remote: 'origin', remoteRef: 'refs/heads/main' });
      } else {
        expect(plan.refs.find((r) => r.name === 'refs/remotes/origin/main')).toMatchObject({ action: 'force-push', remote: 'origin', remoteRef: 'refs/heads/main' });
      }
    });

    it('applies on a mirror without touching the clone, and counts the orphaned LFS object exactly', async () => {
      const before = cloneSnapshot(fx);
      const applied = await runCli(['rewrite', fx.clone, '--apply', '--json'], { timeoutMs: 120_000 });
      expect(applied.code, applied.stderr).toBe(0);
      expect((applied.json as { verification: { ok: boolean } }).verification.ok).toBe(true);
      expect(cloneSnapshot(fx)).toBe(before);

      const dir = incidentDir(fx);
      const state = JSON.parse(readFileSync(join(dir, 'rewrite-state.json'), 'utf8')) as RewriteState;
      expect(state.sensitiveData?.lfsOrphans).toEqual([fx.lfsOrphan]);
      expect(state.sensitiveData?.firstChangedCommits).toEqual([fx.envCommit]);
      expect(state.sensitiveData?.changedRefs).toContain(mirrorLike || kind === 'bare clone' ? 'refs/heads/main' : 'refs/remotes/origin/main');
      const support = readFileSync(join(dir, 'SUPPORT-REQUEST.md'), 'utf8');
      expect(support).toContain(`Orphaned Git LFS objects (1; no pointer in the rewritten history names them)`);
      expect(support).toContain(fx.envCommit);
    });

    it('pushes past a protected branch and the host\'s read-only pull-request refs, after saying what breaks', async () => {
      const pullBefore = fx.host.git(['for-each-ref', '--format=%(objectname) %(refname)', 'refs/pull/']);
      fx.protectMain(true);
      const first = await runCli(['rewrite', fx.clone, '--push', '--yes']);
      expect(first.code).toBe(2);
      expect(first.stdout).toContain('no way back after this push:');
      expect(first.stdout).toMatch(/pull request\(s\) will show broken diffs until the host purges them: #1/);
      if ('commit' in fx.signed) expect(first.stdout).toContain(`lose their signatures: ${fx.signed.commit.slice(0, 12)}`);
      expect(first.stdout).toMatch(/REJECTED\s+refs\/heads\/main/);
      expect(first.stdout).toMatch(/pushed\s+refs\/heads\/feature/);
      expect(first.stdout).toMatch(/skipped\s+refs\/pull\/1\/head: read-only on the host/);
      expect(first.stdout).not.toMatch(/(pushed|REJECTED)\s+refs\/pull\//);
      fx.protectMain(false);
      const second = await runCli(['rewrite', fx.clone, '--push', '--yes', '--json']);
      expect(second.code, second.stderr).toBe(0);
      expect((second.json as { results: Array<{ ref: string; status: string }> }).results).toEqual([{ ref: 'refs/heads/main', status: 'pushed' }]);
      expect(fx.host.git(['for-each-ref', '--format=%(objectname) %(refname)', 'refs/pull/'])).toBe(pullBefore);
      const support = readFileSync(join(incidentDir(fx), 'SUPPORT-REQUEST.md'), 'utf8');
      // Counted from the remote at push time, whatever the clone knew.
      expect(support).toMatch(/the refs the repository serves \(git ls-remote\)/);
    });

    it('verifies the remote: the pull-request refs still hold the secrets, until the host purges them', async () => {
      const dirty = await runCli(['rewrite', fx.clone, '--verify-remote', '--json'], { timeoutMs: 120_000 });
      expect(dirty.code, dirty.stderr).toBe(1);
      const v = dirty.json as RemoteVerification;
      expect(v.clean).toBe(false);
      expect(v.waitingOnHost).toBe(false);
      expect(v.remaining).toHaveLength(2);
      for (const r of v.remaining) {
        expect(r.refs).toEqual(['refs/pull/1/head', 'refs/pull/3/head']);
        expect(r.pushableRefs).toEqual([]);
      }
      expect(v.pullRequests.affected.map((e) => e.number)).toEqual([1, 3]);
      expect(JSON.stringify(v)).not.toContain(fx.envSecret);
      expect(JSON.stringify(v)).not.toContain(fx.token);
      // The clone that held the secrets is gone.
      expect(readdirSync(incidentDir(fx)).filter((n) => n.startsWith('verify-remote-'))).toEqual([]);

      const text = await runCli(['rewrite', fx.clone, '--verify-remote'], { timeoutMs: 120_000 });
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/STILL REACHABLE: 2 of 2 planned secret\(s\)/);
      expect(text.stdout).toMatch(/refs\/pull\/1\/head {2}pull request #1: only the host can purge it/);
      let report = (await runCli(['report', fx.clone, '--format', 'json'])).json as Report;
      expect(report.rewrite.remote).toMatchObject({ clean: false, waitingOnHost: false });
      expect(report.openItems.some((o) => o.kind === 'host' && o.text.includes('refs/pull/1/head'))).toBe(true);
      expect(report.timeline.some((t) => t.kind === 'remote-verified' && t.text.includes('refs/pull/3/head'))).toBe(true);
      const support = readFileSync(join(incidentDir(fx), 'SUPPORT-REQUEST.md'), 'utf8');
      expect(support).toContain('Pull requests whose refs still hold the old commits: 2 (#1, #3), of 3 seen in a fresh clone');

      const ack = await runCli(['rewrite', fx.clone, '--verify-remote', '--acknowledge-host-refs', '--json'], { timeoutMs: 120_000 });
      expect(ack.code, ack.stderr).toBe(0);
      expect(ack.json).toMatchObject({ clean: false, waitingOnHost: true, acknowledged: ['refs/pull/1/head', 'refs/pull/3/head'] });
      report = (await runCli(['report', fx.clone, '--format', 'json'])).json as Report;
      expect(report.rewrite.remote).toMatchObject({ waitingOnHost: true, acknowledgedRefs: ['refs/pull/1/head', 'refs/pull/3/head'] });
      expect(report.openItems.some((o) => o.text.includes('still reachable on the remote'))).toBe(false);
      expect(report.timeline.some((t) => t.kind === 'host-refs-acknowledged')).toBe(true);

      fx.supportPurge();
      const clean = await runCli(['rewrite', fx.clone, '--verify-remote', '--json'], { timeoutMs: 120_000 });
      expect(clean.code, clean.stderr).toBe(0);
      expect(clean.json).toMatchObject({ clean: true, remaining: [], pullRequestRefs: 0 });
      report = (await runCli(['report', fx.clone, '--format', 'json'])).json as Report;
      expect(report.rewrite.remote).toMatchObject({ clean: true, remaining: [] });
      expect(report.summary.inHistory).toBe(0);
      expect(existsSync(join(incidentDir(fx), 'remote-verification.json'))).toBe(true);
    }, 240_000);
  });
}
