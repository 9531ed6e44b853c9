import { describe, expect, it } from 'vitest';
import { FakeRunner, finding, snapshot, step } from './fake-runner.js';
import { mount, until } from './helpers.js';

const fresh = () => new FakeRunner(snapshot([step('scan'), step('triage'), step('revoke')]));

describe('the opening: read-only steps start by themselves', () => {
  it('runs the scan at once, lists what it finds as it goes, then the triage check; then waits for the person', async () => {
    const runner = fresh();
    const s = await mount(runner, { autoStart: true });
    await until(() => expect(runner.called('next')).toHaveLength(1)); // no key pressed
    runner.update((st) => {
      st.running = 'scan';
    });
    runner.emit({ type: 'step-started', step: 'scan', kind: 'scan', title: 'Scan the whole history' });
    runner.emit({ type: 'scan-progress', step: 'scan', objects: 100, total: 400, bytes: 1e6, elapsedMs: 500 });
    runner.emit({ type: 'scan-found', step: 'scan', items: [
      { rule: 'aws-access-key-id', provider: 'aws', redacted: 'AKIA…XYZ (20 chars)', source: 'blob' },
      { rule: 'slack-bot-token', provider: 'slack', redacted: 'xoxb…abc (55 chars)', source: 'blob' },
    ] });
    // The same match again (another blob with the same secret) is not listed twice.
    runner.emit({ type: 'scan-found', step: 'scan', items: [{ rule: 'aws-access-key-id', provider: 'aws', redacted: 'AKIA…XYZ (20 chars)', source: 'blob' }] });
    const frame = await s.shows('found so far: 2', 'aws · aws-access-key-id · AKIA…XYZ (20 chars)', 'slack · slack-bot-token · xoxb…abc', '25%',
      'scanning (read-only): findings appear as they are found');
    expect(frame).toContain('[running]');
    // The scan ends: the triage check (read-only too) runs without a key.
    runner.update((st) => {
      st.running = null;
      st.steps[0]!.status = 'done';
      st.current = 'triage';
      st.scannedAt = '2026-01-05T10:00:00Z';
      st.findings = [finding(0), finding(1)];
    });
    runner.emit({ type: 'step-finished', step: 'scan', summary: '2 finding(s)' });
    await until(() => expect(runner.called('next')).toHaveLength(2));
    runner.update((st) => {
      st.steps[1]!.status = 'needs-user';
    });
    runner.emit({ type: 'step-needs-user', step: 'triage', reason: '2 of 2 finding(s) to triage', checklist: [] });
    await s.shows('2 finding(s): 0 confirmed', 'enter details');
    // From here the person drives: finishing triage does not run revoke by itself.
    runner.emit({ type: 'step-finished', step: 'triage', summary: 'all decided' });
    await new Promise((r) => setTimeout(r, 50));
    expect(runner.called('next')).toHaveLength(2);
  });

  it('a resumed incident past the scan opens where it stopped and runs nothing', async () => {
    const runner = new FakeRunner(snapshot([step('scan', 'done'), step('triage', 'done'), step('revoke', 'failed', { detail: 'could not revoke' })], { incident: { id: 'i1', dir: '/tmp/i1', resumed: true } }));
    const s = await mount(runner, { autoStart: true });
    await s.shows('3. Revoke the leaked credentials [failed]', '[resumed]');
    await new Promise((r) => setTimeout(r, 50));
    expect(runner.called('next')).toHaveLength(0);
  });

  it('a step running in this process shows as running, even where the journal says interrupted', async () => {
    const runner = new FakeRunner(snapshot([step('scan', 'done'), step('triage', 'done'), step('revoke', 'interrupted')], { running: 'revoke' }));
    const s = await mount(runner);
    const frame = await s.shows('› ▶ 3. Revoke', '[running]');
    expect(frame).not.toContain('interrupted (runs again)');
  });
});
