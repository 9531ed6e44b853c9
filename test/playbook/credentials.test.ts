import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunnerEvent } from '../../src/playbook/events.js';
import type { PlaybookRunner, RunnerOptions } from '../../src/playbook/runner.js';
import { ok, refused, type Delivery, type ProviderAdapter } from '../../src/providers/contract.js';
import { createManualAdapter } from '../../src/providers/manual.js';
import { builtRunner, journalOf, leakRepo, writePlaybook, type LeakRepo } from './helpers.js';

/**
 * One credential, one decision; and a provider call that fails, taken by hand. The runner on a real
 * repository (an AWS key pair, a Slack token, a Postgres URI) with adapters that answer from memory.
 */
const PLAYBOOK = `id: by-hand
title: By hand
description: scan, triage, revoke, rotate
steps:
  - { id: scan, title: Scan, kind: scan, guidance: find }
  - { id: triage, title: Triage, kind: triage, guidance: decide }
  - { id: revoke, title: Revoke, kind: revoke, guidance: contain }
  - { id: rotate, title: Rotate, kind: rotate, guidance: replace }
`;

interface Calls {
  method: string;
  fingerprint: string;
  pair: string | null;
  useLeakedCredential?: boolean;
  delivery?: Delivery;
  /** The revoke step's status in the runner's snapshot while the call runs. */
  statusDuring?: string;
}

const made: LeakRepo[] = [];
afterEach(() => {
  for (const f of made.splice(0)) rmSync(f.repo.root, { recursive: true, force: true });
});

async function open(revokeAnswer: 'ok' | 'denied' = 'denied', extra: Partial<RunnerOptions> = {}) {
  const PlaybookRunner = await builtRunner();
  const fixture = leakRepo(`credentials-${made.length}-${revokeAnswer}`);
  made.push(fixture);
  const calls: Calls[] = [];
  let runner: PlaybookRunner;
  const adapterFor = (provider: string): ProviderAdapter => {
    if (provider !== 'aws' && provider !== 'slack') return createManualAdapter(provider);
    const note = (method: string, c: { finding: { fingerprint: string }; pair?: { finding: { fingerprint: string } } }, more: Partial<Calls> = {}) =>
      calls.push({ method, fingerprint: c.finding.fingerprint, pair: c.pair?.finding.fingerprint ?? null, ...more });
    return {
      id: provider,
      title: provider.toUpperCase(),
      identify: async (c) => (note('identify', c), ok({ owner: `${provider}-owner`, account: '1', scopes: [], keyId: null, details: {} })),
      verify: async () => ok({ live: true, detail: 'fake' }),
      evidence: async (c) => (note('evidence', c), ok({ lastUsed: null, service: null, region: null, notes: [] })),
      revoke: async (c, _ctx, opts) => {
        note('revoke', c, { useLeakedCredential: opts.useLeakedCredential, statusDuring: runner.snapshot().steps.find((s) => s.id === 'revoke')!.status });
        return revokeAnswer === 'ok' || provider !== 'aws' || opts.useLeakedCredential
          ? ok({ action: `deactivated ${c.finding.redacted}`, reversible: true })
          : refused('AccessDenied', 'IAM denied reading the key (the operator may not call iam:GetAccessKeyLastUsed). Without admin credentials the leaked key can disable itself: `spillkit revoke --use-leaked-key`');
      },
      rotate: async (c, _ctx, opts) => (note('rotate', c, { delivery: opts.delivery }), ok({ action: 'made a new key', newKeyId: null, delivered: ['KEY'], old: 'deactivated' as const })),
      manualSteps: () => [{ title: `${provider} console`, url: `https://console.example/${provider}`, checklist: ['Deactivate the key', 'Check its last use'] }],
    };
  };
  runner = PlaybookRunner.open({
    repoPath: fixture.repo.dir, playbook: writePlaybook(fixture.repo.root, PLAYBOOK), toolVersion: 'test', threads: 1,
    adapterFor, hasRevokeApi: (p) => p === 'aws' || p === 'slack', reportWriter: async () => null, ...extra,
  });
  const events: RunnerEvent[] = [];
  runner.subscribe((e) => {
    events.push(e);
    if (e.type === 'confirm') queueMicrotask(() => runner.answer(e.id, true));
  });
  runner.start();
  expect(await runner.run()).toMatchObject({ status: 'needs-user', step: 'triage' });
  const findings = runner.snapshot().findings;
  const aws = findings.filter((f) => f.provider === 'aws');
  expect(aws).toHaveLength(2);
  expect(aws[0]!.pairedWith).toBe(aws[1]!.fingerprint);
  return { runner, calls, events, fixture, aws, slack: findings.find((f) => f.provider === 'slack')!, postgres: findings.find((f) => f.provider === 'postgres')! };
}

