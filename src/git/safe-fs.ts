import { closeSync, fstatSync, lstatSync, openSync, readSync, constants } from 'node:fs';
import { SpillkitError } from '../errors.js';

/**
 * Reading files a repository controls (HEAD, refs, packed-refs, alternates, objects, configs).
 * A FIFO or a device there would block a read forever, so nothing that is not a regular file is ever
 * opened: the type is checked before the open (lstat, so a symlink is judged by what it is), and the
 * open itself uses O_NONBLOCK so that a file swapped for a FIFO in between cannot block either; the
 * opened descriptor is checked again with fstat.
 */

/** True when `path` exists and is a regular file (a symlink counts only if it points at one). */
export function isRegularFile(path: string, followSymlink = true): boolean {
  try {
    const st = lstatSync(path);
    if (st.isFile()) return true;
    if (!st.isSymbolicLink() || !followSymlink) return false;
    return statFollow(path)?.isFile() ?? false;
  } catch {
    return false;
  }
}

function statFollow(path: string): ReturnType<typeof lstatSync> | null {
  try {
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      return fstatSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}

/**
 * Opens a regular file for reading (the caller closes the descriptor), or returns null when it does
 * not exist. Anything else at that path (FIFO, socket, device, directory) is refused with an IO error
 * instead of being opened for reading.
 */
export function openRegularFile(path: string): { fd: number; size: number } | null {
  let fd: number;
  try {
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (st === undefined) return null;
    if (!st.isFile() && !st.isSymbolicLink()) throw notRegular(path);
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    if (e instanceof SpillkitError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SpillkitError('IO', `cannot read ${path}: ${(e as Error).message}`, { path });
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    throw notRegular(path);
  }
  return { fd, size: st.size };
}

function readFrom(fd: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, got);
    if (n === 0) break;
    got += n;
  }
  return got === buf.length ? buf : buf.subarray(0, got);
}

/**
 * Reads a regular file whole, at most `limit` bytes (a larger one is an IO error naming it), or
 * returns null when it does not exist; anything but a regular file is refused (IO error).
 */
export function readRegularFile(path: string, limit = 64 << 20): Buffer | null {
  const f = openRegularFile(path);
  if (f === null) return null;
  try {
    if (f.size > limit) throw new SpillkitError('IO', `${path} is ${f.size} bytes, more than the ${limit} this file may hold`, { path });
    return readFrom(f.fd, f.size);
  } finally {
    closeSync(f.fd);
  }
}

/**
 * The first `length` bytes of a regular file (fewer when it is shorter) and its whole size, so a
 * caller can judge a file by its head before reading the rest. Null when it does not exist.
 */
export function readRegularFileHead(path: string, length: number): { head: Buffer; size: number } | null {
  const f = openRegularFile(path);
  if (f === null) return null;
  try {
    return { head: readFrom(f.fd, Math.min(length, f.size)), size: f.size };
  } finally {
    closeSync(f.fd);
  }
}

/** The same, as UTF-8 text. */
export function readRegularText(path: string, limit?: number): string | null {
  const buf = readRegularFile(path, limit);
  return buf === null ? null : buf.toString('utf8');
}

function notRegular(path: string): SpillkitError {
  return new SpillkitError('IO', `${path} is not a regular file (a FIFO, socket, device or directory): not read`, { path });
}
