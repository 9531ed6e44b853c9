import type { Repository } from '../git/repo.js';
import { openStore } from '../incident/store.js';
import { formatScanJson } from '../report/scan/json.js';
import type { ScanReport } from '../scan/finding.js';
import { runScan, type ScanOptions as RunScanOptions } from '../scan/run-scan.js';

export interface ScanOptions extends Omit<RunScanOptions, 'path'> {
  /** The repository: a worktree, a bare repository or a `.git` directory (default `.`). */
  path?: string;
  /** Save the scan in the repository's incident store, as `spillkit scan` does (default true). */
  save?: boolean;
}

/**
 * Scans every object of a repository and returns the report `spillkit scan --format json` prints:
 * same fields, same order, no raw secret unless `showSecrets`. Like the command, it saves the scan
 * (without secrets) in the repository's incident store for revoke, plan-rewrite and report.
 * A repository's own config in force is named in `stats.repoConfig` (the command also says so on stderr).
 */
export async function scan(options: ScanOptions = {}): Promise<ScanReport> {
  const { save, ...rest } = options;
  const { repo, report } = await runScan({ ...rest, path: options.path ?? '.' });
  if (save !== false) saveScanReport(repo, report);
  return JSON.parse(formatScanJson(report, { showSecrets: options.showSecrets === true })) as ScanReport;
}

/** Saves a scan in the incident store; a store that cannot be written costs a warning, not the scan. */
export function saveScanReport(repo: Repository, report: ScanReport): void {
  try {
    openStore(repo.commondir).saveScan(report);
  } catch (e) {
    report.stats.warnings.push(`scan not saved to the incident store: ${(e as Error).message}`);
  }
}
