/**
 * Reading config files by where they come from. The user's own `--config FILE` is read as it is. A
 * scanned repository's own config (`.spillkit.yaml`, `.gitleaks.toml` and what they `[extend]`) is
 * hostile input: it is read only as a regular file (never a FIFO or device, which would block), of at
 * most REPO_CONFIG_LIMIT bytes, and only inside the repository's worktree (a symlink or an
 * `[extend] path` pointing elsewhere is not followed).
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, relative, resolve, isAbsolute } from 'node:path';
import { isSpillkitError, SpillkitError } from '../errors.js';
import { isRegularFile, readRegularText } from '../git/safe-fs.js';

/** `repository`: the worktree whose own file this is; absent for the user's `--config`. */
export interface ConfigOrigin {
  repository?: string;
}

export const USER: ConfigOrigin = {};

/** Far above any real config, small enough that parsing one can never be the slow part of a scan. */
export const REPO_CONFIG_LIMIT = 1 << 20;

/** True when `path` (resolved through symlinks) lies inside `root`. */
function inside(root: string, path: string): boolean {
  try {
    const rel = relative(realpathSync(root), realpathSync(path));
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  } catch {
    return false;
  }
}

/** Which of `names` exist at the worktree root as regular files inside it, and why others were not read. */
export function findRepositoryConfigs(root: string, names: string[]): { files: string[]; warnings: string[] } {
  const files: string[] = [];
  const warnings: string[] = [];
  for (const name of names) {
    const path = resolve(root, name);
    if (!isRegularFile(path)) continue;
    if (inside(root, path)) files.push(name);
    else warnings.push(`${path}: the repository's own config points outside the repository and was not read`);
  }
  return { files, warnings };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function readConfig(file: string, origin: ConfigOrigin): string {
  if (origin.repository !== undefined) {
    try {
      const text = readRegularText(file, REPO_CONFIG_LIMIT);
      if (text !== null) return text;
    } catch (e) {
      if (isSpillkitError(e)) throw new SpillkitError('BAD_CONFIG', e.message, { file });
      throw e;
    }
    throw new SpillkitError('BAD_CONFIG', `${file}: config file no such file`, { file });
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot be read';
    throw new SpillkitError('BAD_CONFIG', `${file}: config file ${why}`, { file });
  }
}

/**
 * The file a gitleaks `[extend] path` names (relative to the file naming it), or, for a repository's
 * config whose target lies outside the repository, a warning saying it was not followed. A target that
 * is not a file is BAD_CONFIG, as for any missing config.
 */
export function extendTarget(file: string, extendPath: string, origin: ConfigOrigin): string | { warning: string } {
  const base = resolve(dirname(file), extendPath);
  const exists = origin.repository === undefined ? isFile(base) : isRegularFile(base);
  if (!exists) throw new SpillkitError('BAD_CONFIG', `${file}: [extend] path ${extendPath} is not a file (looked at ${base})`, { file });
  if (origin.repository !== undefined && !inside(origin.repository, base)) {
    return { warning: `${file}: [extend] path ${JSON.stringify(extendPath)} not followed: it is outside the repository` };
  }
  return base;
}
