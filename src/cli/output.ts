import { writeFileAtomic } from '../incident/private-fs.js';
import { jsonSafe, terminalLines, terminalSafe } from '../report/safe-text.js';

/** Colour only for a terminal, and never when the user or NO_COLOR says no. */
export function useColor(stream: NodeJS.WriteStream, noColorFlag: boolean | undefined): boolean {
  if (noColorFlag || process.env.NO_COLOR !== undefined || process.env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/**
 * `--output FILE`: written whole through a temp file and a rename, mode 0600 from creation since a
 * report may carry secrets (`--show-secrets`) and always carries where they are.
 */
export function writeOutputFile(file: string, content: string): void {
  writeFileAtomic(file, content);
}

/*
 * The sinks of human-facing plain text. Messages embed paths, ref names, provider answers and error
 * texts, any of which may hold an ESC, a CR or a bidi override: each sink escapes every unsafe
 * character but spillkit's own line breaks (safe-text.ts), so no command has to remember to.
 * Coloured views (scan, sweep, audit text) escape each value themselves and write their own SGR.
 */

/** Plain text on stdout. */
export function printText(text: string): void {
  process.stdout.write(terminalLines(text));
}

/** Plain text on stderr (notes, prompts' context, what a failed step said). */
export function printNote(text: string): void {
  process.stderr.write(terminalLines(text));
}

/** `spillkit: warning: …` on stderr; a warning is one line, whatever its text holds. */
export function printWarning(message: string): void {
  process.stderr.write(`spillkit: warning: ${terminalSafe(message)}\n`);
}

/** Machine output on stdout: JSON whose strings hold no raw C1, bidi or zero-width character either. */
export function printJson(value: unknown, indent?: number): void {
  process.stdout.write(`${jsonSafe(JSON.stringify(value, null, indent))}\n`);
}
