import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { SpillkitError } from '../errors.js';
import { openRepository } from '../git/repo.js';
import type { SweepTarget } from './types.js';

/** Directories that never hold a repository worth a sweep, only copies of packages. */
const SKIPPED_DIRS = new Set(['node_modules']);

export interface LocalDiscovery {
  targets: SweepTarget[];
  warnings: string[];
}

/**
 * Every git repository under `root`: worktrees (a `.git` directory or a `.git` file, as linked
 * worktrees and submodules have), bare repositories and bare `.git`-style directories. It descends into
 * worktrees (vendored checkouts and submodules are repositories of their own) but never into a `.git`
 * directory or a bare repository (objects, not projects), never through a symbolic link (no loops, no
 * escaping `root`), and never into node_modules. Linked worktrees share their main repository's object
 * database, so each database is scanned once, under the first name found.
 *
 * Names are `/`-separated paths relative to `root` (the root repository itself takes `root`'s base name),
 * so the same tree gives the same names, and so the same shards, on every machine.
 */
export function discoverLocalRepositories(root: string): LocalDiscovery {
  const top = resolve(root);
  if (!existsSync(top) || !statSync(top).isDirectory()) {
    throw new SpillkitError('USAGE', `${root}: not a directory`);
  }
  const targets: SweepTarget[] = [];
  const warnings: string[] = [];
  const seenDatabases = new Set<string>();

  const add = (dir: string): void => {
    let commondir: string;
    try {
      commondir = realpathSync(openRepository(dir).commondir);
    } catch (e) {
      warnings.push(`${dir}: looks like a repository but cannot be opened: ${(e as Error).message}`);
      return;
    }
    if (seenDatabases.has(commondir)) return;
    seenDatabases.add(commondir);
    const rel = relative(top, dir).split(sep).join('/');
    targets.push({ name: rel === '' ? basename(top) : rel, source: dir, localPath: dir });
  };

  const visit = (dir: string): void => {
    if (isBareRepository(dir)) {
      add(dir);
      return;
    }
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (e) {
      warnings.push(`${dir}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}), not swept`);
      return;
    }
    if (entries.includes('.git')) add(dir);
    for (const name of entries) {
      if (name === '.git' || SKIPPED_DIRS.has(name)) continue;
      const child = join(dir, name);
      let info;
      try {
        info = lstatSync(child);
      } catch {
        continue;
      }
      if (info.isDirectory()) visit(child);
    }
  };
  visit(top);
  targets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { targets, warnings };
}

/** A git directory without a worktree: HEAD, objects/ and refs/ side by side, as git itself checks. */
function isBareRepository(dir: string): boolean {
  return existsSync(join(dir, 'HEAD')) && isDir(join(dir, 'objects')) && isDir(join(dir, 'refs'));
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
