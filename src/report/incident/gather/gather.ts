import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpillkitError } from '../../../errors.js';
import { openRepository, type Repository } from '../../../git/repo.js';
import type { Incident } from '../../../incident/incident.js';
import { openStore, type IncidentStore } from '../../../incident/store.js';
import type { JournalEntry } from '../../../incident/types.js';
import type { ScanReport } from '../../../scan/finding.js';
import type { ReportInput } from '../input.js';
import { foldJournal } from '../journal-facts.js';
import { gatherGitFacts } from './git-facts.js';

export interface GatherOptions {
  path: string;
  /** `--incident ID`; default: the open incident, else the most recent one. */
  incidentId?: string;
  toolVersion: string;
  now?: () => Date;
}

export interface Gathered {
  input: ReportInput;
  repo: Repository;
  /** Null for a scan-only report. */
  incident: Incident | null;
}

/**
 * Reads everything a report is built from: the incident (meta, journal, artifacts), the scan it
 * worked from and the oldest saved scan of each secret, and the git facts. Read-only apart from
 * openStore creating an empty store layout in an existing `<gitdir>/spillkit`.
 */
export function gatherReportInput(opts: GatherOptions): Gathered {
  const repo = openRepository(opts.path);
  const where = repo.worktree ?? repo.gitdir;
  if (!existsSync(join(repo.commondir, 'spillkit'))) throw nothingToReport(where);
  const store = openStore(repo.commondir);
  const incident = pickIncident(store, opts.incidentId);
  const warnings: string[] = [];
  let journal: JournalEntry[] = [];
  if (incident) {
    const read = incident.journal().inspect();
    journal = read.entries;
    if (read.truncatedTail) warnings.push('the journal\'s last line was cut short (a crash mid-write) and was ignored');
    if (read.damagedLines.length) warnings.push(`journal line(s) ${read.damagedLines.join(', ')} are not journal entries and were ignored`);
    else if (read.damage) warnings.push(`the journal is damaged (${read.damage}): the report shows only what is left of it`);
  }
  const { scan, file } = pickScan(store, incident, journal, warnings);
  if (!incident && !scan) throw nothingToReport(where);
  const findings = scan?.findings ?? [];
  const artifact = <T>(name: string): T | null => (incident ? readArtifact<T>(incident, name, warnings) : null);
  const input: ReportInput = {
    generatedAt: (opts.now ?? (() => new Date()))().toISOString(),
    toolVersion: opts.toolVersion,
    repository: scan?.repository ?? where,
    incident: incident?.meta ?? null,
    journal,
    journalWarnings: warnings,
    scan,
    scanFile: file,
    detections: firstDetections(store, scan, file),
    rewritePlan: artifact('rewrite-plan.json'),
    rewriteState: artifact('rewrite-state.json'),
    verification: artifact('verification.json'),
    git: gatherGitFacts(repo, findings),
  };
  return { input, repo, incident };
}

function nothingToReport(where: string): SpillkitError {
  return new SpillkitError('USAGE', `no incident and no saved scan for ${where}: run \`spillkit scan\` (then \`spillkit respond\` or \`spillkit revoke\`) first`);
}

function pickIncident(store: IncidentStore, id: string | undefined): Incident | null {
  if (id !== undefined) return store.openIncident(id);
  const open = store.openIncidentOf();
  if (open) return open;
  const all = store.listIncidents();
  const latest = all[all.length - 1];
  return latest ? store.openIncident(latest.id) : null;
}

/**
 * The scan the incident worked from: the one its journal names, else for a closed incident the newest
 * scan saved before it closed, else the latest scan.
 */
function pickScan(store: IncidentStore, incident: Incident | null, journal: JournalEntry[], warnings: string[]): { scan: ScanReport | null; file: string | null } {
  const named = foldJournal(journal).scanFile;
  if (named) {
    try {
      return { scan: store.readScan(named), file: named };
    } catch (e) {
      warnings.push(`the scan the journal names (${named}) cannot be read (${(e as Error).message}); using the latest scan`);
    }
  }
  const files = store.listScans();
  const closedAt = incident?.meta.closedAt ? Date.parse(incident.meta.closedAt) : null;
  const candidates = closedAt === null ? files : files.filter((f) => (scanFileTime(f) ?? 0) <= closedAt);
  for (const f of [...candidates].reverse()) {
    try {
      return { scan: store.readScan(f), file: f };
    } catch (e) {
      warnings.push(`saved scan ${f} cannot be read: ${(e as Error).message}`);
    }
  }
  return { scan: null, file: null };
}

/** `20261121T221000Z-1a2b3c4d.json` -> epoch ms. */
function scanFileTime(name: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(name);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : null;
}

/** For each finding of `scan`: scannedAt of the oldest saved scan that already held it. */
function firstDetections(store: IncidentStore, scan: ScanReport | null, file: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!scan) return out;
  const wanted = new Set(scan.findings.map((f) => f.fingerprint));
  const older = store.listScans().filter((f) => file === null || f < file);
  for (const f of older) {
    if (!wanted.size) break;
    let report: ScanReport;
    try {
      report = store.readScan(f);
    } catch {
      continue;
    }
    for (const finding of report.findings) {
      if (wanted.delete(finding.fingerprint)) out[finding.fingerprint] = report.scannedAt;
    }
  }
  for (const fp of wanted) out[fp] = scan.scannedAt;
  return out;
}

function readArtifact<T>(incident: Incident, name: string, warnings: string[]): T | null {
  const path = incident.artifactPath(name);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (e) {
    warnings.push(`${name} in the incident cannot be read: ${(e as Error).message}`);
    return null;
  }
}
