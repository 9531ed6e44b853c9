import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { SpillkitError } from '../errors.js';
import { readRegularText } from './safe-fs.js';

/** Where a repository keeps its data; a worktree, a bare repo and a `.git` dir all resolve to this. */
export interface Repository {
  gitdir: string;
  /** Holds objects/, refs/, packed-refs (differs from gitdir only for linked worktrees). */
  commondir: string;
  worktree: string | null;
  bare: boolean;
  /** objects/ of this repo first, then every alternate (recursively, as git follows them). */
  objectDirs: string[];
  shallow: boolean;
  /** What could not be read while opening it (an alternates file that is a FIFO, ...). */
  warnings: string[];
}

const SMALL_FILE = 64 << 10;

function isGitDir(dir: string): boolean {
  return existsSync(join(dir, 'HEAD')) && (existsSync(join(dir, 'objects')) || existsSync(join(dir, 'commondir')));
}

/** A `.git` file (worktrees, submodules) holds `gitdir: <path>`. */
function followGitFile(file: string): string {
  const text = (readRegularText(file, SMALL_FILE) ?? '').trim();
  const m = /^gitdir:\s*(.+)$/m.exec(text);
  if (!m) throw new SpillkitError('NOT_A_REPO', `${file} is not a valid .git file`);
  return isAbsolute(m[1]) ? m[1] : resolve(dirname(file), m[1]);
}

export function openRepository(path: string): Repository {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new SpillkitError('NOT_A_REPO', `${path}: no such file or directory`);
  let gitdir: string | null = null;
  let worktree: string | null = null;
  // Walk up like git does, so a subdirectory of a worktree works too.
  for (let dir = abs; ; dir = dirname(dir)) {
    const dotgit = join(dir, '.git');
    if (existsSync(dotgit)) {
      gitdir = statSync(dotgit).isFile() ? followGitFile(dotgit) : dotgit;
      worktree = dir;
      break;
    }
    if (isGitDir(dir)) {
      gitdir = dir;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  if (!gitdir || !isGitDir(gitdir)) {
    throw new SpillkitError('NOT_A_REPO', `${path} is not a git repository (no .git directory, not a bare repository)`);
  }
  const commondirFile = join(gitdir, 'commondir');
  const commondirText = readRegularText(commondirFile, SMALL_FILE);
  const commondir = commondirText !== null ? resolve(gitdir, commondirText.trim()) : gitdir;
  const objects = join(commondir, 'objects');
  if (!isDirectory(objects)) throw new SpillkitError('NOT_A_REPO', `${gitdir} has no objects directory`);
  const bare = worktree === null && !/[\\/]\.git$/.test(gitdir);
  const warnings: string[] = [];
  return {
    gitdir,
    commondir,
    worktree,
    bare,
    objectDirs: collectObjectDirs(objects, warnings),
    shallow: existsSync(join(commondir, 'shallow')),
    warnings,
  };
}

/**
 * objects/info/alternates lists further object dirs, one per line, relative to the objects dir. One
 * that cannot be read (a FIFO, say) is a warning: the objects it would have added are not scanned.
 */
function collectObjectDirs(first: string, warnings: string[]): string[] {
  const seen: string[] = [];
  const visit = (dir: string, depth: number): void => {
    const real = resolve(dir);
    if (seen.includes(real) || depth > 5) return;
    if (!existsSync(real)) return;
    seen.push(real);
    const alt = join(real, 'info', 'alternates');
    let text: string | null;
    try {
      text = readRegularText(alt, SMALL_FILE);
    } catch (e) {
      if (!(e instanceof SpillkitError)) throw e;
      warnings.push(`${e.message}; the object directories it lists were not scanned`);
      return;
    }
    if (text === null) return;
    for (const line of text.split('\n')) {
      const l = line.trim();
      if (!l || l.startsWith('#')) continue;
      visit(isAbsolute(l) ? l : resolve(real, l), depth + 1);
    }
  };
  visit(first, 0);
  return seen;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
