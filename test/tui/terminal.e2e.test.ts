/**
 * `spillkit respond --demo` inside tmux, driven with keys like a person would, read back with
 * capture-pane: the scan starts by itself, triage, the providers (dry run in the demo), the rewrite, the
 * push to the demo's local origin with its confirmation, the reset of the clone, the report. The demo's
 * folder is gone after the exit.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/run-cli.js';
import { HAS_TMUX, icon, quote, startTerminal, terminalEnv, type Terminal } from './tmux.js';

let scratch: string;
let term: Terminal;

const git = (dir: string, ...args: string[]): string => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();

(HAS_TMUX ? describe : describe.skip)(`respond --demo in a real terminal${HAS_TMUX ? '' : ' (skipped: tmux is not installed; CI installs it)'}`, () => {
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'spillkit-tui-e2e-'));
    term = startTerminal('demo', `${quote(process.execPath)} ${quote(BIN)} respond --demo; echo "[exit $?]"; sleep 600`, terminalEnv(scratch));
  });

  afterAll(() => {
    if (!HAS_TMUX) return;
    term?.kill();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('walks the demo from the scan it starts by itself to a closed incident, pushing to its origin and resetting the clone', async () => {
    // No key yet: the scan runs by itself, then the triage table opens.
    let text = await term.waitFor('the findings table, with no key pressed', (t) => t.includes('7 finding(s): 0 confirmed') && t.includes('enter details'));
    expect(icon(text, 1)).toBe('✓');
    for (const header of ['provider', 'rule', 'where', 'path:line']) expect(text).toContain(header);
    // The AWS key id and its secret key: one row.
    expect(text).toMatch(/› open\s+aws\s+aws-access-key-id\S*\s+pushed\s+\.env:1/);
    expect(text.match(/aws-access-key|aws-secret-access-key/g)).toHaveLength(1);
    expect(text).toMatch(/open\s+slack\s+slack-bot-token\s+not pushed\s+src\/alerts\.js:1/);
    expect(text).toMatch(/open\s+npm\s+npm-access-token\s+local only/);
    expect(text).toContain('commit msg:3');

    keys('Enter');
    text = await term.waitFor('the finding details', (t) => t.includes('Finding details'));
    expect(text).toContain('dana@example.com');
    expect(text).toContain('aws-access-key-id + aws-secret-access-key (one credential');
    keys('Escape');
    await term.waitFor('the table again', (t) => t.includes('path:line'));

    // One false positive with a reason, into the baseline; then confirm all the others.
    keys('j', 'f');
    await term.waitFor('the reason field', (t) => t.includes('Why? The reason goes to the journal'));
    term.type('demo: a test fixture');
    keys('Enter');
    await term.waitFor('the baseline question', (t) => t.includes('Also add'));
    keys('y');
    await term.waitFor('the dismissal', (t) => t.includes('1 false positive'));
    keys('C');
    await term.waitFor('every finding decided', (t) => t.includes('6 confirmed, 1 false positive, 0 allowlisted, 0 open'));

    // Triage, revoke, rotate (providers in dry run), plan, rewrite on a mirror.
    for (let n = 2; n <= 6; n++) {
      keys('n');
      text = await term.waitFor(`step ${n} done`, (t) => icon(t, n) === '✓', 60_000);
    }
    // The push: its confirmation names the ref, its old and new ids and the demo's origin.
    keys('n');
    text = await term.waitFor('the push confirmation', (t) => t.includes('Confirm (push)'));
    expect(text).toContain('Force-push 1 ref(s) to');
    expect(text).toContain('origin.git (refs/heads/main');
    expect(text).toMatch(/[0-9a-f]{12} -> [0-9a-f]{12}\)\? This replaces history on the remote/);
    expect(icon(text, 7)).toBe('▶');
    keys('y');
    await term.waitFor('the push checklist', (t) => t.includes('Checklist: 0 of 2 ticked'));
    keys('Space', 'j', 'Space', 'n');
    await term.waitFor('the push done', (t) => icon(t, 7) === '✓');
    // The clone: still at the old history after the push; reset after a confirmation.
    keys('n');
    text = await term.waitFor('the reset confirmation', (t) => t.includes('Confirm (reset-clone)'));
    expect(text).toContain('refs/heads/main');
    keys('y');
    await term.waitFor('the collaborators item', (t) => t.includes('Checklist: 0 of 1 ticked'));
    keys('Space', 'n');
    await term.waitFor('the reset done', (t) => icon(t, 8) === '✓');
    keys('n');
    await term.waitFor('the report', (t) => icon(t, 9) === '✓', 60_000);
    keys('n');
    text = await term.waitFor('the closed incident', (t) => t.includes('[incident closed]'));
    // The demo's providers ran in dry run: nothing was revoked, and the end says so.
    expect(text).toContain('Playbook complete, but 5 credential(s) are NOT revoked');
    for (let n = 1; n <= 9; n++) expect(icon(text, n)).toBe('✓');

    // Before leaving: the journal, the origin and the clone (the demo's folder goes at the exit).
    const demo = readdirSync(scratch).find((d) => d.startsWith('spillkit-demo-'))!;
    const repo = join(scratch, demo, 'payments-service');
    const incidents = join(repo, '.git', 'spillkit', 'incidents');
    const journal = readFileSync(join(incidents, readdirSync(incidents)[0]!, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const decisions = journal.filter((e) => e.type === 'triage-decision');
    expect(decisions).toHaveLength(7); // both halves of the AWS pair, decided as one
    expect(decisions.filter((e) => e.data.decision === 'false-positive').map((e) => e.data.reason)).toEqual(['demo: a test fixture']);
    expect(journal.filter((e) => e.type === 'confirmation-answered' && e.data.yes === true)).toHaveLength(2);
    expect(journal.some((e) => e.type === 'rewrite-push-ref' && e.data.status === 'pushed' && e.data.ref === 'refs/heads/main')).toBe(true);
    expect(journal.find((e) => e.type === 'clone-reset').data.pruned).toBe(true);
    expect(journal.find((e) => e.type === 'incident-closed').data.unrevoked).toHaveLength(5);
    // The origin serves the rewritten main, and the clone is on it: no old commit left here.
    expect(git(repo, 'rev-parse', 'main')).toBe(git(join(scratch, demo, 'origin.git'), 'rev-parse', 'main'));
    expect(git(repo, 'rev-parse', 'origin/main')).toBe(git(repo, 'rev-parse', 'main'));
    expect(git(repo, 'log', '--all', '--format=%H', '--', '.env')).toBe(''); // a credential file: removed from all history
    expect(git(repo, 'log', '--all', '-p', '--', 'src/alerts.js')).toContain('***REMOVED:slack-bot-token***');
    const baseline = readFileSync(join(scratch, demo, 'demo-baseline.txt'), 'utf8');
    expect(baseline).toContain(decisions.find((e) => e.data.decision === 'false-positive').data.fingerprint);

    keys('q');
    text = await term.waitFor('the exit', (t) => t.includes('[exit 0]'));
    expect(text).toMatch(/Playbook complete; incident \S+ closed\./);
    expect(text).toContain('WARNING: 5 confirmed credential(s) are NOT revoked:');
    expect(text).toContain(`demo folder removed: ${join(scratch, demo)}`);
    expect(existsSync(join(scratch, demo))).toBe(false);
  }, 180_000);
});

function keys(...k: string[]): void {
  term.keys(...k);
}
