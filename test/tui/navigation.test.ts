import { describe, expect, it } from 'vitest';
import { FakeRunner, snapshot, step } from './fake-runner.js';
import { KEY, mount, until } from './helpers.js';



const walk = () => new FakeRunner(snapshot([
  step('scan', 'done', { detail: '3 finding(s) in 21 objects' }),
  step('triage', 'pending'),
  step('revoke'),
  step('report'),
]));

describe('the respond screen: layout and movement', () => {
  it('starts the runner and shows the step list with states, the current step panel and the keys', async () => {
    const s = await mount(walk());
    const frame = await s.shows('Steps', '1. Scan the whole', '2. Triage the findings', '3. Revoke the leake', '4. Write the incide');
    expect(frame).toContain('✓ 1. Scan');
    expect(frame).toContain('· 2. Triage');
    expect(frame).toContain('incident 2026-01-05T0900-abc123');
    // The panel opens on the runner's current step.
    expect(frame).toContain('2. Triage the findings [pending]');
    expect(frame).toContain('why: why triage matters');
    expect(frame).toContain('n or enter: run this step');
    expect(frame).toContain('↑↓/jk move  enter open/run  r run again  s skip  n next step  ? help  q quit');
  });

  it('moves the selection with j/k and the arrows, within the list', async () => {
    const s = await mount(walk());
    await s.press('k');
    await s.shows('1. Scan the whole history [done]', 'done: 3 finding(s) in 21 objects');
    await s.press('k');
    await s.shows('1. Scan the whole history [done]');
    await s.press('j', KEY.down);
    await s.shows('3. Revoke the leaked credentials [pending]');
    await s.press(KEY.up);
    await s.shows('2. Triage the findings [pending]');
    await s.press(KEY.down, KEY.down, KEY.down, KEY.down);
    await s.shows('4. Write the incident report [pending]');
    expect(s.frame()).toContain('› · 4. Write');
  });

  it('several keys arriving at once (fast typing, a paste) act one by one', async () => {
    const s = await mount(walk());
    await s.press('jj');
    await s.shows('4. Write the incident report [pending]');
    await s.press('kks');
    await s.shows('Skip "Triage the findings"');
    await s.press('paste\r');
    await s.shows('> paste');
    await s.press(KEY.enter);
    expect(s.runner.called('skip')).toEqual([{ method: 'skip', args: ['triage', 'paste'] }]);
  });

  it('n runs the next step; enter runs the current step, or on a finished step the next one', async () => {
    const s = await mount(walk());
    await s.press('n');
    expect(s.runner.called('next')).toHaveLength(1);
    await s.press(KEY.enter);
    expect(s.runner.called('runStep')).toEqual([{ method: 'runStep', args: ['triage', {}] }]);
    await s.press('k', KEY.enter);
    expect(s.runner.called('next')).toHaveLength(2);
  });

  it('enter on a later step does not run it out of order; r runs the selected step again (redo)', async () => {
    const s = await mount(walk());
    await s.press('j', KEY.enter);
    await s.shows('steps run in order: n runs triage first');
    expect(s.runner.called('runStep')).toEqual([]);
    await s.press('k', 'k', 'r');
    expect(s.runner.called('runStep')).toEqual([{ method: 'runStep', args: ['scan', { redo: true }] }]);
  });

  it('follows the runner: a started step is selected, a failure is shown, a running step blocks n', async () => {
    const s = await mount(walk());
    s.runner.update((st) => {
      st.running = 'triage';
      st.steps[1].status = 'running';
    });
    s.runner.emit({ type: 'step-started', step: 'triage', kind: 'triage', title: 'Triage the findings' });
    await s.shows('› ▶ 2. Triage', '[running]', 'running…');
    await s.press('n');
    await s.shows('step triage is still running');
    expect(s.runner.called('next')).toHaveLength(0);
    s.runner.update((st) => {
      st.running = null;
      st.steps[1].status = 'failed';
      st.steps[1].detail = 'could not read the scan';
    });
    s.runner.emit({ type: 'step-failed', step: 'triage', code: 'IO', message: 'could not read the scan' });
    // The whole reason in the panel, with the journal that holds every call; the message line points there.
    await s.shows('✗ 2. Triage', '[failed]', 'failed: could not read the scan', 'journal (every call and answer): /tmp/incident/journal.jsonl',
      'triage failed: the whole reason is in the panel', 'n: try again');
  });

  it('shows a runner refusal in the message line instead of crashing', async () => {
    const runner = walk();
    runner.failNext = { method: 'next', message: 'this runner has quit; open a new one to resume' };
    const s = await mount(runner);
    await s.press('n');
    await s.shows('this runner has quit; open a new one to resume');
  });

  it('? opens the help overlay listing every key; esc closes it', async () => {
    const s = await mount(walk());
    await s.press('?');
    const frame = await s.shows('Keys', 'confirm every finding still open', 'tick or untick', 'resumes here');
    for (const key of ['↑ ↓ / k j', 'enter', 'esc', 'space', 'q']) expect(frame).toContain(key);
    // Keys do not leak to the screen behind the overlay.
    await s.press('n');
    expect(s.runner.called('next')).toHaveLength(0);
    await s.press(KEY.esc);
    await until(() => expect(s.frame()).not.toContain('confirm every finding still open'));
    await s.shows('2. Triage the findings [pending]');
  });

  it('q quits through runner.quit() and reports where it stopped', async () => {
    const outcomes: unknown[] = [];
    const s = await mount(walk(), { onExit: (o) => outcomes.push(o) });
    await s.press('q');
    expect(s.runner.called('quit')).toHaveLength(1);
    expect(s.runner.called('release')).toHaveLength(0);
    expect(outcomes).toMatchObject([{ finished: false, runningAtQuit: null }]);
  });

  it('ctrl-c quits like q', async () => {
    const s = await mount(walk());
    await s.press(KEY.ctrlC);
    expect(s.runner.called('quit')).toHaveLength(1);
  });

  it('after the playbook finished, shows it closed; q releases the lock without a quit entry', async () => {
    const runner = new FakeRunner(snapshot([step('scan', 'done'), step('report', 'done')]));
    const outcomes: Array<{ finished: boolean }> = [];
    const s = await mount(runner, { onExit: (o) => outcomes.push(o) });
    await s.shows('every step is done or skipped: n closes the incident');
    await s.press('n');
    expect(runner.called('next')).toHaveLength(1);
    runner.emit({ type: 'finished', incident: '2026-01-05T0900-abc123', unrevoked: [] });
    await s.shows('[incident closed]', 'Playbook complete: incident 2026-01-05T0900-abc123 closed. q leaves.');
    await s.press('n');
    expect(runner.called('next')).toHaveLength(1);
    await s.press('q');
    expect(runner.called('release')).toHaveLength(1);
    expect(runner.called('quit')).toHaveLength(0);
    expect(outcomes).toMatchObject([{ finished: true }]);
  });

  it('s skips the selected step with the reason typed (or the runner default when empty); esc cancels', async () => {
    const s = await mount(walk());
    await s.press('s');
    await s.shows('Skip "Triage the findings"', 'Why skip it?');
    await s.press(KEY.esc);
    await until(() => expect(s.frame()).not.toContain('Why skip it?'));
    expect(s.runner.called('skip')).toEqual([]);
    await s.press('s');
    await s.type('no findingz');
    await s.press(KEY.backspace, 's', KEY.enter);
    expect(s.runner.called('skip')).toEqual([{ method: 'skip', args: ['triage', 'no findings'] }]);
    await s.shows('- 2. Triage', 'skipped: no findings');
    await s.press('j', 's', KEY.enter);
    expect(s.runner.called('skip')[1]).toEqual({ method: 'skip', args: ['revoke', undefined] });
  });

  it('marks dry runs, provider dry runs and resumed incidents in the header', async () => {
    const s = await mount(new FakeRunner(snapshot([step('scan')], { dryRun: true, providerDryRun: true, incident: { id: 'x', dir: null, resumed: true } })));
    await s.shows('[dry run: nothing is changed]', '[resumed]');
    const t = await mount(new FakeRunner(snapshot([step('scan')], { providerDryRun: true })));
    await t.shows('[providers in dry run]');
  });
});