describe('one credential, one decision', () => {
  it('deciding one half of a pair decides both; a bulk decision counts each finding once', async () => {
    const { runner, aws, slack, postgres } = await open('ok');
    try {
      runner.decide(aws[1]!.fingerprint, 'confirmed', 'real');
      const snap = runner.snapshot();
      expect(snap.findings.filter((f) => f.provider === 'aws').map((f) => f.decision)).toEqual(['confirmed', 'confirmed']);
      const journal = journalOf(snap.incident.dir!).filter((e) => e.type === 'triage-decision');
      expect(journal.map((e) => e.data!.fingerprint)).toEqual([aws[1]!.fingerprint, aws[0]!.fingerprint]);
      expect(journal[1]!.data!.pairOf).toBe(aws[1]!.fingerprint);
      expect(runner.decideMany([slack.fingerprint, postgres.fingerprint, aws[0]!.fingerprint], 'allowlisted', 'test data')).toBe(4);
      expect(runner.snapshot().findings.every((f) => f.decision === 'allowlisted')).toBe(true);
    } finally {
      runner.release();
    }
  });

  it('revoke: one identify, one confirmation and one call for the pair; the outcome journaled for both halves; running shows as running', async () => {
    const { runner, calls, events, aws } = await open('ok');
    try {
      runner.decideAll('confirmed', 'real');
      await runner.runStep('triage');
      await runner.runStep('revoke');
      const awsCalls = calls.filter((c) => c.fingerprint === aws[0]!.fingerprint || c.fingerprint === aws[1]!.fingerprint);
      expect(awsCalls.map((c) => c.method)).toEqual(['identify', 'evidence', 'revoke']);
      expect(awsCalls[0]).toMatchObject({ fingerprint: aws[0]!.fingerprint, pair: aws[1]!.fingerprint });
      expect(awsCalls[2]!.statusDuring).toBe('running'); // not "interrupted" while this process runs it
      const confirms = events.filter((e) => e.type === 'confirm');
      expect(confirms.filter((e) => e.type === 'confirm' && /AKIA/.test(e.question))).toHaveLength(1);
      expect(runner.snapshot().findings.filter((f) => f.provider === 'aws').map((f) => f.revoke)).toEqual(['done', 'done']);
    } finally {
      runner.release();
    }
  });
});

