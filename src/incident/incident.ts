import { readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { SpillkitError } from '../errors.js';
import { isIncidentId, newIncidentId } from './ids.js';
import { Journal, startJournalHead } from './journal.js';
import { JOURNAL_HEAD_FILE } from './journal-head.js';
import { acquireLock, type Lock } from './lock.js';
import { fsyncDir, ioError, writeFileAtomic } from './private-fs.js';
import { assertStoreDir, assertStoreFile, ensureStoreDir } from './store-links.js';
import type { IncidentMeta, Operator } from './types.js';

export interface NewIncident {
  title: string;
  playbook: string;
  operator: Operator;
}

const META_FILE = 'incident.json';
const JOURNAL_FILE = 'journal.jsonl';
/** Artifact names are plain file names inside the incident directory (plans, reports). */
const ARTIFACT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * One incident: `incidents/<id>/` holding incident.json, journal.jsonl, the lock and artifacts (plans,
 * reports). Run its steps only while holding lock(): the journal and incident.json have one writer.
 */
export class Incident {
  private metaCache: IncidentMeta;

  constructor(
    readonly dir: string,
    meta: IncidentMeta,
    private readonly now: () => Date,
  ) {
    this.metaCache = meta;
  }

  get id(): string {
    return this.metaCache.id;
  }

  get meta(): IncidentMeta {
    return { ...this.metaCache, operator: { ...this.metaCache.operator } };
  }

  /** The journal, written in the name of `operator` (whoever resumes; the opener by default). */
  journal(operator: Operator = this.metaCache.operator): Journal {
    return new Journal(join(this.dir, JOURNAL_FILE), operator);
  }

  lock(purpose: string): Lock {
    return acquireLock(this.dir, purpose, { label: `incident ${this.id}` });
  }

  close(): IncidentMeta {
    this.metaCache = { ...this.metaCache, status: 'closed', closedAt: this.now().toISOString() };
    writeMeta(this.dir, this.metaCache);
    return this.meta;
  }

  /** Where an artifact of this incident lives (`plan.md`, `report.html`, ...). */
  artifactPath(name: string): string {
    if (!ARTIFACT_NAME.test(name) || name === JOURNAL_FILE || name === JOURNAL_HEAD_FILE || name === META_FILE || name === 'lock') {
      throw new SpillkitError('INTERNAL', `bad incident artifact name ${JSON.stringify(name)}`);
    }
    return join(this.dir, name);
  }

  /** Write an artifact atomically, mode 0600. Not for secrets: those go through secret-file.ts. */
  writeArtifact(name: string, content: string | Uint8Array): string {
    const path = this.artifactPath(name);
    assertStoreFile(path);
    writeFileAtomic(path, content);
    return path;
  }
}

/**
 * Build the incident in a hidden temp directory, then rename it into place: a crash leaves no
 * half-made incident for listIncidents() to trip on.
 */
export function createIncident(incidentsDir: string, input: NewIncident, now: () => Date): Incident {
  const createdAt = now();
  const id = newIncidentId(createdAt);
  const meta: IncidentMeta = {
    version: 1,
    id,
    title: input.title,
    playbook: input.playbook,
    operator: { name: input.operator.name, email: input.operator.email },
    status: 'open',
    createdAt: createdAt.toISOString(),
    closedAt: null,
  };
  const temp = join(incidentsDir, `.new-${id}`);
  const dir = join(incidentsDir, id);
  try {
    ensureStoreDir(temp);
    writeMeta(temp, meta);
    startJournalHead(join(temp, JOURNAL_FILE));
    renameSync(temp, dir);
    fsyncDir(incidentsDir);
  } catch (e) {
    throw ioError(`cannot create incident ${id}`, e);
  }
  return new Incident(dir, meta, now);
}

export function openIncident(incidentsDir: string, id: string, now: () => Date): Incident {
  if (!isIncidentId(id)) {
    throw new SpillkitError('USAGE', `${JSON.stringify(id)} is not an incident id (like 2026-11-21T2210-3fa9c1)`);
  }
  const dir = join(incidentsDir, id);
  assertStoreDir(dir);
  const meta = readMeta(dir);
  if (meta === null) throw new SpillkitError('USAGE', `no incident ${id} in ${incidentsDir}`, { id });
  return new Incident(dir, meta, now);
}

/** Every incident, oldest first. Directories without a valid incident.json are skipped. */
export function listIncidents(incidentsDir: string): IncidentMeta[] {
  let names: string[];
  try {
    names = readdirSync(incidentsDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw ioError(`cannot list ${incidentsDir}`, e);
  }
  const metas: IncidentMeta[] = [];
  for (const name of names.filter(isIncidentId)) {
    try {
      const meta = readMeta(join(incidentsDir, name));
      if (meta !== null) metas.push(meta);
    } catch {
      // a damaged incident.json hides only that incident; openIncident(id) reports the damage
    }
  }
  return metas.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

function writeMeta(dir: string, meta: IncidentMeta): void {
  writeFileAtomic(join(dir, META_FILE), JSON.stringify(meta, null, 2) + '\n');
}

function readMeta(dir: string): IncidentMeta | null {
  let text: string;
  try {
    text = readFileSync(join(dir, META_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw ioError(`cannot read ${join(dir, META_FILE)}`, e);
  }
  let meta: Partial<IncidentMeta> | null = null;
  try {
    meta = JSON.parse(text) as Partial<IncidentMeta> | null;
  } catch {
    // reported below
  }
  if (!meta || typeof meta.id !== 'string' || (meta.status !== 'open' && meta.status !== 'closed')) {
    throw new SpillkitError('IO', `${join(dir, META_FILE)} is damaged: not an incident description`);
  }
  return meta as IncidentMeta;
}
