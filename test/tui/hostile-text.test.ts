// The screen shows what the repository and the providers chose: paths, authors, ref names, messages,
// provider answers. None of their control, bidi or zero-width characters may reach the terminal raw.
import { describe, expect, it } from 'vitest';
import { summary } from '../../src/tui/run-tui.js';
import { hostile, rawUnsafe } from '../helpers/hostile-text.js';
import { FakeRunner, finding, snapshot, step } from './fake-runner.js';
import { KEY, mount, type Screen } from './helpers.js';

/** A finding where everything the repository chose is hostile. */
const evilFinding = (n: number, extra = {}) => finding(n, {
  path: hostile(`dir/file${n}`),
  rule: hostile('rule'),
  author: hostile('Mallory'),
  authorEmail: hostile('m@x'),
  refs: [hostile('refs/heads/evil'), hostile('refs/tags/v1')],
  redacted: hostile('hint'),
  pairedWith: hostile('pair'),
  ...extra,
});

/** Every frame drawn so far, not only the last: a raw byte in any of them reached the terminal. */
function expectClean(s: Screen): void {
  expect(s.stdout.frames.length).toBeGreaterThan(0);
  for (const frame of s.stdout.frames) expect(rawUnsafe(frame)).toEqual([]);
}

describe('hostile text on the screen', () => {
  it('the triage table and the finding details escape paths, authors, refs, rules and hints', async () => {
    const runner = new FakeRunner(snapshot([step('scan', 'done'), step('triage', 'needs-user')], {
      scannedAt: '2026-01-05T10:00:00Z',
      findings: [evilFinding(0), evilFinding(1, { decision: 'false-positive', reason: hostile('reason') })],
      playbook: { id: 'custom', title: hostile('Playbook'), description: 'd', source: '/p.yaml' },
    }));
    const s = await mount(runner, {}, { columns: 200, rows: 40 });
    runner.emit({ type: 'step-needs-user', step: 'triage', reason: hostile('reason'), checklist: [] });
    const table = await s.shows('2 finding(s)', ';pwned');
    expect(table).toContain('Mallory…'); // the author column is narrow: cut after escaping, never mid-sequence
    await s.press('p'); // whole paths
    await s.shows('dir/file0\\x1b]0;pwned');
    await s.press('p');
    await s.press(KEY.enter);
    const detail = await s.shows('Finding details', 'Mallory\\x1b]0;pwned-title\\x07');
    expect(detail).toContain('evil\\x1b]0;pwned');
    expectClean(s);
  });

  it('provider status, step log, checklist, step detail and the failure message are escaped', async () => {
    const item = { text: hostile('Open the console for'), checked: false, fingerprint: 'x' };
    const revoke = step('revoke', 'needs-user', { detail: hostile('1 left to the console'), checklist: [item] });
    const runner = new FakeRunner(snapshot([step('scan', 'done'), step('triage', 'done'), revoke], {
      findings: [evilFinding(0, { decision: 'confirmed', revoke: 'manual' })],
    }));
    const s = await mount(runner, {}, { columns: 200, rows: 40 });
    runner.emit({ type: 'log', step: 'revoke', level: 'warn', message: hostile('owner from the API') });
    runner.emit({ type: 'step-needs-user', step: 'revoke', reason: 'x', checklist: [item] });
    await s.shows('Checklist: 0 of 1 ticked', 'owner from the API\\x1b', 'Open the console for\\x1b', 'hint\\x1b');
    runner.update((st) => Object.assign(st.steps[2]!, { status: 'failed', detail: hostile('cannot read refs/heads/evil') }));
    runner.emit({ type: 'step-failed', step: 'revoke', code: 'IO', message: hostile('cannot read refs/heads/evil') });
    await s.shows('revoke failed: the whole reason is in the panel', 'failed: cannot read refs/heads/evil\\x1b');
    expectClean(s);
  });

  it('a confirmation question naming a hostile value is escaped in the modal', async () => {
    const ask = { id: 'c1', step: 'revoke', question: `Revoke ${hostile('hint')} now?`, destructive: true as const };
    const runner = new FakeRunner(snapshot([step('scan', 'done'), step('revoke', 'running')], { running: 'revoke', pendingConfirmation: ask }));
    const s = await mount(runner);
    await s.shows('Confirm (revoke)', 'Revoke hint\\x1b');
    expectClean(s);
  });

  it('the summary printed after the screen escapes the journal path', () => {
    const text = summary({
      finished: false, runningAtQuit: null, unrevoked: [],
      snapshot: snapshot([step('scan')], { incident: { id: 'i1', dir: hostile('/tmp/repo'), resumed: false } }),
    });
    expect(text).toContain('/tmp/repo\\x1b');
    expect(rawUnsafe(text)).toEqual([]);
  });
});
