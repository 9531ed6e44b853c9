/**
 * `--playbook ID|FILE`: a built-in playbook by id (playbooks/<id>.yaml in the package, found from this
 * module so it works from src/ under the tests and from dist/ when installed), or a user's file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpillkitError } from '../errors.js';
import { parsePlaybook } from './schema.js';
import type { Playbook } from './types.js';

export const BUILTIN_PLAYBOOK_DIR = fileURLToPath(new URL('../../playbooks/', import.meta.url));
export const DEFAULT_PLAYBOOK = 'committed-secret';

/** Ids of the shipped playbooks, sorted. */
export function builtinPlaybookIds(dir: string = BUILTIN_PLAYBOOK_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.slice(0, -'.yaml'.length))
    .sort();
}

/** A path-like reference (or an existing file) is a user file; anything else is a built-in id. */
export function isPlaybookFile(ref: string, cwd: string = process.cwd()): boolean {
  if (/[/\\]/.test(ref) || /\.ya?ml$/i.test(ref)) return true;
  const candidate = resolve(cwd, ref);
  return existsSync(candidate) && statSync(candidate).isFile();
}

export function loadPlaybook(ref: string, cwd: string = process.cwd()): Playbook {
  if (isPlaybookFile(ref, cwd)) {
    const file = resolve(cwd, ref);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new SpillkitError('USAGE', `--playbook ${ref}: ${code === 'ENOENT' ? 'no such file' : code ?? (e as Error).message}`);
    }
    return parsePlaybook(text, file, false);
  }
  const ids = builtinPlaybookIds();
  if (!ids.includes(ref)) {
    throw new SpillkitError('USAGE', `no built-in playbook "${ref}" (built in: ${ids.join(', ')}; or give a path to a .yaml file)`);
  }
  const file = resolve(BUILTIN_PLAYBOOK_DIR, `${ref}.yaml`);
  const playbook = parsePlaybook(readFileSync(file, 'utf8'), file, true);
  if (playbook.id !== ref) {
    throw new SpillkitError('BAD_CONFIG', `${file}: id "${playbook.id}" does not match the file name ${basename(file)}`, { file });
  }
  return playbook;
}

/** How an incident records its playbook, so resume loads the same one: a built-in's id, else the path. */
export function playbookRef(playbook: Playbook): string {
  return playbook.builtin ? playbook.id : playbook.source;
}
