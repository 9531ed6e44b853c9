// The playbook's report step keeps the incident open while a fresh clone of the remote still finds a
// planned secret nobody acknowledged as waiting on the host (issue 16); it closes once the remote is
// clean or what is left is acknowledged.
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../src/incident/types.js';
import type { StepContext } from '../../src/playbook/steps/context.js';
import { reportStep } from '../../src/playbook/steps/report.js';

function entry(seq: number, type: string, data: Record<string, unknown>): JournalEntry {
  return { seq, ts: `2024-05-02T1${seq}:00:00.000Z`, type, step: 'rewrite', data } as JournalEntry;
}

async function run(entries: JournalEntry[]) {
  const recorded: string[] = [];
  const ctx = {
    settings: { dryRun: false },
    incident: { id: 'i' },
    entries: () => entries,
    record: (type: string) => recorded.push(type),
  } as unknown as StepContext;
  const outcome = await reportStep(async () => ({ md: '/store/report.md' }))(ctx);
  return { outcome, recorded };
}

const verified = (clean: boolean, waitingOnHost: boolean) => entry(2, 'rewrite-remote-verified', {
  remote: '/host.git', clean, waitingOnHost,
  remaining: clean ? [] : [{ fingerprints: ['fp1'], redacted: 'ghp_…(40 chars)', rule: 'github-pat', refs: ['refs/pull/1/head'] }],
});

describe('the report step after a remote verification', () => {
  it('writes the report and stays open while the remote still serves a planned secret', async () => {
    const { outcome, recorded } = await run([entry(1, 'rewrite-planned', { findings: [] }), verified(false, false)]);
    expect(recorded).toContain('report-written');
    expect(outcome.status).toBe('needs-user');
    expect(outcome.status === 'needs-user' && outcome.reason).toMatch(/still serves 1 planned secret\(s\) through refs\/pull\/1\/head: .*--verify-remote/);
  });

  it('is done once the remote is clean, or what is left is acknowledged as waiting on the host', async () => {
    expect((await run([verified(true, false)])).outcome.status).toBe('done');
    expect((await run([verified(false, true)])).outcome.status).toBe('done');
    // A new plan starts a new attempt: the old verification no longer holds the incident open.
    expect((await run([verified(false, false), entry(3, 'rewrite-planned', { findings: [] })])).outcome.status).toBe('done');
  });
});
