/**
 * The `--verify` family of flags, shared by `scan` and `sweep`: what the user asked for, the check run
 * over a finished scan report, and the exit code (3 when a credential is confirmed live).
 */
import { SpillkitError } from '../errors.js';
import type { Repository } from '../git/repo.js';
import { openStore } from '../incident/store.js';
import type { Finding, ScanReport } from '../scan/finding.js';
import { loadObjectDatabase } from '../git/object-database.js';
import { ObjectReader } from '../git/object-reader.js';
import { openVerifyCache, parseDuration } from '../verify/cache.js';
import { verifyJournal } from '../verify/journal.js';
import { verifyFindings } from '../verify/run-verify.js';

export interface VerifyRequest {
  onlyVerified: boolean;
  selfHosted: boolean;
  maxAgeMs: number | null;
}

interface VerifyValues {
  verify?: boolean;
  'verify-self-hosted'?: boolean;
  'only-verified'?: boolean;
  'verify-max-age'?: string;
}

/** Null when no check was asked for: then nothing leaves the machine. */
export function verifyRequest(values: VerifyValues): VerifyRequest | null {
  const asked = values.verify === true || values['only-verified'] === true;
  if (!asked) {
    for (const flag of ['verify-self-hosted', 'verify-max-age'] as const) {
      if (values[flag] !== undefined) throw new SpillkitError('USAGE', `--${flag} needs --verify (checking sends each secret to its provider, so it is never implied)`);
    }
    return null;
  }
  let maxAgeMs: number | null = null;
  if (values['verify-max-age'] !== undefined) {
    maxAgeMs = parseDuration(values['verify-max-age']);
    if (maxAgeMs === null) throw new SpillkitError('USAGE', `--verify-max-age must be a duration such as 30m, 12h or 7d, not '${values['verify-max-age']}'`);
  }
  return { onlyVerified: values['only-verified'] === true, selfHosted: values['verify-self-hosted'] === true, maxAgeMs };
}

/**
 * Checks the report's findings in place (validation, stats.verification). The journal and the cache
 * live in the repository's incident store, or under `stateDir` (a sweep writes nothing into the
 * repositories it sweeps); `stateDir: null` keeps nothing (a dry run).
 */
export async function verifyReport(report: ScanReport, repo: Repository, request: VerifyRequest, env: NodeJS.ProcessEnv = process.env, stateDir?: string | null): Promise<void> {
  const root = stateDir === undefined ? openStore(repo.commondir).root : stateDir;
  const context = blobText(repo);
  let summary;
  try {
    summary = await verifyFindings(report.findings, {
      env,
      record: root === null ? () => undefined : verifyJournal(root, repo.worktree ?? repo.gitdir),
      cache: root === null ? null : openVerifyCache(root),
      maxAgeMs: request.maxAgeMs,
      selfHosted: request.selfHosted,
      contextOf: context.of,
    });
  } finally {
    context.close();
  }
  report.stats.verification = summary;
  if (request.onlyVerified) {
    const kept = report.findings.filter((f) => f.validation?.state === 'live');
    report.findings = kept;
    report.stats.findings = kept.length;
  }
}

/** A finding's blob as text, read on demand (a self-hosted service's URL is looked for near the secret). */
function blobText(repo: Repository): { of: (f: Finding) => string | null; close: () => void } {
  let reader: ObjectReader | null = null;
  return {
    of(f) {
      if (f.source !== 'blob') return null;
      reader ??= new ObjectReader(loadObjectDatabase(repo), CONTEXT_LIMIT);
      const obj = reader.tryRead(f.blob);
      return obj ? obj.data.subarray(0, CONTEXT_LIMIT).toString('utf8') : null;
    },
    close: () => reader?.close(),
  };
}

const CONTEXT_LIMIT = 8 << 20;

/** 3 when a credential is confirmed live, else 1 for findings, else 0. */
export function scanExitCode(report: ScanReport): number {
  if (report.findings.some((f) => f.validation?.state === 'live')) return 3;
  return report.findings.length > 0 ? 1 : 0;
}
