import { compareRepositories } from './rank.js';
import { RISK_ORDER, type RiskTier, type SweepRepository, type SweepResult, type SweepStats } from './types.js';

/**
 * Builds the combined result from repository entries. Everything but the wall time and the reuse count
 * is derived from the entries themselves, so a merge of shards recomputes exactly the stats one run
 * over the whole organisation would have.
 */
export function buildSweepResult(
  repositories: SweepRepository[],
  run: { sweptAt: string; durationMs: number; reused: number; warnings: string[]; shard?: { index: number; count: number } | null },
): SweepResult {
  const ranked = [...repositories].sort(compareRepositories);
  return {
    version: 1,
    kind: 'sweep',
    sweptAt: run.sweptAt,
    ...(run.shard ? { shard: { index: run.shard.index, count: run.shard.count } } : {}),
    stats: sweepStats(ranked, run.durationMs, run.reused),
    warnings: [...new Set(run.warnings)].sort(),
    repositories: ranked,
  };
}

export function sweepStats(repositories: readonly SweepRepository[], durationMs: number, reused: number): SweepStats {
  const byRisk = Object.fromEntries(RISK_ORDER.map((tier) => [tier, 0])) as Record<RiskTier, number>;
  const bySeverity = { critical: 0, high: 0, medium: 0, low: 0 };
  let findings = 0;
  let findingsAtHead = 0;
  let objects = 0;
  let blobBytes = 0;
  for (const repo of repositories) {
    byRisk[repo.risk]++;
    findings += repo.findings.length;
    for (const f of repo.findings) {
      bySeverity[f.severity]++;
      if (f.presentAtHead) findingsAtHead++;
    }
    objects += repo.stats?.objects ?? 0;
    blobBytes += repo.stats?.blobBytes ?? 0;
  }
  return {
    repositories: repositories.length,
    scanned: repositories.filter((r) => r.status === 'scanned').length,
    failed: repositories.filter((r) => r.status === 'failed').length,
    skipped: repositories.filter((r) => r.status === 'skipped').length,
    reused,
    repositoriesWithFindings: repositories.filter((r) => r.findings.length > 0).length,
    findings,
    findingsAtHead,
    bySeverity,
    byRisk,
    objects,
    blobBytes,
    durationMs,
  };
}

/**
 * 0 nothing found, 1 findings, 2 when nothing could be scanned at all (every repository failed or was
 * skipped: "nothing found" would be a lie), or when any failed and the caller asked for
 * `--fail-on-error`; 3 when a credential is confirmed live (only with `--verify`). One failed repository among many does not hide the findings of the others: the
 * exit code still follows the findings, and its error is printed. A shard that got no repository is 0.
 */
export function sweepExitCode(result: SweepResult, failOnError: boolean): number {
  const { stats } = result;
  if (stats.repositories > 0 && stats.scanned === 0) return 2;
  if (stats.failed > 0 && failOnError) return 2;
  if (stats.byRisk.live > 0) return 3;
  return stats.findings > 0 ? 1 : 0;
}
