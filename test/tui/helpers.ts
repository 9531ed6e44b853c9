import { EventEmitter } from 'node:events';
import { render, type Instance } from 'ink';
import { createElement } from 'react';
import { afterEach, expect } from 'vitest';
import { App, type AppProps } from '../../src/tui/App.js';
import type { FakeRunner } from './fake-runner.js';

export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  esc: '\u001B',
  space: ' ',
  tab: '\t',
  backspace: '\u007F',
  ctrlC: '\u0003',
} as const;

/** ink-testing-library's streams, with a terminal size of our choosing (it is fixed at 100 columns). */
export class TestStdout extends EventEmitter {
  frames: string[] = [];
  constructor(public columns: number, public rows: number) {
    super();
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    return true;
  };
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

export class TestStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(data: string): void {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = (): string | null => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

export interface Screen {
  runner: FakeRunner;
  stdout: TestStdout;
  instance: Instance;
  /** The last frame (the whole screen as text). */
  frame(): string;
  press(...keys: string[]): Promise<void>;
  type(text: string): Promise<void>;
  /** Polls until the frame contains every text (or fails showing the frame). */
  shows(...texts: string[]): Promise<string>;
}

const mounted: Instance[] = [];
afterEach(() => {
  for (const instance of mounted.splice(0)) {
    instance.unmount();
    instance.cleanup();
  }
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function mount(runner: FakeRunner, props: Partial<AppProps> = {}, size = { columns: 120, rows: 40 }): Promise<Screen> {
  const stdout = new TestStdout(size.columns, size.rows);
  const stdin = new TestStdin();
  // The opening (a pending scan runs by itself) is tested on its own; elsewhere the tests drive every step.
  const instance = render(createElement(App, { runner, autoStart: false, ...props }), {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new TestStdout(size.columns, size.rows) as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  mounted.push(instance);
  const screen: Screen = {
    runner,
    stdout,
    instance,
    frame: () => stdout.frames[stdout.frames.length - 1] ?? '',
    async press(...keys: string[]) {
      for (const key of keys) {
        stdin.write(key);
        // Ink resolves a lone ESC on the next tick; React renders soon after.
        await pause(8);
      }
    },
    async type(text: string) {
      for (const ch of text) await screen.press(ch);
    },
    async shows(...texts: string[]) {
      await until(() => {
        for (const t of texts) expect(screen.frame()).toContain(t);
      });
      return screen.frame();
    },
  };
  await until(() => expect(runner.called('start')).toHaveLength(1));
  return screen;
}

export async function until(check: () => void, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await pause(10);
    }
  }
}
