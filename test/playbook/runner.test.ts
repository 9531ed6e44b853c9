import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunnerEvent } from '../../src/playbook/events.js';
import type { RunnerOptions } from '../../src/playbook/runner.js';
import { builtRunner, fakeAdapters, journalOf, leakRepo, writePlaybook, type LeakRepo } from './helpers.js';

/**
 * The runner on a real repository, end to end through the real scanner and rewrite planner, with fake
 * provider adapters for the API providers and the real console-only adapter for Postgres.
 */
let fixture: LeakRepo;
let playbookFile: string;
let PlaybookRunner: Awaited<ReturnType<typeof builtRunner>>;

beforeAll(async () => {
  PlaybookRunner = await builtRunner();
  fixture = leakRepo('runner');
  playbookFile = writePlaybook(fixture.repo.root);
});
afterAll(() => fixture && rmSync(fixture.repo.root, { recursive: true, force: true }));

function options(extra: Partial<RunnerOptions> = {}): RunnerOptions {
  const fakes = fakeAdapters();
  return {
    repoPath: fixture.repo.dir, playbook: playbookFile, toolVersion: 'test', threads: 1,
    adapterFor: fakes.adapterFor, hasRevokeApi: fakes.hasRevokeApi, reportWriter: async () => null,
    baselineFile: join(fixture.repo.root, 'baseline.txt'),
    ...extra,
  };
}

