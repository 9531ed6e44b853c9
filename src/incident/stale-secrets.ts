import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isSpillkitError } from '../errors.js';
import { isIncidentId } from './ids.js';
import { openIncident } from './incident.js';
import type { Lock } from './lock.js';
import { isStoreSecretName, removeSecretFile } from './secret-file.js';

/**
 * Files that hold raw secrets (git-filter-repo's replacement list) exist only while the command that
 * wrote them runs: it removes them in a `finally`. kill -9 (or a power cut) skips the `finally`, and
 * the file would stay, every secret of the incident in one place. So every command that opens the
 * store first removes such files left by a run that is no longer running: one whose incident lock it
 * can take. A live run holds its incident's lock, so its files are never touched.
 *
 * Returns the files removed; each removal is also journaled in its incident.
 */
export function removeStaleSecretFiles(incidentsDir: string, now: () => Date): string[] {
  const removed: string[] = [];
  for (const id of listNames(incidentsDir).filter(isIncidentId)) {
    const dir = join(incidentsDir, id);
    const found = secretFilesIn(dir);
    if (found.length === 0) continue;
    let lock: Lock;
    let incident;
    try {
      incident = openIncident(incidentsDir, id, now);
      lock = incident.lock('remove secret files left by an interrupted run');
    } catch (e) {
      if (isSpillkitError(e)) continue; // held by a live run (its files are in use), or a damaged incident
      throw e;
    }
    try {
      const gone = found.filter((file) => removeSecretFile(file));
      removed.push(...gone);
      try {
        const journal = incident.journal();
        if (lock.tookOver) {
          const { pid, host, startedAt, purpose } = lock.tookOver;
          journal.append({ type: 'lock-taken-over', data: { pid, host, startedAt, purpose } });
        }
        if (gone.length) journal.append({ type: 'stale-secret-files-removed', data: { files: gone } });
      } catch {
        // The files are gone, which is what matters; a damaged journal is reported by the command itself.
      }
    } finally {
      lock.release();
    }
  }
  return removed;
}

/** Secret files of an incident: in its directory or one level below (its rewrite runs), never inside a git mirror. */
function secretFilesIn(dir: string): string[] {
  const out: string[] = [];
  for (const entry of listEntries(dir)) {
    const path = join(dir, entry.name);
    if (entry.isFile() && isStoreSecretName(entry.name)) out.push(path);
    else if (entry.isDirectory() && !entry.name.endsWith('.git')) {
      for (const inner of listEntries(path)) if (inner.isFile() && isStoreSecretName(inner.name)) out.push(join(path, inner.name));
    }
  }
  return out;
}

function listNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function listEntries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
