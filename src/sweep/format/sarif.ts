import { createHash } from 'node:crypto';
import type { ScanRuleInfo } from '../../report/scan/rule-catalog.js';
import { formatScanSarif } from '../../report/scan/sarif.js';
import type { ScanReport } from '../../scan/finding.js';
import type { SweepResult } from '../types.js';
import { jsonSafe } from '../../report/safe-text.js';

/**
 * `--format sarif`: one SARIF 2.1.0 run for the whole sweep. GitHub code scanning rejects an upload
 * with several runs of one tool under one category, so the repositories share one run, and every
 * artifact URI is prefixed by the repository's name (`acme/api/config/.env`): upload it to a central
 * security repository and each alert still says which repository it belongs to.
 *
 * The results are the scan format's, then re-pointed per repository: the scan fingerprint depends on
 * rule, path and secret only, so the same key committed to the same path of two repositories would be
 * one alert; the sweep's partial fingerprint adds the repository name. Failed and skipped repositories
 * are tool notifications (errors and warnings), never silently absent.
 */
export const SWEEP_FINGERPRINT_KEY = 'spillkit-sweep/v1';

interface SarifLog {
  runs: {
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: unknown[] }[];
    results: {
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
      partialFingerprints: Record<string, string>;
      properties: Record<string, unknown>;
    }[];
  }[];
}

export function formatSweepSarif(result: SweepResult, opts: { toolVersion: string; rules?: readonly ScanRuleInfo[] }): string {
  const findings = result.repositories.flatMap((repo) => repo.findings);
  const log = JSON.parse(formatScanSarif(asScanReport(result, findings), opts)) as SarifLog;
  const run = log.runs[0];
  run.results.forEach((sarifResult, i) => {
    const finding = findings[i];
    const location = sarifResult.locations[0].physicalLocation.artifactLocation;
    location.uri = `${repositoryUri(finding.repository)}/${location.uri}`;
    sarifResult.message.text = `${finding.repository}: ${sarifResult.message.text}`;
    sarifResult.partialFingerprints = { [SWEEP_FINGERPRINT_KEY]: sweepFingerprint(finding.repository, finding.fingerprint) };
    sarifResult.properties = { repository: finding.repository, ...sarifResult.properties };
  });
  run.invocations[0].toolExecutionNotifications = notifications(result);
  return `${jsonSafe(JSON.stringify(log, null, 2))}\n`;
}

/** 16 hex chars of sha256(repository, NUL, fingerprint): stable across runs, distinct per repository. */
export function sweepFingerprint(repository: string, fingerprint: string): string {
  return createHash('sha256').update(`${repository}\0${fingerprint}`).digest('hex').slice(0, 16);
}

function repositoryUri(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

function notifications(result: SweepResult): unknown[] {
  const out: unknown[] = result.warnings.map((text) => ({ level: 'warning', message: { text } }));
  for (const repo of result.repositories) {
    if (repo.status === 'failed') out.push({ level: 'error', message: { text: `${repo.name}: not scanned: ${repo.error ?? 'failed'}` } });
    if (repo.status === 'skipped') out.push({ level: 'warning', message: { text: `${repo.name}: skipped: ${repo.error ?? ''}` } });
    for (const text of repo.warnings) out.push({ level: 'warning', message: { text: `${repo.name}: ${text}` } });
  }
  return out;
}

/** The scan formatter wants a ScanReport; only its findings and warnings matter to SARIF. */
function asScanReport(result: SweepResult, findings: ScanReport['findings']): ScanReport {
  return {
    version: 1,
    repository: 'sweep',
    scannedAt: result.sweptAt,
    stats: {
      objects: result.stats.objects, blobs: 0, commits: 0, trees: 0, tags: 0, packs: 0, looseObjects: 0,
      blobBytes: result.stats.blobBytes, scannedBytes: 0, durationMs: result.stats.durationMs, threads: 0,
      deltaReuse: true, findings: findings.length, suppressed: 0, warnings: [],
    },
    findings,
  };
}
