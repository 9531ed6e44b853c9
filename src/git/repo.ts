import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { SpillkitError } from '../errors.js';

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
}

function isGitDir(dir: string): boolean {
  return existsSync(join(dir, 'HEAD')) && (existsSync(join(dir, 'objects')) || existsSync(join(dir, 'commondir')));
}

/** A `.git` file (worktrees, submodules) holds `gitdir: <path>`. */
function followGitFile(file: string): string {
  const text = readFileSync(file, 'utf8').trim();
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
  const commondir = existsSync(commondirFile)
    ? resolve(gitdir, readFileSync(commondirFile, 'utf8').trim())
    : gitdir;
  const objects = join(commondir, 'objects');
  if (!existsSync(objects)) throw new SpillkitError('NOT_A_REPO', `${gitdir} has no objects directory`);
  const bare = worktree === null && !/[\\/]\.git$/.test(gitdir);
  return {
    gitdir,
    commondir,
    worktree,
    bare,
    objectDirs: collectObjectDirs(objects),
    shallow: existsSync(join(commondir, 'shallow')),
  };
}

/** objects/info/alternates lists further object dirs, one per line, relative to the objects dir. */
function collectObjectDirs(first: string): string[] {
  const seen: string[] = [];
  const visit = (dir: string, depth: number): void => {
    const real = resolve(dir);
    if (seen.includes(real) || depth > 5) return;
    if (!existsSync(real)) return;
    seen.push(real);
    const alt = join(real, 'info', 'alternates');
    if (!existsSync(alt)) return;
    for (const line of readFileSync(alt, 'utf8').split('\n')) {
      const l = line.trim();
      if (!l || l.startsWith('#')) continue;
      visit(isAbsolute(l) ? l : resolve(real, l), depth + 1);
    }
  };
  visit(first, 0);
  return seen;
}