describe('a failed provider call, taken by hand', () => {
  it('the step fails with the whole reason; the console steps go on the checklist; ticking them all records it done by hand', async () => {
    const { runner, aws } = await open('denied');
    try {
      runner.decideAll('confirmed', 'real');
      await runner.runStep('triage');
      const failed = await runner.runStep('revoke');
      expect(failed).toMatchObject({ status: 'failed', code: 'IO' });
      expect(failed.status === 'failed' && failed.message).toMatch(/could not revoke 1 credential\(s\): AKIA\S* \(20 chars\): IAM denied .* `spillkit revoke --use-leaked-key`\. Run the step again, or revoke it by hand/);
      const view = runner.snapshot().findings.find((f) => f.fingerprint === aws[0]!.fingerprint)!;
      expect(view).toMatchObject({ revoke: 'failed', canUseLeakedKey: true, useLeakedKey: false });
      expect(view.revokeNote).toMatch(/^IAM denied reading the key/);

      expect(runner.takeByHand('revoke', aws[1]!.fingerprint)).toBe(3);
      let step = runner.snapshot().steps.find((s) => s.id === 'revoke')!;
      const items = step.checklist.map((c, i) => ({ ...c, i })).filter((c) => c.fingerprint === aws[1]!.fingerprint);
      expect(items.map((c) => c.text)).toEqual(['aws console: https://console.example/aws', 'Deactivate the key', 'Check its last use']);
      expect(runner.snapshot().findings.filter((f) => f.provider === 'aws').map((f) => f.revoke)).toEqual(['manual', 'manual']);
      for (const item of items) runner.tick('revoke', item.i);
      const after = runner.snapshot().findings.filter((f) => f.provider === 'aws');
      expect(after.map((f) => f.revoke)).toEqual(['done', 'done']);
      expect(after[0]!.revokeNote).toMatch(/^revoked by hand \(.+, \d{4}-\d\d-\d\dT\d\d:\d\dZ, followed the console steps at https:\/\/console\.example\/aws, every item ticked\)$/);
      const result = await runner.runStep('revoke');
      // The Postgres URI has no API: its console steps are still open.
      expect(result.status === 'needs-user' && result.reason).toMatch(/^2 revoked, 1 of them by hand; 1 need the console steps/);
      step = runner.snapshot().steps.find((s) => s.id === 'revoke')!;
      expect(step.status).toBe('needs-user');
    } finally {
      runner.release();
    }
  });

  it('markByHand journals who, when and how for both halves and ticks their items; bad input is refused in one line', async () => {
    const { runner, aws, slack } = await open('denied');
    try {
      expect(() => runner.markByHand('revoke', aws[0]!.fingerprint, { how: 'x' })).toThrow(/not a confirmed finding: confirm it in triage first/);
      runner.decideAll('confirmed', 'real');
      await runner.runStep('triage');
      await runner.runStep('revoke');
      runner.takeByHand('revoke', aws[0]!.fingerprint);
      expect(() => runner.markByHand('revoke', aws[0]!.fingerprint, { how: '  ' })).toThrow(/say how it was done/);
      expect(() => runner.markByHand('revoke', aws[0]!.fingerprint, { how: 'x', when: 'in two hours' })).toThrow(/when: "in two hours" is not a time/);
      expect(() => runner.markByHand('revoke', aws[0]!.fingerprint, { how: 'x', when: '2999-01-01T00:00:00Z' })).toThrow(/is in the future/);
      const done = runner.markByHand('revoke', aws[0]!.fingerprint, { who: 'Sam', when: '15 min ago', how: 'deleted the key in IAM' });
      expect(Date.now() - Date.parse(done.at)).toBeGreaterThan(14 * 60_000);
      const snap = runner.snapshot();
      const journal = journalOf(snap.incident.dir!);
      const revoked = journal.filter((e) => e.type === 'revoked' && e.data!.provider === 'aws');
      expect(revoked.map((e) => e.data!.fingerprint)).toEqual([aws[0]!.fingerprint, aws[1]!.fingerprint]);
      expect(revoked[0]!.data).toMatchObject({ byHand: { who: 'Sam', how: 'deleted the key in IAM', at: done.at }, action: `revoked by hand (Sam, ${done.at.slice(0, 16)}Z, deleted the key in IAM)` });
      expect(snap.steps.find((s) => s.id === 'revoke')!.checklist.filter((c) => c.fingerprint === aws[0]!.fingerprint).every((c) => c.checked)).toBe(true);
      expect(snap.findings.find((f) => f.fingerprint === slack.fingerprint)!.revoke).toBe('done'); // revoked through its API
      expect(snap.findings.find((f) => f.fingerprint === slack.fingerprint)!.revokeNote).toMatch(/^deactivated/);
    } finally {
      runner.release();
    }
  });

  it('--use-leaked-key is a journaled choice for providers that have it; the next revoke is signed by the leaked key', async () => {
    const { runner, calls, aws, slack } = await open('denied');
    try {
      runner.decideAll('confirmed', 'real');
      await runner.runStep('triage');
      await runner.runStep('revoke');
      expect(() => runner.useLeakedKey(slack.fingerprint)).toThrow(/a slack credential cannot revoke itself: --use-leaked-key works for AWS keys only/);
      runner.useLeakedKey(aws[1]!.fingerprint);
      expect(runner.snapshot().findings.filter((f) => f.provider === 'aws').map((f) => f.useLeakedKey)).toEqual([true, true]);
      await runner.runStep('revoke');
      const last = calls.filter((c) => c.method === 'revoke' && c.fingerprint === aws[0]!.fingerprint).at(-1)!;
      expect(last.useLeakedCredential).toBe(true);
      expect(runner.snapshot().findings.filter((f) => f.provider === 'aws').map((f) => f.revoke)).toEqual(['done', 'done']);
      const journal = journalOf(runner.snapshot().incident.dir!);
      expect(journal.filter((e) => e.type === 'revoke-method').map((e) => e.data!.useLeakedKey)).toEqual([true, true]);
      expect(journal.filter((e) => e.type === 'revoke-attempt').at(-1)!.data!.useLeakedKey).toBe(true);
    } finally {
      runner.release();
    }
  });
});

