import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SpillkitError } from '../errors.js';
import type { ScanReport } from '../scan/finding.js';
import { createIncident, Incident, listIncidents, openIncident, type NewIncident } from './incident.js';
import { acquireLock, type AcquireLockOptions, type Lock } from './lock.js';
import { ioError, writeFileAtomic } from './private-fs.js';
import { ScanArchive } from './scans.js';
import { removeStaleSecretFiles } from './stale-secrets.js';
import { assertNoLinksInStore, ensureStoreDir } from './store-links.js';
import type { IncidentMeta } from './types.js';

/**
 * Schema version of `<gitdir>/spillkit/`, in its VERSION file. Bump it when a layout or file format
 * changes incompatibly; an older spillkit then refuses the store instead of misreading it.
 */
export const STORE_VERSION = 1;

export interface StoreOptions {
  /** Clock for ids and timestamps; tests pin it. */
  now?: () => Date;
  /**
   * Read what is there, write nothing (a dry run, a printed plan): no directory, VERSION or cleanup.
   * Creating incidents or saving scans through a read-only store is a programming error.
   */
  readOnly?: boolean;
  /** Where the one-line notice about removed stale secret files goes. Default: stderr. */
  notice?: (line: string) => void;
}

/**
 * Everything an incident produces, inside the repository's git dir so it can never be committed:
 *
 *   <gitdir>/spillkit/            0700
 *     VERSION                     "1"
 *     lock                        while a process holds the store lock (rarely needed)
 *     scans/<20261121T221000Z-8hex>.json   saved scan reports, no raw secrets
 *     scans/latest.json           { "file": "<name>" }, the last one saved
 *     incidents/<2026-11-21T2210-6hex>/
 *       incident.json             meta + status open|closed
 *       journal.jsonl             append-only, fsynced per entry
 *       lock                      held by the process running the incident
 *       plan.md, report.html ...  artifacts
 *
 * All directories are 0700 and all files 0600 regardless of umask. The main thread is the only
 * writer: workers return findings, they never touch the store. Pass the common git dir (not a linked
 * worktree's private one) so every worktree sees the same incidents.
 */
export interface IncidentStore {
  readonly gitdir: string;
  /** `<gitdir>/spillkit`. */
  readonly root: string;
  /** Save a scan (secrets stripped) and make it the latest. Returns the file's path. */
  saveScan(report: ScanReport): string;
  latestScan(): ScanReport | null;
  /** Saved scan file names, oldest first. */
  listScans(): string[];
  /** Read a saved scan by name (from listScans) or by path. */
  readScan(file: string): ScanReport;
  createIncident(meta: NewIncident): Incident;
  /** Throws SpillkitError('USAGE') for an unknown or malformed id. */
  openIncident(id: string): Incident;
  /** Every incident, oldest first. */
  listIncidents(): IncidentMeta[];
  /** The most recent open incident (optionally of one playbook): what `respond` resumes. */
  openIncidentOf(filter?: { playbook?: string }): Incident | null;
  /**
   * Lock the whole store: held for moments (opening or creating an incident, see join.ts) or for work
   * that spans incidents (e.g. pruning). `waitMs` keeps trying while another process holds it.
   */
  lock(purpose: string, options?: Pick<AcquireLockOptions, 'waitMs'>): Lock;
}

export function openStore(gitdir: string, options: StoreOptions = {}): IncidentStore {
  const now = options.now ?? (() => new Date());
  assertGitDir(gitdir);
  const root = join(gitdir, 'spillkit');
  const scansDir = join(root, 'scans');
  const incidentsDir = join(root, 'incidents');
  // Before anything is read or written: a link anywhere in the store would send it elsewhere.
  assertNoLinksInStore(root);
  if (!options.readOnly) {
    ensureStoreDir(root);
    checkVersion(root);
    ensureStoreDir(scansDir);
    ensureStoreDir(incidentsDir);
    const removed = removeStaleSecretFiles(incidentsDir, now);
    if (removed.length) {
      const notice = options.notice ?? ((line: string) => process.stderr.write(`spillkit: ${line}\n`));
      notice(`removed ${removed.length} file(s) of raw secrets left by an interrupted run (killed before it could clean up): ${removed.join(', ')}`);
    }
  } else if (existsSync(join(root, 'VERSION'))) {
    checkVersion(root);
  }
  const scans = new ScanArchive(scansDir, now);
  const writable = (what: string): void => {
    if (options.readOnly) throw new SpillkitError('INTERNAL', `${what} through a read-only incident store`);
  };

  return {
    gitdir,
    root,
    saveScan: (report) => (writable('saving a scan'), scans.save(report)),
    latestScan: () => scans.latest(),
    listScans: () => scans.list(),
    readScan: (file) => scans.read(file),
    createIncident: (meta) => (writable('creating an incident'), createIncident(incidentsDir, meta, now)),
    openIncident: (id) => openIncident(incidentsDir, id, now),
    listIncidents: () => listIncidents(incidentsDir),
    openIncidentOf(filter = {}) {
      const open = listIncidents(incidentsDir).filter(
        (meta) => meta.status === 'open' && (filter.playbook === undefined || meta.playbook === filter.playbook),
      );
      const latest = open[open.length - 1];
      return latest ? openIncident(incidentsDir, latest.id, now) : null;
    },
    lock: (purpose, lockOptions = {}) => {
      writable('locking');
      return acquireLock(root, purpose, { label: `incident store ${root}`, waitMs: lockOptions.waitMs });
    },
  };
}

function assertGitDir(gitdir: string): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(gitdir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDirectory) {
    throw new SpillkitError('NOT_A_REPO', `${gitdir} is not a git directory; cannot open the incident store`, {
      gitdir,
    });
  }
}

/** Write VERSION into a new store; refuse a store written by a newer spillkit, or a damaged marker. */
function checkVersion(root: string): void {
  const path = join(root, 'VERSION');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(`cannot read ${path}`, e);
    writeFileAtomic(path, `${STORE_VERSION}\n`);
    return;
  }
  const version = /^\s*(\d+)\s*$/.exec(text);
  if (!version) {
    throw new SpillkitError('IO', `${path} is damaged (expected a version number); move ${root} aside to start fresh`, {
      path,
    });
  }
  const found = Number(version[1]);
  if (found > STORE_VERSION) {
    throw new SpillkitError(
      'IO',
      `incident store ${root} has version ${found}, newer than this spillkit supports (${STORE_VERSION}); upgrade spillkit`,
      { path, storeVersion: found, supported: STORE_VERSION },
    );
  }
}
