import { constants, fchmodSync, fstatSync, fsyncSync, lstatSync, openSync, unlinkSync } from 'node:fs';
import { closeQuietly, ioError, PRIVATE_FILE_MODE, writeAll } from './private-fs.js';

/**
 * Inside the incident store, a file holding secrets is named `<something>.secret`, so one that a killed
 * process left behind is found and removed when the store is next opened (stale-secrets.ts).
 */
export const STORE_SECRET_SUFFIX = '.secret';

export function isStoreSecretName(name: string): boolean {
  return name.endsWith(STORE_SECRET_SUFFIX) && name.length > STORE_SECRET_SUFFIX.length;
}

/**
 * Files that must hold a secret for a moment (git-filter-repo's --replace-text list, a freshly minted
 * key on its way to an env file) are born private and die scrubbed.
 *
 * writeSecretFile creates the file with mode 0600 in the open(2) call itself, so there is no instant
 * where another user could open it; O_EXCL also refuses to follow a symlink planted at `path`. An
 * existing file at `path` (left by a crash) is scrubbed and replaced.
 */
export function writeSecretFile(path: string, content: string | Uint8Array): void {
  removeSecretFile(path);
  let fd: number | null = null;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, PRIVATE_FILE_MODE);
    // The umask can only have narrowed 0600; pin it exactly (never widens beyond what open gave).
    fchmodSync(fd, PRIVATE_FILE_MODE);
    writeAll(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    fsyncSync(fd);
  } catch (e) {
    throw ioError(`cannot write secret file ${path}`, e);
  } finally {
    if (fd !== null) closeQuietly(fd);
  }
}

/**
 * Overwrite the file with zeros, fsync, then unlink. Best effort and never throws: on copy-on-write or
 * journaling filesystems and SSDs the old blocks may survive, which is why secret files live inside
 * the 0700 store and only as long as needed. A symlink is unlinked without touching its target.
 * Returns whether something was removed.
 */
export function removeSecretFile(path: string): boolean {
  let isRegularFile: boolean;
  try {
    isRegularFile = lstatSync(path).isFile();
  } catch {
    return false;
  }
  if (isRegularFile) overwriteWithZeros(path);
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}

function overwriteWithZeros(path: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_NOFOLLOW);
    const size = fstatSync(fd).size;
    const zeros = Buffer.alloc(Math.min(size, 1 << 20));
    for (let offset = 0; offset < size; offset += zeros.length) {
      const length = Math.min(zeros.length, size - offset);
      writeAll(fd, zeros.subarray(0, length));
    }
    fsyncSync(fd);
  } catch {
    // best effort: unlink still happens
  } finally {
    if (fd !== null) closeQuietly(fd);
  }
}
