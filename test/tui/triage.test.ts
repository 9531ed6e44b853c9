import { describe, expect, it } from 'vitest';
import { CONFIRMED_REASON } from '../../src/tui/screen-actions.js';
import { FakeRunner, finding, snapshot, step } from './fake-runner.js';
import { KEY, mount, until } from './helpers.js';



/** Scan done, triage waiting for the user with three findings; the runner has just said so. */
async function triageScreen(props: { baselineFile?: string } = {}) {
  const runner = new FakeRunner(snapshot([
    step('scan', 'done', { detail: '3 finding(s)' }),
    step('triage', 'needs-user', { detail: '3 of 3 finding(s) to triage' }),
    step('revoke'),
  ], {
    scannedAt: '2026-01-05T10:00:00Z',
    findings: [
      finding(0),
      finding(1, { refs: [], reachable: false, presentAtHead: false }),
      finding(2, { source: 'commit-message', path: null, line: 3 }),
    ],
  }));
  const s = await mount(runner, props, { columns: 160, rows: 40 });
  runner.emit({ type: 'step-needs-user', step: 'triage', reason: '3 of 3 finding(s) to triage', checklist: [] });
  // The runner asked for the user: the panel has the keys (the footer shows the triage keys).
  await s.shows('2. Triage the findings [needs you]', 'enter details');
  return s;
}

const decisions = (runner: FakeRunner) => runner.called('decide').map((c) => c.args);

