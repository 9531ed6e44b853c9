/**
 * A real terminal for the screen's end-to-end tests: a private tmux server, a session running one
 * command, keys sent one at a time as a person types them, and the pane read back with capture-pane.
 * CI installs tmux (.ci/run); without it the suites that use this are skipped, saying so.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;

export interface Terminal {
  /** The pane as text (wrapped lines joined). */
  screen(): string;
  /** Keys by tmux name (`Enter`, `Escape`, `Space`, `j`), one at a time. */
  keys(...keys: string[]): void;
  /** Literal text, as typed. */
  type(text: string): void;
  /** Polls the pane until `ready` holds; fails with what it waited for and the last screen. */
  waitFor(what: string, ready: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  kill(): void;
}

export function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Starts `command` in a 120x40 (or `size`) terminal with `env`. */
export function startTerminal(name: string, command: string, env: NodeJS.ProcessEnv, size = { columns: 120, rows: 40 }): Terminal {
  const socket = `spillkit-${name}-${process.pid}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', env });
  tmux('-f', '/dev/null', '-u', 'new-session', '-d', '-s', 'main', '-x', String(size.columns), '-y', String(size.rows), command);
  const term: Terminal = {
    screen: () => tmux('capture-pane', '-p', '-J', '-t', 'main'),
    keys(...keys) {
      for (const key of keys) {
        tmux('send-keys', '-t', 'main', key);
        // An ESC followed at once by a letter would read as alt+letter.
        spawnSync('sleep', ['0.06']);
      }
    },
    type(text) {
      tmux('send-keys', '-t', 'main', '-l', text);
      spawnSync('sleep', ['0.06']);
    },
    async waitFor(what, ready, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let text = '';
      for (;;) {
        text = term.screen();
        if (ready(text)) return text;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen was:\n${text}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    kill: () => void spawnSync('tmux', ['-L', socket, 'kill-server']),
  };
  return term;
}

/** The state icon of step n in the step list (the left column: `│› ✓ 1. Scan…`). */
export function icon(text: string, n: number): string {
  for (const line of text.split('\n')) {
    const m = line.match(/^│[› ] (\S) (\d+)\. /);
    if (m && Number(m[2]) === n) return m[1]!;
  }
  return '';
}

/** The environment of the terminal: no CI variable (Ink draws only the last frame under CI). */
export function terminalEnv(scratch: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { CI: _ci, CONTINUOUS_INTEGRATION: _ci2, ...rest } = process.env;
  return { ...rest, TMPDIR: scratch, LANG: 'C.UTF-8', GIT_CONFIG_NOSYSTEM: '1', HOME: scratch, NO_COLOR: '1', ...extra };
}
