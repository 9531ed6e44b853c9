import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { isolatedHome } from '../helpers/repo-builder.js';
import { builtRunner, fakeAdapters, journalOf, leakRepo, writePlaybook, type LeakRepo } from './helpers.js';

/**
 * kill -9 at a known point of a real process, then a new runner resumes from the journal alone: the
 * steps done stay done, the decisions stay made, the interrupted step runs again.
 */
const CHILD = join(REPO_ROOT, 'test', 'playbook', 'fixtures', 'resume-child.mjs');
const made: LeakRepo[] = [];
afterEach(() => {
  for (const f of made.splice(0)) rmSync(f.repo.root, { recursive: true, force: true });
});

/** Starts the child, waits for READY, kills it with SIGKILL. */
function runAndKill(repoPath: string, playbook: string, stopAt: 'triage' | 'revoke'): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, repoPath, playbook, stopAt], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: isolatedHome(), GIT_CONFIG_NOSYSTEM: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      if (String(d).includes('READY')) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`child exited ${code} before READY: ${stderr}`));
    });
  });
}

describe('resume after kill -9', () => {
  it('killed mid-triage: the scan is not redone and the decision made is kept', async () => {
    const fixture = leakRepo('resume-triage');
    made.push(fixture);
    const playbook = writePlaybook(fixture.repo.root);
    await runAndKill(fixture.repo.dir, playbook, 'triage');

    const PlaybookRunner = await builtRunner();
    const fakes = fakeAdapters();
    const runner = PlaybookRunner.open({ repoPath: fixture.repo.dir, toolVersion: 'test', threads: 1, adapterFor: fakes.adapterFor, hasRevokeApi: fakes.hasRevokeApi, reportWriter: async () => null });
    try {
      const snap = runner.snapshot();
      expect(runner.playbook.id).toBe('test-walk'); // from the journal, not a flag
      expect(snap.incident.resumed).toBe(true);
      expect(snap.current).toBe('triage');
      expect(snap.steps.map((s) => s.status)).toEqual(['done', 'needs-user', 'pending', 'pending', 'pending']);
      const dismissed = snap.findings.filter((f) => f.decision !== null);
      expect(dismissed).toEqual([expect.objectContaining({ provider: 'slack', decision: 'false-positive', reason: 'test token, never deployed' })]);
      runner.start();
      const journal = journalOf(snap.incident.dir!);
      expect(journal.filter((e) => e.type === 'step-started' && e.step === 'scan')).toHaveLength(1);
      expect(journal.map((e) => e.type)).toContain('lock-taken-over');
      expect(journal[journal.length - 1]).toMatchObject({ type: 'respond-resumed', data: { at: 'triage' } });
    } finally {
      runner.release();
    }
  });

  it('killed inside a provider call: revoke is interrupted, and runs again on resume', async () => {
    const fixture = leakRepo('resume-revoke');
    made.push(fixture);
    await runAndKill(fixture.repo.dir, writePlaybook(fixture.repo.root), 'revoke');

    const PlaybookRunner = await builtRunner();
    const fakes = fakeAdapters();
    const runner = PlaybookRunner.open({ repoPath: fixture.repo.dir, toolVersion: 'test', threads: 1, adapterFor: fakes.adapterFor, hasRevokeApi: fakes.hasRevokeApi, reportWriter: async () => null });
    runner.subscribe((e) => {
      if (e.type === 'confirm') queueMicrotask(() => runner.answer(e.id, true));
    });
    try {
      const snap = runner.snapshot();
      expect(snap.current).toBe('revoke');
      expect(snap.steps.map((s) => s.status)).toEqual(['done', 'done', 'interrupted', 'pending', 'pending']);
      const aws = snap.findings.filter((f) => f.provider === 'aws');
      expect(aws.some((f) => f.revoke === 'interrupted')).toBe(true);
      expect(snap.findings.filter((f) => f.decision === 'confirmed')).toHaveLength(3);
      expect(snap.findings.find((f) => f.provider === 'slack')).toMatchObject({ decision: 'false-positive' });

      runner.start();
      const result = await runner.run();
      // The AWS key is revoked now (asked again: the old answer was for a call that never finished);
      // the Postgres console steps wait for a person.
      expect(result).toMatchObject({ status: 'needs-user', step: 'revoke' });
      expect(fakes.calls.filter((c) => c.method === 'revoke').map((c) => c.provider)).toEqual(['aws']);
      const journal = journalOf(snap.incident.dir!);
      const resumedAt = journal.findIndex((e) => e.type === 'respond-resumed');
      expect(journal.slice(0, resumedAt).some((e) => e.type === 'revoke-attempt')).toBe(true);
      expect(journal.slice(0, resumedAt).some((e) => e.type === 'revoked')).toBe(false);
      expect(journal.slice(resumedAt).filter((e) => e.type === 'confirmation-requested')).toHaveLength(1);
      expect(journal.slice(resumedAt).filter((e) => e.type === 'revoked')).toHaveLength(2); // the pair
      expect(journal.filter((e) => e.type === 'step-started' && e.step === 'scan')).toHaveLength(1);
    } finally {
      runner.release();
    }
  });
});
