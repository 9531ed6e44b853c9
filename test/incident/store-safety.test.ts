import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { joinOrOpenIncident } from '../../src/incident/join.js';
import { acquireLock } from '../../src/incident/lock.js';
import { writeSecretFile } from '../../src/incident/secret-file.js';
import { openStore } from '../../src/incident/store.js';
import { spillkitErrorOf } from '../helpers/spillkit-error.js';

/**
 * What the store does with what it did not write: links planted in it, a replacement list a killed
 * run left behind, a second process opening an incident at the same moment.
 */
const operator = { name: 'Ada Responder', email: 'ada@example.invalid' };
const builtLock = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'incident', 'lock.js')).href;
let base = '';
let gitdir = '';
const notices: string[] = [];
const open = () => openStore(gitdir, { notice: (line) => notices.push(line) });
const newIncident = () => ({ title: 't', playbook: 'committed-secret', operator });

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'spillkit-store-safety-'));
  gitdir = join(base, '.git');
  mkdirSync(gitdir);
  notices.length = 0;
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

/** A pid that surely belonged to a process that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('links in the store', () => {
  it('refuses a spillkit/ that is a link, and writes nothing where it points', () => {
    const elsewhere = join(base, 'elsewhere');
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(gitdir, 'spillkit'));
    const error = spillkitErrorOf(() => open());
    expect(error.code).toBe('UNSAFE_STORE');
    expect(error.message).toContain(`${join(gitdir, 'spillkit')} is a symbolic link`);
    expect(readdirSync(elsewhere)).toEqual([]);
    // A dangling link is refused as well (it would be created through).
    rmSync(elsewhere, { recursive: true });
    expect(spillkitErrorOf(() => open()).code).toBe('UNSAFE_STORE');
    expect(existsSync(elsewhere)).toBe(false);
  });

  it.each([
    ['incidents', (root: string) => join(root, 'incidents')],
    ['scans/latest.json', (root: string) => join(root, 'scans', 'latest.json')],
    ['an incident directory', (root: string) => join(root, 'incidents', readdirSync(join(root, 'incidents'))[0])],
    ['an incident\'s journal', (root: string) => join(root, 'incidents', readdirSync(join(root, 'incidents'))[0], 'journal.jsonl')],
  ])('refuses a linked %s', (_what, pathIn) => {
    const store = open();
    store.createIncident(newIncident()).journal().append({ type: 'a' });
    writeFileSync(join(store.root, 'scans', 'latest.json'), '{}');
    const path = pathIn(store.root);
    const moved = join(base, 'moved');
    renameSync(path, moved);
    symlinkSync(moved, path);
    const before = statSync(moved).mtimeMs;
    expect(spillkitErrorOf(() => open()).message).toBe(
      `${path} is a symbolic link: spillkit never writes its incident store through a link; remove the link (move the real directory or file into its place if you need its content) and retry`,
    );
    expect(statSync(moved).mtimeMs).toBe(before);
  });

  it('a read-only store (dry runs) creates nothing', () => {
    const store = openStore(gitdir, { readOnly: true });
    expect(existsSync(store.root)).toBe(false);
    expect(store.latestScan()).toBeNull();
    expect(store.listIncidents()).toEqual([]);
    expect(spillkitErrorOf(() => store.createIncident(newIncident())).code).toBe('INTERNAL');
    expect(existsSync(store.root)).toBe(false);
  });
});

describe('secret files left by a killed run', () => {
  function leftBehind(): { file: string; dir: string } {
    const incident = open().createIncident(newIncident());
    const run = join(incident.dir, 'rewrite-20261121T221000Z');
    mkdirSync(run, { mode: 0o700 });
    const file = join(run, 'expressions.secret');
    writeSecretFile(file, 'raw-secret==>***REMOVED***\n');
    return { file, dir: incident.dir };
  }

  it('are removed when the store is next opened, with one notice and a journal entry', () => {
    const { file, dir } = leftBehind();
    open();
    expect(existsSync(file)).toBe(false);
    expect(notices).toEqual([`removed 1 file(s) of raw secrets left by an interrupted run (killed before it could clean up): ${file}`]);
    expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8')).toContain('"type":"stale-secret-files-removed"');
    open();
    expect(notices).toHaveLength(1);
  });

  it('are removed when the run that wrote them died holding its lock (the lock is taken over)', () => {
    const { file, dir } = leftBehind();
    const pid = deadPid();
    writeFileSync(join(dir, 'lock'), JSON.stringify({ pid, host: hostname(), startedAt: '2026-11-21T22:10:00Z', purpose: 'rewrite --apply', token: 'x' }));
    open();
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(join(dir, 'journal.jsonl'), 'utf8')).toMatch(/"type":"lock-taken-over".*"purpose":"rewrite --apply"/);
  });

  it('are kept while a live run holds the incident lock', () => {
    const { file, dir } = leftBehind();
    const lock = acquireLock(dir, 'rewrite --apply');
    try {
      open();
      expect(existsSync(file)).toBe(true);
      expect(notices).toEqual([]);
    } finally {
      lock.release();
    }
  });
});

describe('opening or creating the incident under the store lock', () => {
  it('gives a second joiner the open incident, LOCKED with the holder named', () => {
    const first = joinOrOpenIncident(open(), { create: newIncident, purpose: 'respond' });
    expect(first.created).toBe(true);
    const error = spillkitErrorOf(() => joinOrOpenIncident(open(), { create: newIncident, purpose: 'respond' }));
    expect(error.code).toBe('LOCKED');
    expect(error.message).toMatch(new RegExp(`^incident ${first.incident.id} is in use by pid ${process.pid} since \\S+ \\(respond\\)`));
    expect(open().listIncidents()).toHaveLength(1);
    // The store lock was let go on the way out.
    expect(existsSync(join(open().root, 'lock'))).toBe(false);
    first.lock!.release();
    const again = joinOrOpenIncident(open(), { create: newIncident, purpose: 'respond' });
    expect([again.created, again.incident.id]).toEqual([false, first.incident.id]);
    again.lock!.release();
    const fresh = joinOrOpenIncident(open(), { create: newIncident, fresh: true });
    expect(fresh.created).toBe(true);
    expect(fresh.lock).toBeNull();
  });

  it('waits for a store lock another process holds for a moment', async () => {
    const root = open().root;
    const holder = spawn(process.execPath, ['--input-type=module', '-e', `
      import { acquireLock } from ${JSON.stringify(builtLock)};
      const lock = acquireLock(${JSON.stringify(root)}, 'open an incident');
      process.stdout.write('HELD\\n');
      setTimeout(() => { lock.release(); process.exit(0); }, 700);
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => holder.stdout.on('data', () => resolve()));
    const started = Date.now();
    const joined = joinOrOpenIncident(open(), { create: newIncident, purpose: 'respond' });
    expect(Date.now() - started).toBeGreaterThan(200);
    expect(joined.created).toBe(true);
    joined.lock!.release();
    await new Promise((resolve) => holder.on('exit', resolve));
  });
});
