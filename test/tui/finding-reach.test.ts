import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../src/incident/types.js';
import { loadPlaybook } from '../../src/playbook/load.js';
import { replay } from '../../src/playbook/state.js';
import { hostile, rawUnsafe } from '../helpers/hostile-text.js';
import { FakeRunner, finding, snapshot, step } from './fake-runner.js';
import { KEY, mount } from './helpers.js';

/** The blast radius `spillkit analyze` journaled, in the triage detail: replayed from the journal, escaped. */

const entry = (type: string, data: Record<string, unknown>): JournalEntry => ({ ts: '2026-01-05T10:00:00Z', type, data } as JournalEntry);

describe('the blast radius in the finding details', () => {
  it('replays the last successful analysis of each fingerprint', () => {
    const playbook = loadPlaybook('committed-secret');
    const state = replay(playbook, [
      entry('analysis', { fingerprint: 'fp-a', provider: 'aws', state: 'ok', analysis: { risk: 'high', kind: 'IAM user access key', summary: ['admin: no', 'wildcard actions: s3:*'] } }),
      entry('analysis', { fingerprint: 'fp-a', provider: 'aws', state: 'unknown', code: 'Timeout', detail: 'x' }),
      entry('analysis', { fingerprint: 'fp-b', provider: 'github', state: 'refused', code: 'bad-credentials', detail: 'x' }),
    ]);
    expect(state.blastRadius).toEqual({ 'fp-a': { risk: 'high', kind: 'IAM user access key', summary: ['admin: no', 'wildcard actions: s3:*'] } });
  });

  it('shows risk, kind and the first summary lines; says how to get one when there is none', async () => {
    const runner = new FakeRunner(snapshot([step('scan', 'done'), step('triage', 'needs-user')], {
      scannedAt: '2026-01-05T10:00:00Z',
      findings: [
        finding(0, { blastRadius: { risk: 'critical', kind: hostile('Slack bot token'), summary: [`workspace: ${hostile('Evil')}`, 'admin: no'] } }),
        finding(1),
      ],
    }));
    const s = await mount(runner, {}, { columns: 200, rows: 40 });
    runner.emit({ type: 'step-needs-user', step: 'triage', reason: 'decide', checklist: [] });
    await s.shows('2 finding(s)');
    await s.press(KEY.enter);
    const detail = await s.shows('Finding details', 'critical: Slack bot token');
    expect(detail).toMatch(/reach\s+critical: Slack bot token\\x1b\]0;pwned.*; workspace: Evil\\x1b/);
    for (const frame of s.stdout.frames) expect(rawUnsafe(frame)).toEqual([]);
    await s.press(KEY.esc, 'j', KEY.enter);
    await s.shows('not analysed (spillkit analyze --finding FP)');
  });
});
