import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SpillkitError } from '../errors.js';

/** Flags every command accepts (SPEC: Global). */
export const GLOBAL_OPTIONS = {
  json: { type: 'boolean' },
  yes: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

type CommandConfig<O> = { args: string[]; options: typeof GLOBAL_OPTIONS & O; allowPositionals: true; strict: true };

/** parseArgs with its exceptions turned into one-line usage errors (exit 2). */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: O,
  command: string,
): ReturnType<typeof parseArgs<CommandConfig<O>>> {
  try {
    return parseArgs({ args: argv, options: { ...GLOBAL_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new SpillkitError('USAGE', `${command}: ${msg} (see \`spillkit ${command} --help\`)`);
  }
}

export function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new SpillkitError('USAGE', `${flag} takes a positive whole number, not '${value}'`);
  return Number(value);
}
