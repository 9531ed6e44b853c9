import { verifyReport, type VerifyRequest } from '../cli/verify-flags.js';
import type { Repository } from '../git/repo.js';
import { applyCarry, importCarryFor, NO_CARRY } from '../import/carry.js';
import { openStore } from '../incident/store.js';
import { formatScanJson } from '../report/scan/json.js';
import type { ScanReport } from '../scan/finding.js';
import { runScan, type ScanOptions as RunScanOptions, type ScanOutcome } from '../scan/run-scan.js';

export interface VerifyOptions {
  /** Keep only the findings confirmed live (`--only-verified`). */
  onlyVerified?: boolean;
  /** Also check self-hosted services at a public host named near the secret (`--verify-self-hosted`). */
  selfHosted?: boolean;
  /** Reuse live/not-live answers cached by an earlier run this recent (`--verify-max-age`), in ms. */
  maxAgeMs?: number;
}

export interface ScanOptions extends Omit<RunScanOptions, 'path' | 'extraRules' | 'onlyRules'> {
  /** The repository: a worktree, a bare repository or a `.git` directory (default `.`). */
  path?: string;
  /** Save the scan in the repository's incident store, as `spillkit scan` does (default true). */
  save?: boolean;
  /**
   * Check each distinct credential live with its provider (`--verify`): sends the secret to the
   * provider's own API, so it is never implied. Adds `validation` to each finding checked.
   */
  verify?: boolean | VerifyOptions;
  /** The environment the live checks read endpoints from (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Scans every object of a repository and returns the report `spillkit scan --format json` prints:
 * same fields, same order, no raw secret unless `showSecrets`. Like the command, it keeps findings
 * imported from other scanners, checks them live when asked, and saves the scan (without secrets) in
 * the repository's incident store for revoke, plan-rewrite and report. A repository's own config in
 * force is named in `stats.repoConfig` (the command also says so on stderr).
 */
export async function scan(options: ScanOptions = {}): Promise<ScanReport> {
  const { save, verify, env, path, ...rest } = options;
  const request: VerifyRequest | null = verify ? { onlyVerified: false, selfHosted: false, maxAgeMs: null, ...(verify === true ? {} : verify) } : null;
  const { repo, report } = await scanKeepingImports({ ...rest, path: path ?? '.', showSecrets: options.showSecrets === true || request !== null });
  if (request) await verifyScan(report, repo, request, options.showSecrets === true, env);
  if (save !== false) saveScanReport(repo, report);
  return JSON.parse(formatScanJson(report, { showSecrets: options.showSecrets === true })) as ScanReport;
}

/**
 * runScan, carrying over the findings an earlier `spillkit import` brought in (import/carry.ts) unless
 * `imports` is false (a demo repository has none).
 */
export async function scanKeepingImports(opts: RunScanOptions, imports = true): Promise<ScanOutcome> {
  const carry = imports ? importCarryFor(opts.path) : NO_CARRY;
  const outcome = await runScan({ ...opts, extraRules: carry.rules });
  return { ...outcome, report: applyCarry(outcome.report, carry) };
}

/** The live check over a finished scan; the secrets it needed are dropped again unless they were asked for. */
export async function verifyScan(report: ScanReport, repo: Repository, request: VerifyRequest, keepSecrets: boolean, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await verifyReport(report, repo, request, env);
  if (!keepSecrets) for (const f of report.findings) delete f.secret;
}

/** Saves a scan in the incident store; a store that cannot be written costs a warning, not the scan. */
export function saveScanReport(repo: Repository, report: ScanReport): void {
  try {
    openStore(repo.commondir).saveScan(report);
  } catch (e) {
    report.stats.warnings.push(`scan not saved to the incident store: ${(e as Error).message}`);
  }
}
