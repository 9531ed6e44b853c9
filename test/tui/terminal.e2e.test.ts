/**
 * The one test of the screen in a real terminal: `spillkit respond --demo` inside tmux, driven with
 * keys like a person would, read back with capture-pane. CI installs tmux (.ci/run); without it this
 * suite is skipped, saying so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/run-cli.js';

const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
const SOCKET = `spillkit-tui-test-${process.pid}`;
const SESSION = 'respond';
let scratch: string;

/** The environment of the terminal: no CI variable (Ink draws only the last frame under CI). */
function terminalEnv(): NodeJS.ProcessEnv {
  const { CI: _ci, CONTINUOUS_INTEGRATION: _ci2, ...rest } = process.env;
  return { ...rest, TMPDIR: scratch, LANG: 'C.UTF-8', GIT_CONFIG_NOSYSTEM: '1', HOME: scratch, NO_COLOR: '1' };
}

const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8', env: terminalEnv() });
const screen = (): string => tmux('capture-pane', '-p', '-J', '-t', SESSION);
/** One key at a time, as a person types (an ESC followed at once by a letter would read as alt+letter). */
function keys(...k: string[]): void {
  for (const key of k) {
    tmux('send-keys', '-t', SESSION, key);
    spawnSync('sleep', ['0.05']);
  }
}
const typeText = (text: string): void => void tmux('send-keys', '-t', SESSION, '-l', text);
const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Polls the pane until `ready` holds; fails with what it waited for and the last screen. */
async function waitFor(what: string, ready: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  for (;;) {
    text = screen();
    if (ready(text)) return text;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen was:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The state icon of step n in the step list (the left column: `│› ✓ 1. Scan…`). */
function icon(text: string, n: number): string {
  for (const line of text.split('\n')) {
    const m = line.match(/^│[› ] (\S) (\d+)\. /);
    if (m && Number(m[2]) === n) return m[1];
  }
  return '';
}

(HAS_TMUX ? describe : describe.skip)(`respond --demo in a real terminal${HAS_TMUX ? '' : ' (skipped: tmux is not installed; CI installs it)'}`, () => {
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'spillkit-tui-e2e-'));
    const command = `${quote(process.execPath)} ${quote(BIN)} respond --demo; echo "[exit $?]"; sleep 600`;
    tmux('-f', '/dev/null', '-u', 'new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', command);
  });

  afterAll(() => {
    if (!HAS_TMUX) return;
    spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('walks the demo from the scan to a closed incident with the keyboard, journaling every decision', async () => {
    let text = await waitFor('the step list', (t) => t.includes('Steps') && t.includes('n or enter: run this step'));
    expect(text).toContain('spillkit respond · I committed a secret');
    expect(text).toContain('1. Scan the whole history [pending]');

    keys('n');
    text = await waitFor('the scan to finish', (t) => icon(t, 1) === '✓');
    expect(text).toMatch(/done: 6 finding\(s\)/);
    expect(text).toContain('100%');

    keys('n');
    text = await waitFor('the findings table', (t) => t.includes('6 finding(s): 0 confirmed') && t.includes('enter details'));
    for (const header of ['provider', 'rule', 'path:line', 'date', 'author', 'HEAD', 'reachable']) expect(text).toContain(header);
    expect(text).toMatch(/› open\s+aws\s/);
    expect(text).toMatch(/open\s+slack\s.*src\/alerts\.js:1\s+2026-01-05 Dana De/);
    expect(text).toContain('commit msg:');

    // The finding under the cursor in full, then back.
    keys('Enter');
    text = await waitFor('the finding details', (t) => t.includes('Finding details'));
    expect(text).toContain('dana@example.com');
    keys('Escape');
    await waitFor('the table again', (t) => t.includes('path:line'));

    // One false positive with a reason, into the baseline; then confirm all the others.
    keys('j', 'f');
    await waitFor('the reason field', (t) => t.includes('Why? The reason goes to the journal'));
    typeText('demo: a test fixture');
    keys('Enter');
    await waitFor('the baseline question', (t) => t.includes('Also add'));
    keys('y');
    await waitFor('the dismissal', (t) => t.includes('1 false positive'));
    keys('C');
    text = await waitFor('every finding decided', (t) => t.includes('5 confirmed, 1 false positive, 0 allowlisted, 0 open'));

    // Step through: n runs the next step; a step that fails (the demo has no remote to push to) is skipped.
    keys('n');
    await waitFor('triage done', (t) => icon(t, 2) === '✓');
    for (let n = 3; n <= 8; n++) {
      keys('n');
      text = await waitFor(`step ${n} to end`, (t) => ['✓', '✗', '?'].includes(icon(t, n)));
      if (icon(text, n) !== '✓') {
        keys('s');
        await waitFor('the skip field', (t) => t.includes('Why skip it?'));
        typeText('demo: nothing to push to');
        keys('Enter');
        await waitFor(`step ${n} skipped`, (t) => icon(t, n) === '-');
      }
    }
    text = await waitFor('the revoke results', (t) => icon(t, 8) === '✓');
    keys('n');
    text = await waitFor('the closed incident', (t) => t.includes('[incident closed]'));
    expect(text).toContain('Playbook complete');
    for (let n = 1; n <= 8; n++) expect(['✓', '-']).toContain(icon(text, n));
    expect(icon(text, 7)).toBe('-'); // push: skipped with its reason

    keys('q');
    text = await waitFor('the exit', (t) => t.includes('[exit 0]'));
    expect(text).toMatch(/Playbook complete; incident \S+ closed\./);
    const journalFile = text.match(/journal: (\S+journal\.jsonl)/)?.[1];
    expect(journalFile && existsSync(journalFile)).toBe(true);

    const journal = readFileSync(journalFile!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const decisions = journal.filter((e) => e.type === 'triage-decision');
    expect(decisions).toHaveLength(6);
    const dismissed = decisions.filter((e) => e.data.decision === 'false-positive');
    expect(dismissed).toHaveLength(1);
    expect(dismissed[0].data.reason).toBe('demo: a test fixture');
    expect(decisions.filter((e) => e.data.decision === 'confirmed')).toHaveLength(5);
    expect(journal.some((e) => e.type === 'step-skipped' && e.step === 'push' && e.data.reason === 'demo: nothing to push to')).toBe(true);
    expect(journal.some((e) => e.type === 'incident-closed')).toBe(true);
    // The baseline got the dismissed fingerprint.
    const baseline = readdirSync(scratch).find((f) => f.endsWith('-baseline.txt'));
    expect(baseline).toBeDefined();
    expect(readFileSync(join(scratch, baseline!), 'utf8')).toContain(dismissed[0].data.fingerprint);
  }, 90_000);
});
