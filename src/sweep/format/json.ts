import { toSweepFinding } from '../sweep-finding.js';
import type { SweepRepository, SweepResult } from '../types.js';
import { jsonSafe } from '../../report/safe-text.js';

/**
 * `--format json`: keys in a fixed order whatever built the entries (a scan, a state file, a merged
 * input), and findings re-copied through the explicit field list, so nothing unlisted reaches the file.
 */
export function formatSweepJson(result: SweepResult): string {
  const document = {
    version: result.version,
    kind: result.kind,
    sweptAt: result.sweptAt,
    ...(result.shard ? { shard: result.shard } : {}),
    ...(result.mergedShards ? { mergedShards: result.mergedShards } : {}),
    stats: result.stats,
    warnings: result.warnings,
    repositories: result.repositories.map(orderedRepository),
  };
  return `${jsonSafe(JSON.stringify(document, null, 2))}\n`;
}

function orderedRepository(repo: SweepRepository): Record<string, unknown> {
  return {
    name: repo.name,
    source: repo.source,
    tip: repo.tip,
    status: repo.status,
    risk: repo.risk,
    ...(repo.error !== undefined ? { error: repo.error } : {}),
    scannedAt: repo.scannedAt,
    stats: repo.stats,
    warnings: repo.warnings,
    findings: repo.findings.map((f) => toSweepFinding(f, repo.name)),
  };
}
