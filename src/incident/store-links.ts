import { chmodSync, lstatSync, mkdirSync, readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { SpillkitError } from '../errors.js';
import { ioError, PRIVATE_DIR_MODE } from './private-fs.js';

/**
 * The incident store lives inside `.git`, and a repository (or whoever can write to it) may have put a
 * symbolic link there: `.git/spillkit -> /tmp/elsewhere`, a linked `incidents/` or `journal.jsonl`.
 * Following one would write incident data, journals and replacement lists wherever the link points,
 * outside the 0700 directory that protects them. The store is therefore made of real directories and
 * real files only: a link anywhere in it is refused, never followed.
 */

/** Create a store directory (0700) or check an existing one; a link or a non-directory is refused. */
export function ensureStoreDir(dir: string): void {
  const kind = kindOf(dir);
  if (kind === 'missing') {
    try {
      // Not recursive: its parent is a store directory already checked, and must not be created through a link.
      mkdirSync(dir, { mode: PRIVATE_DIR_MODE });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw ioError(`cannot create private directory ${dir}`, e);
    }
  }
  const now = kindOf(dir);
  if (now === 'link') throw linkError(dir);
  if (now !== 'dir') throw notADirectory(dir);
  try {
    if ((lstatSync(dir).mode & 0o777) !== PRIVATE_DIR_MODE) chmodSync(dir, PRIVATE_DIR_MODE);
  } catch (e) {
    throw ioError(`cannot make ${dir} private`, e);
  }
}

/** Refuse a store directory that is a link (or not a directory); a missing one is fine. */
export function assertStoreDir(dir: string): void {
  const kind = kindOf(dir);
  if (kind === 'link') throw linkError(dir);
  if (kind !== 'missing' && kind !== 'dir') throw notADirectory(dir);
}

/** Refuse a store file that is a link (or not a regular file); a missing one is fine. */
export function assertStoreFile(path: string): void {
  const kind = kindOf(path);
  if (kind === 'link') throw linkError(path);
  if (kind !== 'missing' && kind !== 'file') {
    throw new SpillkitError('UNSAFE_STORE', `${path} in the incident store is not a regular file; move it aside and retry`, { path });
  }
}

/**
 * Refuse the store if any of its entries down to the incident directories' contents is a link. Below
 * that live git mirrors (git's own layout), which spillkit reaches only through git.
 */
export function assertNoLinksInStore(root: string): void {
  const rootKind = kindOf(root);
  if (rootKind === 'missing') return;
  if (rootKind === 'link') throw linkError(root);
  if (rootKind !== 'dir') throw notADirectory(root);
  for (const entry of entries(root)) {
    const path = join(root, entry.name);
    if (entry.isSymbolicLink()) throw linkError(path);
    if (!entry.isDirectory()) continue;
    for (const inner of entries(path)) {
      const innerPath = join(path, inner.name);
      if (inner.isSymbolicLink()) throw linkError(innerPath);
      // incidents/<id>/: the journal, the lock, artifacts and the rewrite run directories.
      if (entry.name === 'incidents' && inner.isDirectory()) {
        for (const file of entries(innerPath)) if (file.isSymbolicLink()) throw linkError(join(innerPath, file.name));
      }
    }
  }
}

type Kind = 'missing' | 'link' | 'dir' | 'file' | 'other';

function kindOf(path: string): Kind {
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return 'link';
    if (st.isDirectory()) return 'dir';
    return st.isFile() ? 'file' : 'other';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw ioError(`cannot inspect ${path}`, e);
  }
}

function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw ioError(`cannot list ${dir}`, e);
  }
}

function linkError(path: string): SpillkitError {
  return new SpillkitError(
    'UNSAFE_STORE',
    `${path} is a symbolic link: spillkit never writes its incident store through a link; remove the link (move the real directory or file into its place if you need its content) and retry`,
    { path },
  );
}

function notADirectory(path: string): SpillkitError {
  return new SpillkitError('UNSAFE_STORE', `${path} in the incident store is not a directory; move it aside and retry`, { path });
}