describe('rotate: where the new credential goes', () => {
  it('on a terminal a missing destination waits for the person; setDelivery gives one, for one credential or all', async () => {
    const { runner, calls, aws } = await open('ok');
    try {
      runner.decideAll('confirmed', 'real');
      await runner.runStep('triage');
      await runner.runStep('revoke');
      const waiting = await runner.runStep('rotate');
      expect(waiting.status === 'needs-user' && waiting.reason).toMatch(/2 need a destination for the new credential \(choose it on the respond screen, or pass --to-env-file FILE or --to-github-secret OWNER\/REPO:NAME/);
      // No command to copy for the API providers (the console steps of the Postgres URI are there).
      expect(runner.snapshot().steps.find((s) => s.id === 'rotate')!.checklist.filter((c) => /^Rotate /.test(c.text))).toEqual([]);
      const file = join(made[0]!.repo.root, 'new.env');
      runner.setDelivery({ kind: 'env-file', file }, aws[1]!.fingerprint);
      expect(runner.snapshot().findings.filter((f) => f.provider === 'aws').map((f) => f.delivery)).toEqual([file, file]);
      runner.setDelivery({ kind: 'github-secret', owner: 'acme', repo: 'app', name: 'TOKEN' });
      await runner.runStep('rotate');
      const rotations = calls.filter((c) => c.method === 'rotate');
      expect(rotations.map((c) => c.delivery)).toEqual([{ kind: 'env-file', file }, { kind: 'github-secret', owner: 'acme', repo: 'app', name: 'TOKEN' }]);
    } finally {
      runner.release();
    }
  });

  it('unattended (--yes), a missing destination becomes the command on the checklist, as before', async () => {
    const { runner } = await open('ok', { unattended: true });
    try {
      runner.decideAll('confirmed', 'real');
      await runner.runStep('triage');
      await runner.runStep('revoke');
      await runner.runStep('rotate');
      const rotate = runner.snapshot().steps.find((s) => s.id === 'rotate')!;
      expect(rotate.checklist.map((c) => c.text)).toEqual(expect.arrayContaining([expect.stringMatching(/^Rotate AKIA\S* \(20 chars\): spillkit rotate --finding \S+ --to-env-file FILE \(or --to-github-secret OWNER\/REPO:NAME\)$/)]));
    } finally {
      runner.release();
    }
  });
});

describe('the end', () => {
  it('a playbook completed with credentials unrevoked names them in the finished event and the journal', async () => {
    const { runner, events, aws, postgres } = await open('denied');
    try {
      runner.decideAll('confirmed', 'real');
      for (const step of ['triage', 'revoke', 'rotate']) {
        await runner.runStep(step);
        runner.skip(step, 'later');
      }
      expect(await runner.next()).toBeNull();
      const finished = events.find((e) => e.type === 'finished');
      // The Slack token was revoked through its API; the AWS pair (one credential) and the Postgres URI were not.
      expect(finished?.type === 'finished' && finished.unrevoked.map((u) => [u.fingerprint, u.status])).toEqual([
        [aws[0]!.fingerprint, 'failed'], [postgres.fingerprint, 'manual'],
      ]);
      expect(events.some((e) => e.type === 'log' && e.level === 'warn' && /2 confirmed credential\(s\) are NOT revoked: AKIA/.test(e.message))).toBe(true);
      const closed = journalOf(runner.snapshot().incident.dir!).find((e) => e.type === 'incident-closed')!;
      expect(closed.data!.unrevoked).toEqual([aws[0]!.fingerprint, postgres.fingerprint]);
    } finally {
      runner.release();
    }
  });
});
