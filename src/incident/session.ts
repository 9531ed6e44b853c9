import type { Repository } from '../git/repo.js';
import type { Incident } from './incident.js';
import type { Journal } from './journal.js';
import { joinOrOpenIncident } from './join.js';
import type { Lock } from './lock.js';
import { operatorOf } from './operator.js';
import { openStore, type IncidentStore } from './store.js';
import type { Operator } from './types.js';

/** An incident being worked on by this process: its journal, under its lock. */
export interface IncidentSession {
  store: IncidentStore;
  incident: Incident;
  journal: Journal;
  operator: Operator;
  release(): void;
}

/**
 * Joins the repository's open incident, or opens one, and takes its lock so two processes never write
 * one journal at once (both under the store lock: join.ts). Steps run outside `respond` (revoke, rotate, rewrite) land in the same journal.
 */
export function joinIncident(repo: Repository, purpose: string, title = 'Leaked credential'): IncidentSession {
  const store = openStore(repo.commondir);
  const operator = operatorOf(repo.worktree ?? repo.gitdir);
  const joined = joinOrOpenIncident(store, { purpose, create: () => ({ title, playbook: 'committed-secret', operator }) });
  const { incident } = joined;
  const lock: Lock = joined.lock!;
  const journal = incident.journal(operator);
  if (lock.tookOver) {
    const { pid, host, startedAt, purpose: was } = lock.tookOver;
    journal.append({ type: 'lock-taken-over', data: { pid, host, startedAt, purpose: was } });
  }
  return { store, incident, journal, operator, release: () => lock.release() };
}