describe('PlaybookRunner on a repository with a fresh leak', () => {
  it('walks scan -> triage -> revoke -> plan-rewrite -> report, journaling every transition', async () => {
    const fakes = fakeAdapters();
    const runner = PlaybookRunner.open(options({ adapterFor: fakes.adapterFor }));
    const events: RunnerEvent[] = [];
    runner.subscribe((e) => {
      events.push(e);
      if (e.type === 'confirm') queueMicrotask(() => runner.answer(e.id, true));
    });
    try {
      runner.start();
      let result = await runner.run();
      expect(result).toMatchObject({ status: 'needs-user', step: 'triage' });
      const snap = runner.snapshot();
      expect(snap.steps.map((s) => s.status)).toEqual(['done', 'needs-user', 'pending', 'pending', 'pending']);
      expect(snap.findings.map((f) => f.provider).sort()).toEqual(['aws', 'aws', 'postgres', 'slack']);
      expect(events.some((e) => e.type === 'scan-progress')).toBe(true);

      // Triage: the Slack token is a test value (to the baseline); the rest is real.
      const slack = snap.findings.find((f) => f.provider === 'slack')!;
      expect(() => runner.decide(slack.fingerprint, 'false-positive', '  ')).toThrow(/needs a reason/);
      runner.decide(slack.fingerprint, 'false-positive', 'a revoked test token from the docs', { baseline: true });
      expect(runner.decideAll('confirmed', 'real')).toBe(3);
      expect(readFileSync(join(fixture.repo.root, 'baseline.txt'), 'utf8')).toContain(`${slack.fingerprint}  # false-positive: a revoked test token`);

      // Revoke: AWS through the (fake) API after a confirmation, once for the pair; Postgres by hand.
      result = await runner.run();
      expect(result).toMatchObject({ status: 'needs-user', step: 'revoke' });
      expect(fakes.calls.filter((c) => c.method === 'revoke').map((c) => c.provider)).toEqual(['aws']);
      const revoke = runner.snapshot().steps.find((s) => s.id === 'revoke')!;
      const postgres = snap.findings.find((f) => f.provider === 'postgres')!;
      expect(revoke.checklist.length).toBeGreaterThan(0);
      expect(revoke.checklist.every((c) => c.fingerprint === postgres.fingerprint && !c.checked)).toBe(true);
      revoke.checklist.forEach((_item, index) => runner.tick('revoke', index));

      result = await runner.run();
      expect(result).toEqual({ status: 'finished' });
      expect(fakes.calls.filter((c) => c.method === 'revoke')).toHaveLength(1); // not asked twice
      const final = runner.snapshot();
      expect(final.steps.every((s) => s.status === 'done')).toBe(true);
      expect(final.findings.find((f) => f.provider === 'slack')).toMatchObject({ decision: 'false-positive', revoke: null });
      expect(events.filter((e) => e.type === 'finished')).toHaveLength(1);

      const journal = journalOf(final.incident.dir!);
      const types = journal.map((e) => e.type);
      expect(types[0]).toBe('respond-started');
      expect(types).toContain('scan-finished');
      expect(types).toContain('rewrite-planned');
      expect(types).toContain('report-todo');
      expect(types[types.length - 1]).toBe('incident-closed');
      for (const step of ['scan', 'triage', 'revoke', 'plan', 'report']) {
        expect(journal.some((e) => e.type === 'step-started' && e.step === step)).toBe(true);
        expect(journal.some((e) => e.type === 'step-finished' && e.step === step)).toBe(true);
      }
      const decisions = journal.filter((e) => e.type === 'triage-decision');
      expect(decisions).toHaveLength(4);
      expect(decisions[0]).toMatchObject({ step: 'triage', data: { fingerprint: slack.fingerprint, decision: 'false-positive', reason: 'a revoked test token from the docs' } });
      const asked = journal.find((e) => e.type === 'confirmation-requested')!;
      expect(asked.data).toMatchObject({ destructive: true });
      expect(String(asked.data!.question)).toMatch(/^Revoke AKIA/);
      const answered = journal.findIndex((e) => e.type === 'confirmation-answered' && e.data!.id === asked.data!.id && e.data!.yes === true);
      const attempt = journal.findIndex((e) => e.type === 'revoke-attempt');
      expect(answered).toBeGreaterThan(0);
      expect(attempt).toBeGreaterThan(answered); // journaled before the provider is called
      // The AWS pair through the API, once, journaled for both halves; Postgres by hand once every console step was ticked.
      const revoked = journal.filter((e) => e.type === 'revoked');
      expect(revoked.map((e) => e.data!.fingerprint).sort())
        .toEqual(snap.findings.filter((f) => f.provider === 'aws' || f.provider === 'postgres').map((f) => f.fingerprint).sort());
      expect(revoked.find((e) => e.data!.fingerprint === postgres.fingerprint)!.data!.action).toMatch(/^revoked by hand \(.+, \d{4}-\d\d-\d\dT\d\d:\d\dZ, followed the console steps/);
      expect(fakes.calls.filter((c) => c.method === 'identify')).toHaveLength(1); // one identify call for the pair
      expect(journal.some((e) => e.type === 'revoke-manual' && e.data!.fingerprint === postgres.fingerprint)).toBe(true);
      expect(journal.filter((e) => e.type === 'checklist-ticked')).toHaveLength(revoke.checklist.length);
      // The plan covers the confirmed findings only: the dismissed Slack token is not rewritten.
      const planned = journal.find((e) => e.type === 'rewrite-planned')!;
      const plannedFps = (planned.data!.findings as Array<{ fingerprint: string }>).map((f) => f.fingerprint);
      expect(plannedFps).not.toContain(slack.fingerprint);
      expect(plannedFps).toHaveLength(3);
      expect(journal.every((e) => e.ts && e.operator)).toBe(true);
      const text = readFileSync(join(final.incident.dir!, 'journal.jsonl'), 'utf8');
      for (const secret of fixture.secrets) expect(text).not.toContain(secret);
    } finally {
      runner.release();
    }
  });

  it('a second runner on the same incident gets the lock error', async () => {
    const fresh = leakRepo('lock');
    const file = writePlaybook(fresh.repo.root);
    const first = PlaybookRunner.open({ ...options(), repoPath: fresh.repo.dir, playbook: file });
    try {
      first.start();
      let error: unknown;
      try {
        PlaybookRunner.open({ ...options(), repoPath: fresh.repo.dir });
      } catch (e) {
        error = e;
      }
      expect((error as { code?: string }).code).toBe('LOCKED');
      expect((error as Error).message).toMatch(/is in use by pid \d+ .*\(respond\)/);
    } finally {
      first.release();
      rmSync(fresh.repo.root, { recursive: true, force: true });
    }
  });

  it('a dry run changes nothing: no incident store, providers called in dry run only', async () => {
    const fresh = leakRepo('dry');
    const fakes = fakeAdapters();
    const dryCalls: string[] = [];
    const runner = PlaybookRunner.open({
      ...options(), repoPath: fresh.repo.dir, playbook: writePlaybook(fresh.repo.root), dryRun: true, unattended: true,
      adapterFor: (p) => {
        const a = fakes.adapterFor(p);
        return { ...a, revoke: async (c, ctx, o) => (dryCalls.push(`${p}:${ctx.dryRun}`), a.revoke(c, ctx, o)) };
      },
    });
    try {
      runner.start();
      expect(await runner.run()).toMatchObject({ status: 'needs-user', step: 'triage' });
      runner.decideAll('confirmed', 'all real');
      expect(await runner.run()).toEqual({ status: 'finished' });
      expect(dryCalls.sort()).toEqual(['aws:true', 'slack:true']); // the AWS pair once
      expect(runner.snapshot().incident).toMatchObject({ id: 'dry-run', dir: null });
      expect(() => readFileSync(join(fresh.repo.gitDir, 'spillkit', 'VERSION'))).toThrow();
    } finally {
      runner.release();
      rmSync(fresh.repo.root, { recursive: true, force: true });
    }
  });

  it('refuses to switch playbooks under an open incident', async () => {
    const fresh = leakRepo('switch');
    const first = PlaybookRunner.open({ ...options(), repoPath: fresh.repo.dir, playbook: writePlaybook(fresh.repo.root) });
    first.start();
    first.quit();
    try {
      expect(() => PlaybookRunner.open({ ...options(), repoPath: fresh.repo.dir, playbook: 'postmortem' })).toThrow(/following playbook test-walk.*--new/);
      const other = PlaybookRunner.open({ ...options(), repoPath: fresh.repo.dir, playbook: 'postmortem', newIncident: true });
      expect(other.playbook.id).toBe('postmortem');
      other.release();
    } finally {
      rmSync(fresh.repo.root, { recursive: true, force: true });
    }
  });
});
