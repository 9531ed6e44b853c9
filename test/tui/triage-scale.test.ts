import { describe, expect, it } from 'vitest';
import type { FindingView } from '../../src/playbook/events.js';
import { CONFIRMED_REASON } from '../../src/tui/screen-actions.js';
import { FakeRunner, finding, snapshot, step } from './fake-runner.js';
import { KEY, mount, until } from './helpers.js';

/** An AWS pair, two Slack tokens, a Postgres URI, a staged blob a hook blocked, and a long path. */
function findings(): FindingView[] {
  return [
    finding(0, { provider: 'aws', rule: 'aws-access-key-id', pairedWith: 'fp00000000000001', path: 'config/prod.env', line: 1 }),
    finding(1, { provider: 'aws', rule: 'aws-secret-access-key', pairedWith: 'fp00000000000000', path: 'config/prod.env', line: 2 }),
    finding(2, { provider: 'slack', rule: 'slack-bot-token', path: 'src/alerts.js', exposure: 'local-branch' }),
    finding(3, { provider: 'slack', rule: 'slack-bot-token', path: 'test/fixtures/slack.js' }),
    finding(4, { provider: 'postgres', rule: 'postgres-uri-password', path: 'config/db.env', severity: 'critical' }),
    finding(5, { provider: 'npm', rule: 'npm-access-token', path: null, source: 'blob', commit: null, refs: [], reachable: false, exposure: 'local-only' }),
    finding(6, { provider: 'acme', rule: 'acme-key', path: 'services/payments/config/environments/production/region-eu-west-1/secrets.env', line: 7 }),
  ];
}

async function screen(props: { baselineFile?: string } = {}, size = { columns: 140, rows: 40 }) {
  const runner = new FakeRunner(snapshot([step('scan', 'done'), step('triage', 'needs-user'), step('revoke')], { findings: findings(), scannedAt: '2026-01-05T10:00:00Z' }));
  const s = await mount(runner, props, size);
  runner.emit({ type: 'step-needs-user', step: 'triage', reason: 'r', checklist: [] });
  await s.shows('7 finding(s): 0 confirmed', 'enter details');
  return s;
}

const cursorRow = (frame: string) => frame.split('\n').map((l) => l.split('││')[1] ?? '').find((l) => l.includes('› '))!;

