import { openRepository } from '../git/repo.js';
import type { Incident } from '../incident/incident.js';
import { joinOrOpenIncident } from '../incident/join.js';
import { operatorOf } from '../incident/operator.js';
import { openStore } from '../incident/store.js';
import type { IncidentMeta, JournalEntry, JournalEvent } from '../incident/types.js';
import type { ReportFormat } from '../report/incident/index.js';
import type { ScanReport } from '../scan/finding.js';
import { incidentReport, type IncidentReportResult } from './report.js';

export interface OpenIncidentOptions {
  /** Open this incident (an id like `2026-11-21T2210-3fa9c1`) instead of the open one. */
  id?: string;
  /** Open a new incident even if one is open (`respond --new`). */
  fresh?: boolean;
  /** Title of an incident this call creates (default `Leaked credential`). */
  title?: string;
  /** Playbook of an incident this call creates (default `committed-secret`). */
  playbook?: string;
}

/**
 * One incident of a repository's store (`<gitdir>/spillkit/incidents/<id>/`). The handle holds no lock:
 * each write takes the incident's lock for its own moment, so a `respond` running elsewhere is never
 * raced (a write then fails with code LOCKED) and revoke() or planRewrite() in the same process can
 * journal into the same incident.
 */
export interface IncidentHandle {
  readonly id: string;
  /** The incident's directory: incident.json, journal.jsonl and the artifacts (plans, reports). */
  readonly dir: string;
  /** The repository path given to openIncident. */
  readonly repository: string;
  /** True when this call created the incident. */
  readonly created: boolean;
  /** incident.json: title, playbook, operator, status, times. */
  meta(): IncidentMeta;
  /** The journal, oldest first. Throws (code DAMAGED_JOURNAL) when it cannot be trusted. */
  journal(): JournalEntry[];
  /** Appends an event to the journal (fsynced before it returns). Event data must hold no secret. */
  record(event: JournalEvent): JournalEntry;
  /** The repository's latest saved scan (secrets stripped), or null before any scan. */
  latestScan(): ScanReport | null;
  /** The incident report, also saved in the incident as report.<format>. */
  report(format?: ReportFormat): IncidentReportResult;
  /** Marks the incident closed. */
  close(): IncidentMeta;
}

/**
 * The repository's open incident (the one `spillkit respond` resumes), or a new one when none is open;
 * `id` picks a given one. Opening and creating happen under the store lock, so two processes never
 * open two incidents for one leak.
 */
export function openIncident(repoPath: string, options: OpenIncidentOptions = {}): IncidentHandle {
  const repo = openRepository(repoPath);
  const store = openStore(repo.commondir);
  const operator = operatorOf(repo.worktree ?? repo.gitdir);
  let incident: Incident;
  let created = false;
  if (options.id !== undefined) {
    incident = store.openIncident(options.id);
  } else {
    const joined = joinOrOpenIncident(store, {
      fresh: options.fresh,
      create: () => ({ title: options.title ?? 'Leaked credential', playbook: options.playbook ?? 'committed-secret', operator }),
    });
    incident = joined.incident;
    created = joined.created;
  }
  const locked = <T>(purpose: string, run: () => T): T => {
    const lock = incident.lock(purpose);
    try {
      return run();
    } finally {
      lock.release();
    }
  };
  return {
    id: incident.id,
    dir: incident.dir,
    repository: repoPath,
    created,
    meta: () => store.openIncident(incident.id).meta,
    journal: () => incident.journal(operator).read(),
    record: (event) => locked('library: journal an event', () => incident.journal(operator).append(event)),
    latestScan: () => store.latestScan(),
    report: (format = 'md') => incidentReport({ path: repoPath, incidentId: incident.id, format }),
    close: () => locked('library: close the incident', () => store.openIncident(incident.id).close()),
  };
}
