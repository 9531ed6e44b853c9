import { describe, expect, it } from 'vitest';
import { createPromptBridge } from '../../src/tui/prompt-bridge.js';
import { FakeRunner, finding, snapshot, step } from './fake-runner.js';
import { KEY, mount, until } from './helpers.js';

/** What each kind of step shows, and the keys that act on it. */
describe('the step panels', () => {
  it('scan: a live bar, objects/s, MB/s and ETA from scan-progress events, then the summary', async () => {
    const runner = new FakeRunner(snapshot([step('scan'), step('triage')]));
    const s = await mount(runner);
    runner.update((st) => {
      st.running = 'scan';
      st.steps[0].status = 'running';
    });
    runner.emit({ type: 'step-started', step: 'scan', kind: 'scan', title: 'Scan the whole history' });
    await s.shows('[running]', 'reading the object database…');
    runner.emit({ type: 'scan-progress', step: 'scan', objects: 5000, total: 20000, bytes: 50_000_000, elapsedMs: 2000 });
    const frame = await s.shows('25%', '5,000/20,000 objects · 2,500 objects/s · 25.0 MB/s · ETA 6s');
    expect(frame).toMatch(/█{5,}░{10,}/);
    runner.emit({ type: 'scan-progress', step: 'scan', objects: 20000, total: 20000, bytes: 90_000_000, elapsedMs: 4000 });
    await s.shows('100%', 'ETA 0s');
    runner.update((st) => {
      st.running = null;
      st.current = 'triage';
      Object.assign(st.steps[0], { status: 'done', detail: '2 finding(s) (aws, slack) in 20000 objects' });
      st.scannedAt = '2026-01-05T10:00:00Z';
      st.findings = [finding(0), finding(1)];
    });
    runner.emit({ type: 'step-finished', step: 'scan', summary: '2 finding(s)' });
    await s.shows('done: 2 finding(s) (aws, slack) in 20000 objects', 'last scan 2026-01-05T10:00:00Z: 2 finding(s)', 'n or enter: run the next step');
    // A second run starts the meter over.
    runner.emit({ type: 'step-started', step: 'scan', kind: 'scan', title: 'Scan the whole history' });
    await until(() => expect(s.frame()).not.toContain('100%'));
  });

  it('revoke and rotate: where each confirmed finding stands, the console steps to tick, the log', async () => {
    const revoke = step('revoke', 'needs-user', {
      detail: '1 revoked, 1 left to the console; 2 checklist item(s) left to do and tick',
      checklist: [
        { text: 'Open https://console.example/keys and delete the key', checked: false, fingerprint: 'x' },
        { text: 'Check the audit log for use since the leak', checked: false, fingerprint: 'x' },
      ],
    });
    const runner = new FakeRunner(snapshot([step('scan', 'done'), step('triage', 'done'), revoke, step('rotate')], {
      findings: [
        finding(0, { decision: 'confirmed', revoke: 'done', rotate: 'dry-run' }),
        finding(1, { decision: 'confirmed', revoke: 'manual', rotate: 'failed' }),
        finding(2, { decision: 'false-positive', reason: 'test data' }),
        finding(3, { decision: 'confirmed', revoke: null }),
      ],
    }));
    const s = await mount(runner);
    runner.emit({ type: 'log', step: 'revoke', level: 'info', message: 'hint0…end: deactivated through the ACME API' });
    runner.emit({ type: 'log', step: 'revoke', level: 'warn', message: 'hint3…end: could not tell: timeout' });
    runner.emit({ type: 'step-needs-user', step: 'revoke', reason: 'x', checklist: revoke.checklist });
    const frame = await s.shows('3. Revoke the leaked credentials [needs you]', 'Checklist: 0 of 2 ticked', 'deactivated through the ACME API', 'warning: hint3…end: could not tell: timeout');
    const rowOf = (hint: string) => frame.split('\n').find((l) => l.includes(hint) && l.includes('config/'))!;
    expect(rowOf('hint0…end')).toMatch(/done\s+hint0/);
    expect(rowOf('hint1…end')).toMatch(/console steps\s+hint1/);
    expect(rowOf('hint3…end')).toMatch(/to do\s+hint3/);
    expect(frame).not.toContain('hint2…end'); // dismissed: nothing to revoke
    // The cursor starts on the credentials; below them the checklist: space ticks the item under the
    // cursor, j moves, space again unticks.
    await s.press(KEY.space);
    await s.shows('space ticks checklist items: move down to them');
    await s.press('j', 'j', 'j', KEY.space);
    expect(runner.called('tick')).toEqual([{ method: 'tick', args: ['revoke', 0, true] }]);
    await s.shows('Checklist: 1 of 2 ticked', '[x] Open https://console.example/keys');
    await s.press('j', KEY.space);
    await s.press('k', KEY.space);
    expect(runner.called('tick').map((c) => c.args)).toEqual([['revoke', 0, true], ['revoke', 1, true], ['revoke', 0, false]]);
    await s.shows('Checklist: 1 of 2 ticked');
    // The rotate panel shows the rotate outcomes of the same findings.
    await s.press(KEY.esc, 'j');
    const rotate = await s.shows('4. Rotate to new credentials [pending]');
    expect(rotate.split('\n').find((l) => l.includes('hint0…end'))).toMatch(/dry run\s+hint0/);
    expect(rotate.split('\n').find((l) => l.includes('hint1…end'))).toMatch(/failed\s+hint1/);
  });

  it('a destructive confirmation is a modal: y answers yes, n/enter/esc answer no, other keys do nothing', async () => {
    const ask = (id: string) => ({ id, step: 'revoke', question: `Revoke hint0…end (ACME) now? This changes the provider. [${id}]`, destructive: true as const });
    const runner = new FakeRunner(snapshot([step('scan', 'done'), step('revoke', 'running')], { running: 'revoke', pendingConfirmation: ask('c1') }));
    const s = await mount(runner);
    await s.shows('Confirm (revoke)', 'Revoke hint0…end (ACME) now? This changes the provider.', 'default: no');
    expect(s.frame()).toContain('y yes  n/enter/esc no (default)');
    await s.press('x', 'q', 'C', KEY.space);
    expect(runner.calls.filter((c) => c.method !== 'start')).toEqual([]);
    await s.press('y');
    expect(runner.called('answer')).toEqual([{ method: 'answer', args: ['c1', true] }]);
    await until(() => expect(s.frame()).not.toContain('Confirm (revoke)'));
    for (const [key, id] of [['n', 'c2'], [KEY.enter, 'c3'], [KEY.esc, 'c4']] as const) {
      runner.update((st) => {
        st.pendingConfirmation = ask(id);
      });
      runner.emit({ type: 'confirm', ...ask(id) });
      await s.shows(`[${id}]`);
      await s.press(key);
      expect(runner.called('answer').at(-1)).toEqual({ method: 'answer', args: [id, false] });
      await s.shows('answered no: nothing was done');
    }
  });

  it('checklist steps: items ticked with space (or enter), the step checked again with n', async () => {
    const items = ['Tell the on-call channel', 'Open a ticket for the postmortem', 'Schedule the review'].map((text) => ({ text, checked: false }));
    const runner = new FakeRunner(snapshot([step('report', 'done'), step('checklist', 'needs-user', { detail: '3 of 3 checklist item(s) to do and tick', checklist: items })]));
    const s = await mount(runner);
    runner.emit({ type: 'step-needs-user', step: 'checklist', reason: '3 of 3', checklist: items });
    await s.shows('2. Tell the team [needs you]', '[ ] Tell the on-call channel', 'space ticks an item (3 open)', 'space tick');
    await s.press(KEY.space, KEY.down, KEY.enter, 'j', KEY.space);
    expect(runner.called('tick').map((c) => c.args)).toEqual([['checklist', 0, true], ['checklist', 1, true], ['checklist', 2, true]]);
    await s.shows('Checklist: 3 of 3 ticked', '[x] Schedule the review');
    await s.press('n');
    expect(runner.called('next')).toHaveLength(1);
    // A long item is shown whole while the cursor is on it.
    const long = 'Restart or reconfigure every application that connects as that user with the new password, then check the logs of each one for failed logins';
    runner.update((st) => {
      st.steps[1].checklist.push({ text: long, checked: false });
    });
    await s.press('j');
    await s.shows('then check the logs of each one for failed logins');
    // A step without items says so when space is pressed.
    await s.press(KEY.esc, 'k', KEY.space);
    await s.shows('this step has no checklist item to tick');
  });

  it('plan-rewrite, apply-rewrite, push and report: summary, log lines and the push checklist', async () => {
    const runner = new FakeRunner(snapshot([
      step('plan-rewrite', 'done', { detail: '3 finding(s) to remove, 4 commit(s) rewritten, 2 force-push(es); plan in /tmp/i/rewrite-plan.md' }),
      step('apply-rewrite', 'interrupted'),
      step('push', 'pending', { checklist: [{ text: 'Check forks of the repository; they keep the old commits', checked: false }] }),
      step('report'),
    ]));
    const s = await mount(runner);
    runner.emit({ type: 'log', step: 'plan-rewrite', level: 'info', message: 'plan: /tmp/i/rewrite-plan.md' });
    await s.shows('2. Rewrite and verify on a mirror [interrupted (runs again)]', 'interrupted: n runs it again');
    await s.press('k');
    await s.shows('done: 3 finding(s) to remove, 4 commit(s) rewritten, 2 force-push(es)', 'plan: /tmp/i/rewrite-plan.md');
    await s.press('j', 'j');
    await s.shows('3. Force-push the cleaned history [pending]', '[ ] Check forks of the repository', 'n runs the current step first (apply-rewrite)');
    await s.press('j');
    await s.shows('4. Write the incident report [pending]');
    runner.update((st) => {
      Object.assign(st.steps[3], { status: 'done', detail: 'report: /tmp/i/report.md, /tmp/i/report.json, /tmp/i/report.html' });
    });
    await s.shows('done: report: /tmp/i/report.md, /tmp/i/report.json, /tmp/i/report.html');
  });

  it("the runner's hidden prompt is a masked field: the typed value is never drawn, and goes to the runner", async () => {
    const prompts = createPromptBridge();
    const runner = new FakeRunner(snapshot([step('rotate', 'running')], { running: 'rotate' }));
    const s = await mount(runner, { prompts });
    const answer = prompts.ask('Create a new token at https://example.test/tokens, then paste it:');
    await s.shows('Hidden input', 'then paste it:');
    await s.type('tok-123');
    await s.press(KEY.backspace);
    await s.shows('> ••••••');
    expect(s.stdout.frames.join('\n')).not.toContain('tok-12');
    await s.press(KEY.enter);
    await expect(answer).resolves.toBe('tok-12');
    await until(() => expect(s.frame()).not.toContain('Hidden input'));
    // esc pastes nothing: the provider then changes nothing.
    const cancelled = prompts.ask('Paste again:');
    await s.shows('Paste again:');
    await s.type('abc');
    await s.press(KEY.esc);
    await expect(cancelled).resolves.toBe('');
  });

  it('fits a small terminal and follows a resize', async () => {
    const runner = new FakeRunner(snapshot([step('scan', 'done'), step('triage', 'needs-user')], { findings: [finding(0)], scannedAt: 'x' }));
    const s = await mount(runner, {}, { columns: 80, rows: 24 });
    const small = await s.shows('Steps', 'path:line');
    for (const line of small.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(small.split('\n').length).toBeLessThanOrEqual(24);
    expect(small).not.toContain('author'); // dropped first on a narrow screen
    s.stdout.resize(160, 40);
    const wide = await s.shows('author', 'date');
    expect(wide.split('\n')[1].length).toBe(160);
  });
});