describe('triage at scale', () => {
  it('a key id and its secret key are one row and one decision', async () => {
    const s = await screen();
    const frame = s.frame();
    expect(frame).toMatch(/› open\s+aws\s+aws-access-key-i\S*\s+pushed/);
    expect(frame.split('\n').filter((l) => l.includes('config/prod.env'))).toHaveLength(1);
    await s.press('c');
    expect(s.runner.called('decide').map((c) => c.args)).toEqual([['fp00000000000000', 'confirmed', CONFIRMED_REASON, {}]]);
    // The details name both halves.
    await s.press('k', KEY.enter);
    await s.shows('aws-access-key-id + aws-secret-access-key (one credential', 'fp00000000000000 + fp00000000000001');
  });

  it('/ filters by any field as it is typed; field:value and path globs narrow it; enter keeps it, esc in it clears it', async () => {
    const s = await screen();
    await s.press('/');
    await s.type('slack');
    let frame = await s.shows('/slack', 'filter "slack": 2 credential(s)');
    expect(frame).not.toContain('config/prod.env');
    await s.press(KEY.enter);
    frame = await s.shows('filter "slack": 2 credential(s)');
    expect(frame).toContain('alerts.js');
    await s.press('/');
    for (let i = 0; i < 5; i++) await s.press(KEY.backspace);
    await s.type('where:local');
    frame = await s.shows('filter "where:local": 2 credential(s)'); // not pushed (a local branch) and local only
    expect(frame).toContain('local only');
    expect(frame).not.toContain('config/');
    for (let i = 0; i < 11; i++) await s.press(KEY.backspace);
    await s.type('path:config/*.env');
    frame = await s.shows('filter "path:config/*.env": 2 credential(s)');
    expect(frame).toContain('db.env');
    expect(frame).not.toContain('production');
    await s.press(KEY.esc);
    await until(() => expect(s.frame()).not.toContain('filter "'));
    await s.shows('secrets.env:7', 'config/prod.env');
  });

  it('o sorts by risk (critical first, pushed before local), then by path; p shows whole paths', async () => {
    const s = await screen();
    await s.press('o');
    let frame = await s.shows('sorted by risk, highest first');
    expect(cursorRow(frame)).toContain('postgres');
    const order = frame.split('\n').filter((l) => /open\s+(aws|slack|postgres|npm|acme)/.test(l)).map((l) => /open\s+(\w+)/.exec(l)![1]);
    expect(order[0]).toBe('postgres');
    expect(order[order.length - 1]).toBe('npm'); // local only: never left the machine
    await s.press('o');
    frame = await s.shows('sorted by path');
    expect(cursorRow(frame)).toContain('blob ');
    await s.press('o', 'p');
    frame = await s.shows('path:line (whole)', 'full paths: p goes back to the table');
    expect(frame.replace(/[│\s]+/g, '')).toContain('services/payments/config/environments/production/region-eu-west-1/secrets.env:7');
  });

  it('b r decides every finding of the rule under the cursor at once, with one reason and the baseline question', async () => {
    const s = await screen({ baselineFile: '/tmp/baseline.txt' });
    await s.press('j', 'b');
    await s.shows('Bulk: decide many findings at once', 'every finding of rule slack-bot-token');
    await s.press('r');
    await s.shows('Bulk: 2 credential(s) of rule slack-bot-token', 'c confirm', 'f false positive');
    await s.press('f');
    await s.shows('Mark 2 credential(s) of rule slack-bot-token a false positive');
    await s.type('test tokens from the docs');
    await s.press(KEY.enter);
    await s.shows('Also add 2 credential(s) of rule slack-bot-token to the baseline', 'stay quiet about them?');
    await s.press('y');
    expect(s.runner.called('decideMany').map((c) => c.args)).toEqual([[['fp00000000000002', 'fp00000000000003'], 'false-positive', 'test tokens from the docs', { baseline: true }]]);
    await s.shows('2 credential(s) of rule slack-bot-token marked a false positive, added to /tmp/baseline.txt', '2 false positive');
  });

  it('b g decides by path glob (both halves of a pair), and b v what the filter shows', async () => {
    const s = await screen();
    await s.press('b', 'g');
    await s.shows('Bulk: by path glob');
    await s.type('config/*.env');
    await s.press(KEY.enter);
    await s.shows('Bulk: 2 credential(s) with a path matching config/*.env', '3 finding(s)');
    await s.press('c');
    expect(s.runner.called('decideMany').map((c) => c.args)).toEqual([[['fp00000000000000', 'fp00000000000001', 'fp00000000000004'], 'confirmed', CONFIRMED_REASON, {}]]);
    await s.shows('3 finding(s) confirmed (2 credential(s) with a path matching config/*.env)');
    // A glob that matches nothing says so and decides nothing.
    await s.press('b', 'g');
    await s.type('*.pem');
    await s.press(KEY.enter);
    await s.shows('no finding with a path matching *.pem');
    await s.press(KEY.esc, '/');
    await s.type('slack');
    await s.press(KEY.enter, 'b', 'v');
    await s.shows('Bulk: 2 credential(s) matching "slack"');
    await s.press('a');
    await s.type('shared demo workspace');
    await s.press(KEY.enter);
    expect(s.runner.called('decideMany').at(-1)!.args).toEqual([['fp00000000000002', 'fp00000000000003'], 'allowlisted', 'shared demo workspace', { baseline: false }]);
  });

  it('a staged blob a hook blocked is told apart: local only, git gc is enough', async () => {
    const s = await screen();
    for (let i = 0; i < 4; i++) await s.press('j');
    const frame = await s.shows('local only; `git gc` is enough: no commit holds it');
    expect(cursorRow(frame)).toMatch(/open\s+npm\s+npm-access-token\s+local only/);
    expect(frame).toMatch(/open\s+slack\s+slack-bot-token\s+not pushed/);
    expect(frame).toMatch(/open\s+aws\s+aws-access-key-i\S*\s+pushed/);
    await s.press(KEY.enter);
    await s.shows('left here?', 'local only; `git gc` is enough');
  });

  it('stays a readable table at 80x24: where and path kept, the footer whole', async () => {
    const s = await screen({}, { columns: 80, rows: 24 });
    const frame = s.frame();
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    for (const header of ['decision', 'provider', 'where', 'path:line']) expect(frame).toContain(header);
    expect(frame).toMatch(/open\s+aws\s+\S*\s*pushed\s+…?\S*prod\.env:1/);
    // The footer: whole entries only, `? help` and `q quit` always there.
    const footer = lines.slice(-2);
    expect(footer.join('\n')).toMatch(/\? help.*q quit/);
    for (const l of footer) expect(l).not.toMatch(/…$/);
  });
});
