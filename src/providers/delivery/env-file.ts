import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SpillkitError } from '../../errors.js';
import { writeEnvFile } from '../env-file.js';
import type { DeliveryTarget } from './target.js';

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=/;

function assignedNames(file: string): Set<string> {
  const names = new Set<string>();
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = ASSIGNMENT.exec(line);
    if (m) names.add(m[1]);
  }
  return names;
}

/** A dotenv file: only the named variables change, the file is replaced atomically and is mode 0600. */
export const envFileTarget: DeliveryTarget<'env-file'> = {
  kind: 'env-file',
  parse(spec) {
    if (!spec.trim()) throw new SpillkitError('USAGE', '--to-env-file takes a FILE');
    return { kind: 'env-file', file: resolve(spec) };
  },
  async check(d) {
    const dir = dirname(d.file);
    try {
      accessSync(dir, constants.W_OK);
      if (existsSync(d.file)) accessSync(d.file, constants.R_OK);
    } catch (e) {
      throw new SpillkitError('IO', `cannot write ${d.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return existsSync(d.file) ? `${d.file} exists and is writable` : `${d.file} will be created (mode 0600)`;
  },
  async deliver(d, values) {
    const before = existsSync(d.file) ? assignedNames(d.file) : new Set<string>();
    writeEnvFile(d.file, values);
    const names = Object.keys(values);
    return { entries: names, created: names.filter((n) => !before.has(n)) };
  },
  async readBack(d, receipt) {
    const names = assignedNames(d.file);
    const missing = receipt.entries.filter((n) => !names.has(n));
    if (missing.length) throw new SpillkitError('IO', `${d.file} does not assign ${missing.join(', ')} after the write`);
    const mode = statSync(d.file).mode & 0o777;
    return `${receipt.entries.join(', ')} assigned; mode ${mode.toString(8).padStart(4, '0')}`;
  },
  describe: (d) => d.file,
  entryName: () => null,
};
