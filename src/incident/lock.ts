import { constants, fsyncSync, linkSync, openSync, readFileSync, renameSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { SpillkitError } from '../errors.js';
import { closeQuietly, fsyncDir, ioError, PRIVATE_FILE_MODE, unlinkQuietly, writeAll } from './private-fs.js';

/** Contents of a `lock` file: who holds it, so the next process can say so (or see that it died). */
export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  purpose: string;
  /** Random id of this acquisition, so release() never removes a lock somebody else took. */
  token: string;
}

export interface Lock {
  path: string;
  info: LockInfo;
  /** The stale lock (holder no longer running) this acquisition replaced; journal it. Null if none. */
  tookOver: LockInfo | null;
  release(): void;
}

export interface AcquireLockOptions {
  /** How messages name what is locked. Default: `incident <basename of dir>`. */
  label?: string;
  /**
   * Keep trying this long while a live process holds the lock (default 0: refuse at once). For locks
   * held only for moments, like the store lock around opening an incident.
   */
  waitMs?: number;
}

const RETRY_EVERY_MS = 15;

/** A lock file that cannot be parsed this young is probably being written by its creator right now. */
const FRESH_UNREADABLE_MS = 2_000;
const LOCK_FILE = 'lock';

/** Locks this process holds; removed on normal exit. A SIGKILLed holder leaves a stale lock instead. */
const held = new Set<Lock>();
let exitHookInstalled = false;

/**
 * Take the exclusive lock of `dir` (an incident directory, or the store): one process at a time runs an
 * incident's steps and writes its journal. The lock is a file created with O_EXCL holding LockInfo.
 *
 * If it exists and its holder is alive, this throws SpillkitError('LOCKED') naming pid, time and
 * purpose. If the holder is gone (same host, `kill(pid, 0)` fails with ESRCH) the lock is stale and is
 * taken over; `tookOver` tells the caller so it can be journaled. A lock from another host is never
 * judged stale: we cannot see its processes.
 *
 * Signals: Node runs no 'exit' handlers when killed by SIGINT/SIGTERM unless the program handles them;
 * the CLI's handlers must call process.exit() so locks are released. A lock left by kill -9 is stale
 * and the next run takes it over.
 */
export function acquireLock(dir: string, purpose: string, options: AcquireLockOptions = {}): Lock {
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    try {
      return tryAcquire(dir, purpose, options);
    } catch (e) {
      if (!(e instanceof SpillkitError) || e.code !== 'LOCKED' || Date.now() >= deadline) throw e;
      sleepSync(RETRY_EVERY_MS);
    }
  }
}

function tryAcquire(dir: string, purpose: string, options: AcquireLockOptions): Lock {
  const path = join(dir, LOCK_FILE);
  const label = options.label ?? `incident ${basename(dir)}`;
  let tookOver: LockInfo | null = null;

  for (let attempt = 0; attempt < 5; attempt++) {
    const info: LockInfo = {
      pid: process.pid,
      host: hostname(),
      startedAt: new Date().toISOString(),
      purpose,
      token: randomBytes(8).toString('hex'),
    };
    const raw = JSON.stringify(info) + '\n';
    if (tryCreate(path, raw)) return hold(path, info, raw, tookOver);

    const seen = readLockFile(path);
    if (seen === null) continue; // released between our create and our read: try again
    const holder = parseLockInfo(seen);
    if (holder === null) {
      if (ageMs(path) < FRESH_UNREADABLE_MS) {
        throw new SpillkitError('LOCKED', `${label} is being locked by another process right now; retry in a moment`, {
          path,
        });
      }
    } else if (!isStale(holder)) {
      throw lockedError(label, path, holder);
    }
    if (takeOverStale(path, seen)) tookOver = holder ?? unknownHolder();
    else if (holder !== null) throw lockedError(label, path, holder);
  }
  throw new SpillkitError('LOCKED', `${label}: could not take the lock ${path}; another process keeps taking it`, {
    path,
  });
}

/** Lock callers are synchronous; the waits are a few milliseconds. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function tryCreate(path: string, raw: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, PRIVATE_FILE_MODE);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw ioError(`cannot create lock ${path}`, e);
  }
  try {
    writeAll(fd, Buffer.from(raw, 'utf8'));
    fsyncSync(fd);
  } catch (e) {
    closeQuietly(fd);
    fd = null;
    unlinkQuietly(path);
    throw ioError(`cannot write lock ${path}`, e);
  } finally {
    if (fd !== null) closeQuietly(fd);
  }
  return true;
}

function hold(path: string, info: LockInfo, raw: string, tookOver: LockInfo | null): Lock {
  const lock: Lock = {
    path,
    info,
    tookOver,
    release() {
      if (!held.delete(lock)) return;
      // Remove only our own lock: if it was (wrongly) taken over, the new holder's file stays.
      if (readLockFile(path) === raw) unlinkQuietly(path);
    },
  };
  held.add(lock);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const lock of [...held]) lock.release();
    });
  }
  return lock;
}

/**
 * Move the stale lock aside atomically (only one contender's rename succeeds), then check that what
 * we moved is the file we judged stale. If a live process replaced it in between, put it back.
 */
function takeOverStale(path: string, judged: string): boolean {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true; // someone else removed it
    throw ioError(`cannot take over stale lock ${path}`, e);
  }
  const moved = readLockFile(aside);
  if (moved !== judged) {
    try {
      linkSync(aside, path); // fails if yet another process locked meanwhile; then that one holds it
    } catch {
      // the lock is held by someone either way
    }
    unlinkQuietly(aside);
    return false;
  }
  unlinkQuietly(aside);
  fsyncDir(dirname(path));
  return true;
}

function isStale(holder: LockInfo): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (e) {
    // EPERM: the process exists but belongs to another user, so it is alive.
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function lockedError(label: string, path: string, holder: LockInfo): SpillkitError {
  const where = holder.host === hostname() ? '' : ` on ${holder.host}`;
  return new SpillkitError(
    'LOCKED',
    `${label} is in use by pid ${holder.pid}${where} since ${holder.startedAt} (${holder.purpose}); ` +
      `wait for it to finish or stop it, then retry; if that process no longer exists, delete ${path}`,
    { path, pid: holder.pid, host: holder.host, startedAt: holder.startedAt, purpose: holder.purpose },
  );
}

function readLockFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw ioError(`cannot read lock ${path}`, e);
  }
}

function parseLockInfo(raw: string): LockInfo | null {
  try {
    const value = JSON.parse(raw) as Partial<LockInfo> | null;
    if (value && Number.isInteger(value.pid) && typeof value.host === 'string') {
      return {
        pid: value.pid as number,
        host: value.host,
        startedAt: typeof value.startedAt === 'string' ? value.startedAt : 'an unknown time',
        purpose: typeof value.purpose === 'string' ? value.purpose : 'unknown purpose',
        token: typeof value.token === 'string' ? value.token : '',
      };
    }
  } catch {
    // unparseable: handled by the caller
  }
  return null;
}

function unknownHolder(): LockInfo {
  return { pid: 0, host: '', startedAt: 'an unknown time', purpose: 'unreadable lock file', token: '' };
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Infinity;
  }
}
