/**
 * `spillkit respond` on a terminal: the Ink screen over an opened runner, on the terminal's alternate
 * screen, then one summary line on the normal one. Returns the command's exit code.
 */
import { join } from 'node:path';
import { render } from 'ink';
import { terminalLines } from '../report/safe-text.js';
import { App, type ScreenOutcome } from './App.js';
import type { PromptBridge } from './prompt-bridge.js';
import type { RunnerSurface } from './runner-surface.js';

export interface TuiOptions {
  baselineFile?: string;
  prompts?: PromptBridge;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  /** Route console output above the screen (default true; tests without a real console turn it off). */
  patchConsole?: boolean;
}

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALT_SCREEN = '\x1b[?1049l';

export async function runTui(runner: RunnerSurface, opts: TuiOptions = {}): Promise<number> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  let outcome: ScreenOutcome | null = null;
  let onAltScreen = stdout.isTTY === true;
  const leaveAltScreen = (): void => {
    if (onAltScreen) stdout.write(LEAVE_ALT_SCREEN);
    onAltScreen = false;
  };
  if (onAltScreen) stdout.write(ENTER_ALT_SCREEN);
  // Ctrl-C arrives as a key in raw mode (the screen quits on it); a signal from elsewhere quits too.
  const onSignal = (): void => {
    runner.quit();
    leaveAltScreen();
    process.exit(130);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  const instance = render(
    <App runner={runner} baselineFile={opts.baselineFile} prompts={opts.prompts} onExit={(o) => { outcome = o; }} />,
    { stdout, stdin, exitOnCtrlC: false, patchConsole: opts.patchConsole ?? true },
  );
  try {
    await instance.waitUntilExit();
  } catch (e) {
    runner.quit();
    throw e;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    leaveAltScreen();
  }
  const done = outcome as ScreenOutcome | null;
  if (!done) return 1;
  stdout.write(`${summary(done)}\n`);
  // A step still running (a scan, a provider call) is journaled as started: like a crash, it runs again
  // on resume. Waiting for it would only delay the exit, so the process ends here.
  if (done.runningAtQuit) process.exit(1);
  return done.finished ? 0 : 1;
}

export function summary(outcome: ScreenOutcome): string {
  const s = outcome.snapshot;
  const lines: string[] = [];
  if (outcome.finished) {
    lines.push(`Playbook complete; incident ${s.incident.id} closed.`);
    if (outcome.unrevoked.length) {
      lines.push(`WARNING: ${outcome.unrevoked.length} confirmed credential(s) are NOT revoked:`);
      for (const u of outcome.unrevoked) lines.push(`  ${u.redacted} (${u.provider}, ${u.status}): spillkit revoke --finding ${u.fingerprint}`);
    }
  } else {
    const at = outcome.runningAtQuit ?? s.current;
    lines.push(at ? `Stopped at step ${at}.` : 'Stopped: every step is done or skipped; `spillkit respond` closes the incident.');
    if (!s.dryRun) lines.push(`Everything so far is in the journal of incident ${s.incident.id}; \`spillkit respond\` resumes here.`);
  }
  if (s.dryRun) lines.push('Dry run: nothing was changed or written.');
  if (s.incident.dir) lines.push(`journal: ${join(s.incident.dir, 'journal.jsonl')}`);
  // Printed on the normal screen after Ink leaves: the journal path names the repository's folder.
  return terminalLines(lines.join('\n'));
}
