import { writeFileAtomic } from '../incident/private-fs.js';

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
