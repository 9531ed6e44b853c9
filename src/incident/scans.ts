import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SpillkitError } from '../errors.js';
import type { ScanReport } from '../scan/finding.js';
import { isScanFileName, newScanFileName } from './ids.js';
import { ioError, writeFileAtomic } from './private-fs.js';

/**
 * `scans/`: every saved scan report, one file each, plus `latest.json`.
 *
 * latest.json is a pointer, `{ "file": "<name>.json" }`, not a copy: reports of big histories are
 * large, and since the scan file is durable before the pointer is renamed into place, the pointer
 * never names a missing or half-written file. If it is missing or broken, the newest file wins.
 */
const LATEST = 'latest.json';

export class ScanArchive {
  constructor(
    readonly dir: string,
    private readonly now: () => Date,
  ) {}

  /** Save without any raw secret (later steps read it back from git by blob id). Returns the path. */
  save(report: ScanReport): string {
    const name = newScanFileName(report.scannedAt, this.now());
    const path = join(this.dir, name);
    writeFileAtomic(path, JSON.stringify(stripSecrets(report), null, 2) + '\n');
    writeFileAtomic(join(this.dir, LATEST), JSON.stringify({ file: name }) + '\n');
    return path;
  }

  /** Saved scan file names, oldest first. */
  list(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw ioError(`cannot list ${this.dir}`, e);
    }
    return names.filter(isScanFileName).sort();
  }

  /** `file` is a name from list() or a path to a report anywhere. */
  read(file: string): ScanReport {
    const path = file.includes('/') || file.includes('\\') ? file : join(this.dir, file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw ioError(`cannot read saved scan ${path}`, e);
    }
    return parseScanReport(text, path);
  }

  latest(): ScanReport | null {
    const pointed = this.latestName();
    if (pointed !== null) return this.read(pointed);
    const names = this.list();
    return names.length === 0 ? null : this.read(names[names.length - 1]);
  }

  private latestName(): string | null {
    try {
      const pointer = JSON.parse(readFileSync(join(this.dir, LATEST), 'utf8')) as { file?: unknown };
      const name = typeof pointer.file === 'string' ? basename(pointer.file) : '';
      return isScanFileName(name) && this.list().includes(name) ? name : null;
    } catch {
      return null;
    }
  }
}

/** A deep enough copy of the report with `secret` removed from every finding. */
export function stripSecrets(report: ScanReport): ScanReport {
  return {
    ...report,
    findings: report.findings.map((finding) => {
      const { secret: _dropped, ...rest } = finding;
      return rest;
    }),
  };
}

function parseScanReport(text: string, path: string): ScanReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new SpillkitError('IO', `saved scan ${path} is not valid JSON: ${(e as Error).message}`, { path });
  }
  const report = value as Partial<ScanReport> | null;
  if (!report || typeof report !== 'object' || !Array.isArray(report.findings) || typeof report.version !== 'number') {
    throw new SpillkitError('IO', `${path} is not a spillkit scan report`, { path });
  }
  if (report.version !== 1) {
    throw new SpillkitError('IO', `saved scan ${path} has format version ${report.version}; this spillkit reads 1`, {
      path,
    });
  }
  return report as ScanReport;
}
