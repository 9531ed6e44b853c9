import {
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { SpillkitError } from '../errors.js';

/**
 * The incident store holds findings, plans and journals of a live incident: nobody but the operator
 * may read them. Every directory is 0700 and every file 0600, exactly, whatever the umask (a umask can
 * only remove bits, so files are born at most 0600 and fchmod/chmod then pin the exact mode).
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Create `dir` (and parents) if needed and make sure it is 0700, also when it already existed wider. */
export function ensurePrivateDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    if ((statSync(dir).mode & 0o777) !== PRIVATE_DIR_MODE) chmodSync(dir, PRIVATE_DIR_MODE);
  } catch (e) {
    throw ioError(`cannot create private directory ${dir}`, e);
  }
}

/**
 * Write `content` to `path` so that a crash leaves either the old file or the new one, never a mix:
 * a temp file in the same directory (same filesystem, so rename is atomic), fsync, rename, then fsync
 * the directory so the rename itself survives a power loss. Mode 0600 unless told otherwise (a hook
 * script is 0755), set on the open file so the umask cannot widen or narrow it.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, mode: number = PRIVATE_FILE_MODE): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
    fchmodSync(fd, mode);
    writeAll(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, path);
    fsyncDir(dir);
  } catch (e) {
    if (fd !== null) closeQuietly(fd);
    unlinkQuietly(temp);
    throw ioError(`cannot write ${path}`, e);
  }
}

/** write(2) may write less than asked; loop until every byte is down. */
export function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Make a rename or a new directory entry durable. Some platforms cannot fsync a directory; that is fine. */
export function fsyncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // best effort: Windows and some network filesystems refuse directory fsync
  } finally {
    if (fd !== null) closeQuietly(fd);
  }
}

export function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed or invalid; nothing to recover
  }
}

export function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Wrap a Node fs error as a SpillkitError('IO') that keeps the errno code, unless it already is one. */
export function ioError(message: string, cause: unknown): SpillkitError {
  if (cause instanceof SpillkitError) return cause;
  const errno = (cause as NodeJS.ErrnoException | undefined)?.code;
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new SpillkitError('IO', `${message}${detail}`, errno ? { errno } : {});
}
