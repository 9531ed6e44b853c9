import type { Finding, ScanReport, ScanStats } from '../../scan/finding.js';
import { compareStrings } from './rule-catalog.js';

/**
 * `--format json`: the SPEC's findings contract. Keys are written in a fixed order (not whatever order
 * the pipeline happened to build objects in) so saved scans diff cleanly and golden tests are stable.
 * Finding fields are copied from an explicit list: a field added to Finding later cannot slip into
 * machine output (or carry a secret there) without a change here.
 */

const STATS_ORDER: readonly (keyof ScanStats)[] = [
  'objects',
  'blobs',
  'commits',
  'trees',
  'tags',
  'packs',
  'looseObjects',
  'blobBytes',
  'scannedBytes',
  'durationMs',
  'threads',
  'deltaReuse',
  'findings',
  'suppressed',
  'verification',
  'repoConfig',
  'warnings',
];

/**
 * Optional keys (`tag`, `pairedWith`, and on findings brought in by `spillkit import` `importedFrom` and
 * `secretBytes`) are written only when the finding has them.
 */
const FINDING_ORDER: readonly (keyof Finding)[] = [
  'fingerprint',
  'rule',
  'provider',
  'severity',
  'confidence',
  'source',
  'path',
  'line',
  'column',
  'commit',
  'author',
  'authorEmail',
  'date',
  'tag',
  'blob',
  'refs',
  'reachable',
  'presentAtHead',
  'validation',
  'redacted',
  'secretHash',
  'occurrences',
  'why',
  'pairedWith',
  'importedFrom',
  'secretBytes',
];

export interface JsonScanOptions {
  showSecrets: boolean;
}

export function formatScanJson(report: ScanReport, opts: JsonScanOptions): string {
  const document = {
    version: report.version,
    repository: report.repository,
    scannedAt: report.scannedAt,
    stats: orderedStats(report.stats),
    findings: report.findings.map((finding) => orderedFinding(finding, opts.showSecrets)),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Known counters in contract order; counters a newer pipeline adds follow, sorted, rather than vanish. */
function orderedStats(stats: ScanStats): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of STATS_ORDER) if (stats[key] !== undefined) out[key] = stats[key];
  const extra = Object.keys(stats)
    .filter((key) => !(STATS_ORDER as readonly string[]).includes(key))
    .sort(compareStrings);
  for (const key of extra) out[key] = (stats as unknown as Record<string, unknown>)[key];
  return out;
}

function orderedFinding(finding: Finding, showSecrets: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of FINDING_ORDER) if (finding[key] !== undefined) out[key] = finding[key];
  if (showSecrets && finding.secret !== undefined) out.secret = finding.secret;
  return out;
}