describe('the triage screen', () => {
  it('shows the findings table: provider, rule, path:line, date, author, at HEAD, reachable from', async () => {
    const s = await triageScreen();
    const frame = await s.shows('3 finding(s): 0 confirmed, 0 false positive, 0 allowlisted, 3 open');
    for (const header of ['decision', 'provider', 'rule', 'where', 'path:line', 'date', 'author', 'HEAD', 'reachable']) expect(frame).toContain(header);
    const rows = frame.split('\n');
    const row0 = rows.find((l) => l.includes('file0.env:1'))!;
    expect(row0).toMatch(/› open\s+postgres\s+demo-pass.*pushed\s+…?[a-z/]*file0.env:1\s+2026-01-01\s+Author 0\s+yes\s+main, orig/);
    const row1 = rows.find((l) => l.includes('file1.env:2'))!;
    expect(row1).toMatch(/acme .* no\s+no ref/);
    expect(frame).toContain('commit msg:3');
    expect(frame).toContain('3 open: c confirm · f false positive · a allowlist · C all · b bulk · / filter; then n');
    expect(frame).toContain('enter details  c confirm  f false positive  a allowlist  C confirm all  b bulk  / filter  o sort  p paths  esc back');
  });

  it('moves the cursor with j/k and arrows; enter opens the detail view, esc goes back', async () => {
    const s = await triageScreen();
    await s.press('j');
    await until(() => expect(s.frame().split('\n').find((l) => l.includes('›') && l.includes('file1'))).toBeDefined());
    await s.press(KEY.down, KEY.down);
    await until(() => expect(s.frame().split('\n').find((l) => l.includes('›') && l.includes('commit msg:3'))).toBeDefined());
    await s.press(KEY.up, 'k', KEY.enter);
    const detail = await s.shows('Finding details (esc: back to the table)', 'hint0…end (24 chars) (redacted)', 'author0@example.com', '0000000000', 'main, origin/topic-0', 'yes: the current checkout still has it');
    expect(detail).toContain(finding(0).fingerprint);
    await s.press(KEY.esc);
    await s.shows('3 finding(s): 0 confirmed');
    // esc again leaves the panel: the footer shows the step-list keys.
    await s.press(KEY.esc);
    await s.shows('enter open/run');
  });

  it('c confirms the finding under the cursor and moves on; C confirms every open finding', async () => {
    const s = await triageScreen();
    await s.press('c');
    expect(decisions(s.runner)).toEqual([[finding(0).fingerprint, 'confirmed', CONFIRMED_REASON, {}]]);
    await s.shows('1 confirmed', 'confirmed hint0…end (24 chars)');
    await until(() => expect(s.frame().split('\n').find((l) => l.includes('›') && l.includes('file1'))).toBeDefined());
    await s.press('C');
    expect(s.runner.called('decideAll')).toEqual([{ method: 'decideAll', args: ['confirmed', CONFIRMED_REASON] }]);
    await s.shows('3 confirmed, 0 false positive, 0 allowlisted, 0 open', '2 finding(s) confirmed', 'every finding is decided: n finishes triage');
  });

  it('f asks a reason and saves a false positive with it; an empty reason is refused; esc cancels', async () => {
    const s = await triageScreen();
    await s.press('f');
    await s.shows('Mark hint0…end (24 chars) a false positive', 'Why? The reason goes to the journal and the report.');
    await s.press(KEY.enter);
    await s.shows('a reason is needed');
    expect(decisions(s.runner)).toEqual([]);
    await s.type('test fixtur');
    await s.shows('> test fixtur');
    await s.press(KEY.backspace, KEY.backspace);
    await s.type('ure data');
    await s.shows('> test fixture data');
    // While typing, the screen's keys are text: q, n and c typed above did not quit, run or confirm.
    expect(s.runner.called('quit')).toEqual([]);
    await s.press(KEY.enter);
    expect(decisions(s.runner)).toEqual([[finding(0).fingerprint, 'false-positive', 'test fixture data', { baseline: false }]]);
    await s.shows('false pos ', 'hint0…end (24 chars) marked a false positive');
    // esc in the reason field decides nothing.
    await s.press('f');
    await s.shows('Why? The reason');
    await s.type('nope');
    await s.press(KEY.esc);
    await until(() => expect(s.frame()).not.toContain('Why? The reason'));
    expect(decisions(s.runner)).toHaveLength(1);
  });

  it('with a baseline file, a dismissal asks whether it goes to the baseline (default no)', async () => {
    const s = await triageScreen({ baselineFile: '/tmp/baseline.txt' });
    await s.press('f');
    await s.type('generated test key');
    await s.press(KEY.enter);
    await s.shows('Also add hint0…end (24 chars) to the baseline /tmp/baseline.txt');
    await s.press('x');
    expect(decisions(s.runner)).toEqual([]);
    await s.press('y');
    expect(decisions(s.runner)).toEqual([[finding(0).fingerprint, 'false-positive', 'generated test key', { baseline: true }]]);
    await s.shows('marked a false positive, added to /tmp/baseline.txt');
    // a: allowlisted, and enter answers the baseline question with its default, no.
    await s.press('a');
    await s.shows('Mark hint1…end (24 chars) allowlisted');
    await s.type('vendor sample');
    await s.press(KEY.enter, KEY.enter);
    expect(decisions(s.runner)[1]).toEqual([finding(1).fingerprint, 'allowlisted', 'vendor sample', { baseline: false }]);
    await s.shows('allowlisted, 1 open');
  });

  it('works from the step list too, and says so when there is nothing to triage yet', async () => {
    const s = await triageScreen();
    await s.press(KEY.esc);
    await s.shows('enter open/run');
    await s.press('c');
    expect(decisions(s.runner)).toHaveLength(1);
    const empty = new FakeRunner(snapshot([step('scan'), step('triage')]));
    const t = await mount(empty);
    await t.press('j');
    await t.shows('no findings yet: the scan step comes first');
    await t.press('c');
    await t.shows('nothing to triage yet');
    expect(empty.called('decide')).toEqual([]);
  });

  it('shows a decision the runner refuses as a message', async () => {
    const s = await triageScreen();
    s.runner.failNext = { method: 'decide', message: "no finding fp0 in this incident's scan" };
    await s.press('c');
    await s.shows("no finding fp0 in this incident's scan");
  });

  it('scrolls a long table to keep the cursor in view', async () => {
    const many = Array.from({ length: 40 }, (_, i) => finding(i, { path: `src/f${String(i).padStart(2, '0')}.js` }));
    const runner = new FakeRunner(snapshot([step('scan', 'done'), step('triage', 'needs-user')], { findings: many, scannedAt: 'x' }));
    const s = await mount(runner);
    runner.emit({ type: 'step-needs-user', step: 'triage', reason: 'r', checklist: [] });
    await s.shows('src/f00.js', 'rows 1-');
    expect(s.frame()).not.toContain('src/f39.js');
    for (let i = 0; i < 39; i++) await s.press('j');
    await s.shows('src/f39.js', 'of 40');
    expect(s.frame()).not.toContain('src/f00.js');
  });
});
