import type { Incident, NewIncident } from './incident.js';
import type { Lock } from './lock.js';
import type { IncidentStore } from './store.js';

export interface JoinOptions {
  /** What to open when no incident is open (or `fresh`). */
  create: () => NewIncident;
  /** Open a new incident even if one is open (`respond --new`). */
  fresh?: boolean;
  /** Also take the incident's lock (before the store lock is let go), for this purpose. */
  purpose?: string;
}

export interface Joined {
  incident: Incident;
  /** The incident's lock when `purpose` was given; the caller releases it. */
  lock: Lock | null;
  created: boolean;
}

/**
 * How long a process waits for the store lock. It is held only while one process looks for the open
 * incident, creates one if there is none and locks it: milliseconds, even with many contenders.
 */
const STORE_LOCK_WAIT_MS = 5_000;

/**
 * Open-or-create the repository's incident atomically: under the store lock, find the open incident
 * (or create one) and lock it. Two `respond --yes` started at the same instant used to each see no
 * open incident, each open one, and revoke every key twice; now the second finds the first's incident
 * and gets SpillkitError('LOCKED') naming the pid that holds it.
 */
export function joinOrOpenIncident(store: IncidentStore, opts: JoinOptions): Joined {
  const storeLock = store.lock(`open an incident${opts.purpose ? ` (${opts.purpose})` : ''}`, { waitMs: STORE_LOCK_WAIT_MS });
  try {
    const existing = opts.fresh ? null : store.openIncidentOf();
    const incident = existing ?? store.createIncident(opts.create());
    const lock = opts.purpose !== undefined ? incident.lock(opts.purpose) : null;
    return { incident, lock, created: existing === null };
  } finally {
    storeLock.release();
  }
}
