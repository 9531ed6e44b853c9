import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { acquireLock, type LockInfo } from '../../src/incident/lock.js';
import { SpillkitError } from '../../src/errors.js';

// Other processes run the built lock module (test/global-setup.ts builds dist/).
const builtLock = pathToFileURL(
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'incident', 'lock.js'),
).href;

let savedUmask = 0;
let dir = '';
beforeAll(() => {
  savedUmask = process.umask(0o000);
});
afterAll(() => {
  process.umask(savedUmask);
});
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'spillkit-lock-')), '2026-11-21T2210-abc123');
  mkdirSync(dir);
});

function runNode(script: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A pid that surely belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function lockedError(fn: () => unknown): SpillkitError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SpillkitError);
    expect((e as SpillkitError).code).toBe('LOCKED');
    return e as SpillkitError;
  }
  throw new Error('expected LOCKED');
}

describe('acquireLock', () => {
  it('creates a 0600 lock file naming pid, host, start time and purpose; release removes it', () => {
    const lock = acquireLock(dir, 'respond');
    const path = join(dir, 'lock');
    expect(lock.path).toBe(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    expect(info).toMatchObject({ pid: process.pid, host: hostname(), purpose: 'respond' });
    expect(new Date(info.startedAt).toISOString()).toBe(info.startedAt);
    expect(lock.tookOver).toBeNull();
    lock.release();
    expect(existsSync(path)).toBe(false);
    lock.release(); // twice is harmless
  });

  it('refuses a second holder in the same process', () => {
    const lock = acquireLock(dir, 'respond');
    expect(lockedError(() => acquireLock(dir, 'rewrite')).message).toContain(`in use by pid ${process.pid}`);
    lock.release();
    acquireLock(dir, 'rewrite').release();
  });

  it('refuses another process with a message naming the holder', () => {
    const lock = acquireLock(dir, 'respond');
    const child = runNode(`
      import { acquireLock } from ${JSON.stringify(builtLock)};
      try { acquireLock(${JSON.stringify(dir)}, 'scan'); console.log(JSON.stringify({ ok: true })); }
      catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message, data: e.data })); }
    `);
    expect(child.stderr).toBe('');
    const result = JSON.parse(child.stdout) as { code: string; message: string; data: Record<string, unknown> };
    expect(result.code).toBe('LOCKED');
    expect(result.message).toContain(
      `incident ${basename(dir)} is in use by pid ${process.pid} since ${lock.info.startedAt} (respond); `,
    );
    expect(result.message).toContain(join(dir, 'lock'));
    expect(result.data).toMatchObject({ pid: process.pid, purpose: 'respond' });
    expect(existsSync(lock.path)).toBe(true);
    lock.release();
  });

  it('takes over the lock of a process killed with SIGKILL', async () => {
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { acquireLock } from ${JSON.stringify(builtLock)};
         acquireLock(${JSON.stringify(dir)}, 'respond'); console.log('locked'); setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => child.stdout.on('data', () => resolve()));
    expect(lockedError(() => acquireLock(dir, 'resume')).message).toContain(`pid ${child.pid} `);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));

    const lock = acquireLock(dir, 'resume');
    expect(lock.tookOver).toMatchObject({ pid: child.pid, purpose: 'respond' });
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid, purpose: 'resume' });
    lock.release();
  });

  it('takes over a stale lock left by a dead pid', () => {
    const pid = deadPid();
    writeFileSync(join(dir, 'lock'), JSON.stringify({ pid, host: hostname(), startedAt: '2026-11-21T22:00:00.000Z', purpose: 'respond' }));
    const lock = acquireLock(dir, 'respond');
    expect(lock.tookOver).toMatchObject({ pid, startedAt: '2026-11-21T22:00:00.000Z' });
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('never judges a lock from another host stale', () => {
    const pid = deadPid();
    writeFileSync(join(dir, 'lock'), JSON.stringify({ pid, host: 'build-box-7', startedAt: 'T', purpose: 'respond' }));
    expect(lockedError(() => acquireLock(dir, 'respond')).message).toContain(`pid ${pid} on build-box-7 since T`);
  });

  it('treats a fresh unreadable lock as being written, and an old one as stale', () => {
    const path = join(dir, 'lock');
    writeFileSync(path, '{"pid":');
    expect(lockedError(() => acquireLock(dir, 'respond')).message).toMatch(/being locked by another process/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    const lock = acquireLock(dir, 'respond');
    expect(lock.tookOver).toMatchObject({ purpose: 'unreadable lock file' });
    lock.release();
  });

  it('does not remove a lock that is no longer its own', () => {
    const lock = acquireLock(dir, 'respond');
    const foreign = JSON.stringify({ pid: 1, host: hostname(), startedAt: 'T', purpose: 'other', token: 'x' });
    writeFileSync(lock.path, foreign);
    lock.release();
    expect(readFileSync(lock.path, 'utf8')).toBe(foreign);
  });

  it('is released when the holding process exits normally', () => {
    const child = runNode(`
      import { acquireLock } from ${JSON.stringify(builtLock)};
      acquireLock(${JSON.stringify(dir)}, 'respond');
      console.log('held');
      process.exit(0);
    `);
    expect(child.stdout).toBe('held\n');
    expect(child.status).toBe(0);
    expect(existsSync(join(dir, 'lock'))).toBe(false);
  });
});
