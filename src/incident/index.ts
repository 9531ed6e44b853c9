/** The incident store, `<gitdir>/spillkit/`: saved scans, incidents with their journal and lock. */
export { openStore, STORE_VERSION, type IncidentStore, type StoreOptions } from './store.js';
export { Incident, type NewIncident } from './incident.js';
export { Journal, openJournal, parseJournal, type JournalReadResult } from './journal.js';
export { assertNoSecrets } from './journal-guard.js';
export { acquireLock, type Lock, type LockInfo, type AcquireLockOptions } from './lock.js';
export { joinOrOpenIncident, type Joined, type JoinOptions } from './join.js';
export { writeSecretFile, removeSecretFile, STORE_SECRET_SUFFIX } from './secret-file.js';
export { stripSecrets } from './scans.js';
export type { IncidentMeta, IncidentStatus, JournalEntry, JournalEvent, Operator } from './types.js';
