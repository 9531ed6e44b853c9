import { readFileSync } from 'node:fs';
import { SpillkitError } from '../errors.js';
import { buildSweepResult } from './result.js';
import type { SweepRepository, SweepResult } from './types.js';

/**
 * `spillkit merge`: shard results -> the result one run over the whole source would have given. The
 * repositories are the union (a repository found in two inputs, e.g. a retried shard, is kept once:
 * a scanned entry over a failed one, then the newer scan); ranking and every derived count are
 * recomputed from them, wall time and reuse counts are summed.
 */
export function mergeSweepResults(inputs: { file: string; result: SweepResult }[]): SweepResult {
  if (inputs.length === 0) throw new SpillkitError('USAGE', 'merge needs at least one sweep result file');
  const counts = new Set(inputs.map((i) => i.result.shard?.count).filter((c): c is number => c !== undefined));
  if (counts.size > 1) {
    throw new SpillkitError('USAGE', `the files come from different shard splits (${[...counts].sort((a, b) => a - b).map((c) => `/${c}`).join(', ')}); merge the shards of one split`);
  }
  const byName = new Map<string, SweepRepository>();
  for (const { result } of inputs) {
    for (const repo of result.repositories) {
      const kept = byName.get(repo.name);
      if (!kept || preferred(repo, kept)) byName.set(repo.name, repo);
    }
  }

  const warnings = inputs.flatMap((i) => i.result.warnings);
  const count = [...counts][0];
  const wholeRun = inputs.some((i) => i.result.shard === undefined && i.result.mergedShards === undefined);
  let mergedShards: SweepResult['mergedShards'];
  if (count !== undefined && !wholeRun) {
    const indexes = [...new Set(inputs.flatMap((i) => (i.result.shard ? [i.result.shard.index] : (i.result.mergedShards?.indexes ?? []))))].sort((a, b) => a - b);
    if (indexes.length < count) {
      const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !indexes.includes(i));
      mergedShards = { count, indexes };
      warnings.push(`incomplete merge: shard(s) ${missing.map((i) => `${i}/${count}`).join(', ')} missing, so their repositories are not in this result`);
    }
  }

  const merged = buildSweepResult([...byName.values()], {
    sweptAt: inputs.map((i) => i.result.sweptAt).sort()[0],
    durationMs: inputs.reduce((sum, i) => sum + (i.result.stats.durationMs ?? 0), 0),
    reused: inputs.reduce((sum, i) => sum + (i.result.stats.reused ?? 0), 0),
    warnings,
  });
  return mergedShards ? { ...merged, mergedShards } : merged;
}

function preferred(candidate: SweepRepository, kept: SweepRepository): boolean {
  const rank = (r: SweepRepository): number => (r.status === 'scanned' ? 0 : r.status === 'skipped' ? 1 : 2);
  if (rank(candidate) !== rank(kept)) return rank(candidate) < rank(kept);
  return (candidate.scannedAt ?? '') > (kept.scannedAt ?? '');
}

/** Reads one `spillkit sweep --format json` file, refusing anything else with a one-line reason. */
export function readSweepResult(file: string): SweepResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new SpillkitError('IO', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SpillkitError('USAGE', `${file} is not JSON (merge takes the results of \`spillkit sweep --format json\`)`);
  }
  const doc = parsed as Partial<SweepResult> | null;
  if (!doc || typeof doc !== 'object' || doc.kind !== 'sweep' || !Array.isArray(doc.repositories) || typeof doc.stats !== 'object') {
    throw new SpillkitError('USAGE', `${file} is not a spillkit sweep result (merge takes the results of \`spillkit sweep --format json\`)`);
  }
  if (doc.version !== 1) throw new SpillkitError('USAGE', `${file} is a sweep result of version ${String(doc.version)}; this spillkit reads version 1`);
  for (const repo of doc.repositories) {
    if (!repo || typeof repo.name !== 'string' || !Array.isArray(repo.findings)) {
      throw new SpillkitError('USAGE', `${file} holds a malformed repository entry`);
    }
  }
  return { ...doc, warnings: Array.isArray(doc.warnings) ? doc.warnings : [] } as SweepResult;
}
