import { SpillkitError } from '../errors.js';
import { terminalLines } from '../report/safe-text.js';

/** A yes/no question on the terminal; anything but y/yes is no. */
export async function confirm(question: string): Promise<boolean> {
  const answer = await readLine(`${question} [y/N] `, false);
  return /^y(es)?$/i.test(answer.trim());
}

/** Reads a value without echoing it (a pasted token). Only on a TTY. */
export function promptHidden(question: string): Promise<string> {
  return readLine(question, true);
}

function readLine(question: string, hidden: boolean): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return Promise.reject(new SpillkitError('USAGE', 'this step needs a terminal to answer (or --yes)'));
  // The question names a redacted hint, a path or a target: shown escaped like any other output.
  process.stderr.write(terminalLines(question));
  return new Promise((resolve, reject) => {
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    const done = (err?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new SpillkitError('USAGE', 'cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else {
          value += ch;
          if (!hidden) process.stderr.write(ch);
        }
      }
    };
    stdin.on('data', onData);
  });
}
