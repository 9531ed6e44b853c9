import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SpillkitError } from '../errors.js';
import type { Repository } from '../git/repo.js';
import type { Incident } from '../incident/incident.js';
import type { Lock } from '../incident/lock.js';
import { joinOrOpenIncident } from '../incident/join.js';
import { operatorOf } from '../incident/operator.js';
import { openStore, type IncidentStore } from '../incident/store.js';
import type { JournalEntry, Operator } from '../incident/types.js';
import { EV } from './journal-events.js';
import { DEFAULT_PLAYBOOK, loadPlaybook, playbookRef } from './load.js';
import { MemoryJournal, type RunnerJournal } from './memory-journal.js';
import type { Playbook } from './types.js';

/** The incident a runner works on, under its lock (or, for a dry run, an in-memory copy of it). */
export interface PlaybookSession {
  store: IncidentStore | null;
  incident: Incident | null;
  journal: RunnerJournal;
  operator: Operator;
  playbook: Playbook;
  /** An earlier `respond` walked this incident: the runner picks up where it stopped. */
  resumed: boolean;
  /** A dry run's view of an open incident: its id (the dry run itself never writes to it). */
  previewOf: string | null;
  /** Take the lock again after `unlock()` (around code that takes the incident lock itself). */
  relock(): void;
  unlock(): void;
  release(): void;
}

export interface SessionOptions {
  /** `--playbook`: an id or file. Default: the open incident's, else committed-secret. */
  playbook?: string;
  dryRun?: boolean;
  /** Open a new incident even when one is open. */
  newIncident?: boolean;
  cwd?: string;
  purpose?: string;
}

/**
 * Joins the repository's open incident (the one `respond` resumes) or opens a new one for the playbook,
 * and takes its lock: a second process on the same incident gets SpillkitError('LOCKED').
 * The playbook in force is the one the incident's first `respond-started` recorded, so a resume never
 * switches playbooks under a half-done incident.
 */
export function openPlaybookSession(repo: Repository, opts: SessionOptions = {}): PlaybookSession {
  const cwd = opts.cwd ?? process.cwd();
  const operator = operatorOf(repo.worktree ?? repo.gitdir);
  if (opts.dryRun) return dryRunSession(repo, operator, opts, cwd);

  // Loaded before any lock: a malformed --playbook is refused without touching the store.
  const requested = opts.playbook !== undefined ? loadPlaybook(opts.playbook, cwd) : null;
  const purpose = opts.purpose ?? 'respond';
  const store = openStore(repo.commondir);
  const joined = joinOrOpenIncident(store, {
    fresh: opts.newIncident,
    purpose,
    create: () => {
      const playbook = requested ?? loadPlaybook(DEFAULT_PLAYBOOK, cwd);
      return { title: `${playbook.title} (${basename(repo.worktree ?? repo.gitdir)})`, playbook: playbookRef(playbook), operator };
    },
  });
  const { incident } = joined;
  const lock = joined.lock!;
  try {
    const journal = incident.journal(operator);
    noteTakeOver(journal, lock);
    if (joined.created) return session(store, incident, journal, operator, requested ?? loadPlaybook(DEFAULT_PLAYBOOK, cwd), false, lock, purpose);
    const recorded = recordedPlaybook(journal.read());
    const playbook = choosePlaybook(incident, recorded, requested, cwd);
    return session(store, incident, journal, operator, playbook, recorded !== null, lock, purpose);
  } catch (e) {
    lock.release();
    throw e;
  }
}

function session(
  store: IncidentStore, incident: Incident, journal: RunnerJournal, operator: Operator, playbook: Playbook,
  resumed: boolean, firstLock: Lock, purpose: string,
): PlaybookSession {
  let lock: Lock | null = firstLock;
  return {
    store, incident, journal, operator, playbook, resumed, previewOf: null,
    unlock() {
      lock?.release();
      lock = null;
    },
    relock() {
      if (lock) return;
      lock = incident.lock(purpose);
      noteTakeOver(journal, lock);
    },
    release() {
      lock?.release();
      lock = null;
    },
  };
}

/** A dry run reads the open incident (if any) without locking or writing it, and walks a copy. */
function dryRunSession(repo: Repository, operator: Operator, opts: SessionOptions, cwd: string): PlaybookSession {
  const requested = opts.playbook !== undefined ? loadPlaybook(opts.playbook, cwd) : null;
  const storeExists = existsSync(join(repo.commondir, 'spillkit'));
  // Read-only: a dry run changes nothing anywhere, the store included.
  const store = storeExists ? openStore(repo.commondir, { readOnly: true }) : null;
  const existing = store && !opts.newIncident ? store.openIncidentOf() : null;
  const journal = new MemoryJournal(operator);
  let playbook = requested ?? loadPlaybook(DEFAULT_PLAYBOOK, cwd);
  let resumed = false;
  if (existing) {
    const entries = existing.journal(operator).read();
    const recorded = recordedPlaybook(entries);
    playbook = choosePlaybook(existing, recorded, requested, cwd);
    for (const entry of entries) journal.append({ type: entry.type, step: entry.step, data: entry.data });
    resumed = recorded !== null;
  }
  const noop = (): void => {};
  return { store, incident: null, journal, operator, playbook, resumed, previewOf: existing?.id ?? null, relock: noop, unlock: noop, release: noop };
}

function recordedPlaybook(entries: JournalEntry[]): string | null {
  const started = entries.find((e) => e.type === EV.respondStarted && typeof e.data?.playbook === 'string');
  return started ? (started.data!.playbook as string) : null;
}

function choosePlaybook(incident: Incident, recorded: string | null, requested: Playbook | null, cwd: string): Playbook {
  if (recorded === null) return requested ?? loadPlaybook(incident.meta.playbook || DEFAULT_PLAYBOOK, cwd);
  const inForce = loadPlaybook(recorded, cwd);
  if (requested && requested.id !== inForce.id) {
    throw new SpillkitError(
      'USAGE',
      `incident ${incident.id} is following playbook ${inForce.id}; run \`spillkit respond\` to resume it, or add --new to open another incident for ${requested.id}`,
      { incident: incident.id, playbook: inForce.id },
    );
  }
  return inForce;
}

function noteTakeOver(journal: RunnerJournal, lock: Lock): void {
  if (!lock.tookOver) return;
  const { pid, host, startedAt, purpose } = lock.tookOver;
  journal.append({ type: 'lock-taken-over', data: { pid, host, startedAt, purpose } });
}
