import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../incident/private-fs.js';
import type { SweepRepository } from './types.js';

/**
 * What makes a sweep resumable: a state directory with one small file per repository scanned, holding
 * its tip, the scan settings and the result. Each file is written atomically (temp file, fsync, rename)
 * the moment its repository is done, so a crash or `kill -9` loses at most the repositories in flight,
 * and no run rewrites a file per repository that grows with the organisation.
 *
 * A later run reuses a result only when the repository's tip and the settings (spillkit version, rules,
 * config, limits) are both unchanged. Failed repositories are not recorded: they are tried again.
 * Files are 0600 in a 0700 directory: results name files, commits and authors holding secrets.
 */

interface StateRecord {
  version: 1;
  name: string;
  tip: string;
  settings: string;
  result: SweepRepository;
}

export class SweepState {
  private readonly records = new Map<string, StateRecord>();
  private readonly reposDir: string;

  constructor(readonly dir: string) {
    this.reposDir = join(dir, 'repos');
    ensurePrivateDir(dir);
    ensurePrivateDir(this.reposDir);
    for (const file of readdirSync(this.reposDir)) {
      if (!file.endsWith('.json') || file.startsWith('.')) continue;
      const record = readRecord(join(this.reposDir, file));
      if (record) this.records.set(record.name, record);
    }
  }

  /** The saved result of `name` when it was scanned at this tip with these settings. */
  reusable(name: string, tip: string, settings: string): SweepRepository | null {
    const record = this.records.get(name);
    return record && record.tip === tip && record.settings === settings && record.result.status === 'scanned' ? record.result : null;
  }

  /** Records a scanned repository (durably, before returning). */
  record(result: SweepRepository, settings: string): void {
    if (result.status !== 'scanned' || result.tip === null) return;
    const record: StateRecord = { version: 1, name: result.name, tip: result.tip, settings, result };
    writeFileAtomic(join(this.reposDir, recordFileName(result.name)), `${JSON.stringify(record)}\n`);
    this.records.set(result.name, record);
  }

  get size(): number {
    return this.records.size;
  }
}

export function recordFileName(name: string): string {
  return `${createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 32)}.json`;
}

/** A record from an older or foreign layout, or damaged by hand, is ignored: that repository is rescanned. */
function readRecord(path: string): StateRecord | null {
  try {
    if (!existsSync(path)) return null;
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<StateRecord>;
    if (parsed.version !== 1 || typeof parsed.name !== 'string' || typeof parsed.tip !== 'string' || typeof parsed.settings !== 'string') return null;
    if (!parsed.result || typeof parsed.result !== 'object' || !Array.isArray(parsed.result.findings)) return null;
    return parsed as StateRecord;
  } catch {
    return null;
  }
}
