import { describe, expect, it } from 'vitest';
import type { StepView } from '../../src/playbook/events.js';
import { FakeRunner, finding, snapshot, step } from './fake-runner.js';
import { KEY, mount, until } from './helpers.js';

const REASON = 'IAM denied reading key AKIA…XYZ (the key belongs to the operator\'s own account 1234…: either the operator may not call iam:GetAccessKeyLastUsed, or the key no longer exists (already deleted?)). Without admin credentials the leaked key can disable itself: `spillkit revoke --use-leaked-key`';

/** A revoke step that failed for an AWS pair (no operator rights) and has a Slack token still to do. */
async function failedRevoke(extra: Partial<StepView> = {}) {
  const revoke = step('revoke', 'failed', { detail: `could not revoke 1 credential(s): AKIA…XYZ: ${REASON}. Run the step again, or revoke it by hand`, ...extra });
  const runner = new FakeRunner(snapshot([step('scan', 'done'), step('triage', 'done'), revoke, step('rotate')], {
    findings: [
      finding(0, { provider: 'aws', rule: 'aws-access-key-id', redacted: 'AKIA…XYZ (20 chars)', decision: 'confirmed', revoke: 'failed', revokeNote: REASON, canUseLeakedKey: true, pairedWith: 'fp00000000000001' }),
      finding(1, { provider: 'aws', rule: 'aws-secret-access-key', redacted: 'abcd…wxyz (40 chars)', decision: 'confirmed', revoke: 'failed', revokeNote: REASON, canUseLeakedKey: true, pairedWith: 'fp00000000000000' }),
      finding(2, { provider: 'slack', rule: 'slack-bot-token', redacted: 'xoxb…abc (55 chars)', decision: 'confirmed' }),
    ],
  }));
  const s = await mount(runner, {}, { columns: 140, rows: 40 });
  runner.emit({ type: 'step-failed', step: 'revoke', code: 'IO', message: revoke.detail! });
  await s.shows('3. Revoke the leaked credentials [failed]', 'revoke failed: the whole reason is in the panel');
  await s.press(KEY.enter); // into the panel: the credentials
  return s;
}

describe('a failed provider call, taken by hand', () => {
  it('shows the whole reason and the journal; the row and the details name the way out', async () => {
    const s = await failedRevoke();
    let frame = await s.shows('journal (every call and answer): /tmp/incident/journal.jsonl');
    // The panel's failure text is wrapped, never cut: its last words are on the screen.
    expect(frame.replace(/[│\s]+/g, ' ')).toContain('spillkit revoke --use-leaked-key');
    expect(frame).toMatch(/› failed\s+AKIA…XYZ \(20 chars\)\+/);
    expect(frame).toContain('m: console steps · b: by hand · u: --use-leaked-key (the key disables itself)');
    expect(frame).not.toMatch(/failed\s+abcd…wxyz/); // the pair is one row
    expect(frame).toMatch(/to do\s+xoxb…abc/);
    await s.press(KEY.enter);
    frame = await s.shows('Credential details (esc: back)', 'leaked key', 'u lets the leaked key disable itself (--use-leaked-key)');
    expect(frame.replace(/[│\s]+/g, ' ')).toContain(REASON.replace(/\s+/g, ' ').slice(-60));
    expect(frame).toContain('/tmp/incident/journal.jsonl');
    await s.press(KEY.esc);
    await s.shows('what the provider');
  });

  it('m puts the console steps on the checklist; ticking them is the runner\'s by-hand record', async () => {
    const s = await failedRevoke();
    await s.press('m');
    expect(s.runner.called('takeByHand').map((c) => c.args)).toEqual([['revoke', 'fp00000000000000']]);
    await s.shows('2 console step(s) for AKIA…XYZ (20 chars) + abcd…wxyz (40 chars) are on the checklist', 'Checklist: 0 of 2 ticked', 'Open https://console.example/keys');
    await s.press('j', 'j', KEY.space);
    expect(s.runner.called('tick').map((c) => c.args)).toEqual([['revoke', 0, true]]);
  });

  it('b records who revoked it by hand, when and how; a bad time keeps the form open on that field', async () => {
    const s = await failedRevoke();
    await s.press('b');
    await s.shows('Revoked by hand: AKIA…XYZ (20 chars) + abcd…wxyz (40 chars)', 'who', 'empty: you (git user.name)', 'when', 'how');
    await s.type('Sam (AWS admin)');
    await s.press(KEY.tab);
    await s.type('tomorrow');
    await s.press(KEY.enter);
    await s.type('deactivated the key in the IAM console');
    await s.press(KEY.enter);
    await s.shows('when: "tomorrow" is not a time');
    expect(s.frame()).toContain('Revoked by hand'); // still open, on the when field
    for (let i = 0; i < 'tomorrow'.length; i++) await s.press(KEY.backspace);
    await s.type('20 min ago');
    await s.press(KEY.enter, KEY.enter);
    await until(() => expect(s.runner.called('markByHand')).toHaveLength(2));
    expect(s.runner.called('markByHand')[1]!.args).toEqual(['revoke', 'fp00000000000000', { who: 'Sam (AWS admin)', when: '20 min ago', how: 'deactivated the key in the IAM console' }]);
    const frame = await s.shows('recorded: revoked by hand (Sam (AWS admin), ', 'deactivated the key in the IAM console); n checks the step again');
    expect(frame).toMatch(/› by hand\s+AKIA…XYZ/);
  });

  it('u chooses --use-leaked-key for a provider that supports it, and runs the step; other providers say why not', async () => {
    const s = await failedRevoke();
    await s.press('u');
    expect(s.runner.called('useLeakedKey').map((c) => c.args)).toEqual([['fp00000000000000', true]]);
    expect(s.runner.called('runStep').map((c) => c.args)).toEqual([['revoke', {}]]);
    await s.shows('revoking with the leaked key itself (--use-leaked-key)');
    await s.press('j', 'u');
    await s.shows('a slack credential cannot revoke itself (--use-leaked-key works for AWS keys)');
    expect(s.runner.called('useLeakedKey')).toHaveLength(1);
  });
});

