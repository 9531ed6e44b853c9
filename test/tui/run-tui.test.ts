import { describe, expect, it } from 'vitest';
import { runTui, summary } from '../../src/tui/run-tui.js';
import { FakeRunner, snapshot, step } from './fake-runner.js';
import { TestStdin, TestStdout, until } from './helpers.js';

function streams() {
  const stdout = new TestStdout(100, 30);
  const stdin = new TestStdin();
  return { stdout, stdin, opts: { stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, patchConsole: false } };
}

describe('runTui: the screen as the CLI runs it', () => {
  it('q quits: exit code 1, and a line saying where it stopped and that respond resumes there', async () => {
    const runner = new FakeRunner(snapshot([step('scan', 'done'), step('triage', 'needs-user')]));
    const { stdout, stdin, opts } = streams();
    const code = runTui(runner, opts);
    await until(() => expect(runner.called('start')).toHaveLength(1));
    stdin.write('q');
    await expect(code).resolves.toBe(1);
    expect(runner.called('quit')).toHaveLength(1);
    const out = stdout.frames.join('');
    expect(out).toContain('Stopped at step triage.');
    expect(out).toContain('`spillkit respond` resumes here');
    expect(out).toContain('journal: /tmp/incident/journal.jsonl');
  });

  it('after the playbook finished: exit code 0 and "incident closed"', async () => {
    const runner = new FakeRunner(snapshot([step('report', 'done')]));
    const { stdout, stdin, opts } = streams();
    const code = runTui(runner, opts);
    await until(() => expect(runner.called('start')).toHaveLength(1));
    runner.emit({ type: 'finished', incident: 'abc', unrevoked: [] });
    await new Promise((r) => setTimeout(r, 20));
    stdin.write('q');
    await expect(code).resolves.toBe(0);
    expect(runner.called('release')).toHaveLength(1);
    expect(stdout.frames.join('')).toContain('Playbook complete; incident 2026-01-05T0900-abc123 closed.');
  });

  it('summarises a dry run without promising a journal', () => {
    const text = summary({ finished: false, runningAtQuit: null, unrevoked: [], snapshot: snapshot([step('scan')], { dryRun: true, incident: { id: 'dry-run', dir: null, resumed: false } }) });
    expect(text).toBe('Stopped at step scan.\nDry run: nothing was changed or written.');
  });

  it('a completed playbook that left credentials unrevoked says so, with the command for each', () => {
    const text = summary({
      finished: true, runningAtQuit: null, snapshot: snapshot([step('report', 'done')]),
      unrevoked: [{ fingerprint: 'fp1', redacted: 'hint1…end (20 chars)', provider: 'acme', status: 'failed' }],
    });
    expect(text).toContain('Playbook complete; incident 2026-01-05T0900-abc123 closed.');
    expect(text).toContain('WARNING: 1 confirmed credential(s) are NOT revoked:');
    expect(text).toContain('  hint1…end (20 chars) (acme, failed): spillkit revoke --finding fp1');
  });
});