describe('rotate: where the new credential goes', () => {
  async function rotateScreen() {
    const rotate = step('rotate', 'needs-user', { detail: '0 rotated; 1 need a destination for the new credential' });
    const runner = new FakeRunner(snapshot([step('scan', 'done'), step('triage', 'done'), step('revoke', 'done'), rotate], {
      repository: '/srv/payments',
      findings: [
        finding(0, { provider: 'aws', decision: 'confirmed', revoke: 'done' }),
        finding(1, { provider: 'github', decision: 'confirmed', revoke: 'done' }),
      ],
    }));
    const s = await mount(runner, {}, { columns: 140, rows: 40 });
    runner.emit({ type: 'step-needs-user', step: 'rotate', reason: 'destination', checklist: [] });
    await s.shows('4. Rotate to new credentials [needs you]');
    await s.press(KEY.enter);
    return s;
  }

  it('d lists every delivery target from the table, then asks for that target; the runner gets the Delivery', async () => {
    const s = await rotateScreen();
    await s.shows('no destination', 'd: where the new credential goes (D: for all)');
    await s.press('d');
    const frame = await s.shows('Where does the new credential go?', ' 1 an env file (as --to-env-file FILE)', ' 2 a GitHub Actions secret (as --to-github-secret OWNER/REPO:NAME)', 'needs an operator token in GITHUB_TOKEN');
    expect(frame).toContain('a number or ↑↓ and enter');
    await s.press('1');
    await s.shows('Which env file gets the new credential?', 'e.g. .env.production');
    await s.type('deploy/.env.production');
    await s.press(KEY.enter);
    expect(s.runner.called('setDelivery').map((c) => c.args)).toEqual([[{ kind: 'env-file', file: '/srv/payments/deploy/.env.production' }, 'fp00000000000000']]);
    await s.shows('new credential for hint0…end (24 chars) goes to /srv/payments/deploy/.env.production: n runs the step', 'to /srv/payments/deploy/.env.production');
  });

  it('D chooses for every credential; a malformed target is refused in one line and the field stays', async () => {
    const s = await rotateScreen();
    await s.press('D', 'j', KEY.enter);
    await s.shows('Which GitHub Actions secret gets the new credential? (OWNER/REPO:NAME)');
    await s.type('not a target');
    await s.press(KEY.enter);
    await s.shows("--to-github-secret takes OWNER/REPO:NAME, not 'not a target'");
    for (let i = 0; i < 'not a target'.length; i++) await s.press(KEY.backspace);
    await s.type('acme/payments:AWS_KEYS');
    await s.press(KEY.enter);
    expect(s.runner.called('setDelivery').map((c) => c.args)).toEqual([[{ kind: 'github-secret', owner: 'acme', repo: 'payments', name: 'AWS_KEYS' }, undefined]]);
    await s.shows('new credential for every credential goes to GitHub Actions secret acme/payments:AWS_KEYS');
  });
});

describe('the end of the playbook', () => {
  it('"Playbook complete" with credentials left unrevoked warns and lists them', async () => {
    const runner = new FakeRunner(snapshot([step('scan', 'done'), step('report', 'done')]));
    const s = await mount(runner);
    runner.emit({ type: 'finished', incident: 'i1', unrevoked: [
      { fingerprint: 'fp1', redacted: 'AKIA…XYZ (20 chars)', provider: 'aws', status: 'failed' },
      { fingerprint: 'fp2', redacted: 'xoxb…abc (55 chars)', provider: 'slack', status: 'not attempted' },
    ] });
    const frame = await s.shows('Playbook complete, but 2 credential(s) are NOT revoked (listed above). q leaves.');
    expect(frame).toContain('Playbook complete, but 2 confirmed credential(s) are NOT revoked: AKIA…XYZ (20');
    expect(frame).toContain('xoxb…abc (55 chars) (slack, not attempted)');
  });
});
