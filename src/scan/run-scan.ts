import { availableParallelism } from 'node:os';
import type { CommitInfo, TagInfo } from '../git/commit.js';
import { DEFAULT_MAX_BLOB_BYTES } from '../git/object-limits.js';
import { loadObjectDatabase } from '../git/object-database.js';
import { readRefs } from '../git/refs.js';
import { openRepository, type Repository } from '../git/repo.js';
import { resolveRevision } from '../git/rev.js';
import { compileAllowlists } from '../rules/allowlist.js';
import { loadScanConfig } from '../rules/config.js';
import { emptyScanConfig } from '../rules/scan-config.js';
import { loadBuiltinRules } from '../rules/load.js';
import type { RuleSpec } from '../rules/types.js';
import { assembleFindings, type AssembledFinding } from './assemble.js';
import { isBaselined, loadBaseline } from './baseline.js';
import { CommitGraph, resolveRefs } from './commit-graph.js';
import type { ScanReport } from './finding.js';
import { planWork } from './work-plan.js';
import { runWorkers } from './worker-pool.js';
import type { ObjectMatch, WorkerSetup, WorkResult } from './worker-protocol.js';
import { placeBlobs, type PathMatch } from './place-blobs.js';
import { pathOnlyMatches, pathOnlySpecs, pathOnlyTests } from './path-only.js';
import { refCompleteness } from './ref-completeness.js';
import { repoConfigStats } from './repo-config-stats.js';

export interface ScanOptions {
  path: string;
  threads?: number;
  deltaReuse?: boolean;
  showSecrets?: boolean;
  configPath?: string;
  /** false: ignore the repository's own config files (`--no-repo-config`; sweep's default). */
  repoConfig?: boolean;
  baselinePath?: string;
  since?: string;
  maxBlobBytes?: number;
  /**
   * Scan with exactly these rules: no built-in set, no config, allowlist or baseline. How `spillkit
   * import` gives secrets it has already placed the provenance of a native finding (import/provenance.ts).
   */
  onlyRules?: RuleSpec[];
  /** Rules added to the set in force (after config rules): imported findings' literal rules (import/carry.ts). */
  extraRules?: RuleSpec[];
  /** Called with cumulative counts; `total` objects is known up front from the pack indexes. */
  onProgress?: (p: { objects: number; total: number; bytes: number; elapsedMs: number }) => void;
  /**
   * Matches as the workers find them, before provenance and de-duplication (the respond screen lists
   * them while the scan runs): rule, provider and redacted hint only, never the secret.
   */
  onMatches?: (found: Array<{ rule: string; provider: string; redacted: string; source: string }>) => void;
}

export interface ScanOutcome {
  repo: Repository;
  report: ScanReport;
  rules: RuleSpec[];
  /** Findings with the commits holding each secret (for later steps like the rewrite plan). */
  assembled: AssembledFinding[];
}

export { DEFAULT_MAX_BLOB_BYTES };

/** The tree positions the object pass saw, per pack, ascending (items come back sorted by id). */
function treePositionsByPack(packs: number, results: WorkResult[]): Uint32Array[] {
  const parts: Uint32Array[][] = Array.from({ length: packs }, () => []);
  for (const r of results) if (r.treePositions && r.pack !== undefined) parts[r.pack].push(r.treePositions);
  return parts.map((list) => {
    const out = new Uint32Array(list.reduce((s, a) => s + a.length, 0));
    let at = 0;
    for (const a of list) {
      out.set(a, at);
      at += a.length;
    }
    return out;
  });
}

/** The headless scan: enumerate, match in workers, then compute provenance on the main thread. */
export async function runScan(opts: ScanOptions): Promise<ScanOutcome> {
  const started = Date.now();
  const repo = openRepository(opts.path);
  const config = opts.onlyRules ? emptyScanConfig() : loadScanConfig({ configPath: opts.configPath, worktree: repo.worktree ?? undefined, repoConfig: opts.repoConfig });
  const disabled = new Set(config.disabledRules);
  const builtin = opts.onlyRules ? [] : loadBuiltinRules();
  const rules = opts.onlyRules ?? [...builtin, ...config.rules, ...(opts.extraRules ?? [])].filter((r) => !disabled.has(r.id));
  const repoConfig = repoConfigStats(config, repo.worktree ?? repo.gitdir, new Set(builtin.map((r) => r.id)));
  const baseline = opts.baselinePath && !opts.onlyRules ? loadBaseline(opts.baselinePath) : null;
  const db = loadObjectDatabase(repo);
  const refStore = readRefs(repo);
  const refs = refStore.refs;
  const warnings: string[] = [...config.warnings, ...db.warnings];
  if (repo.shallow) {
    warnings.push('shallow clone: commits beyond the shallow boundary are not in this repository, so older leaks cannot be seen (run `git fetch --unshallow` first)');
  }

  const threads = Math.max(1, opts.threads ?? availableParallelism());
  const total = db.packs.reduce((s, p) => s + p.count, 0) + db.loose.length;
  let objects = 0;
  let bytes = 0;
  const setup: WorkerSetup = {
    packs: db.packs,
    loose: db.loose,
    rules,
    allowlists: config.allowlists,
    deltaReuse: opts.deltaReuse !== false,
    showSecrets: opts.showSecrets === true,
    maxBlobBytes: opts.maxBlobBytes ?? DEFAULT_MAX_BLOB_BYTES,
    cacheBytes: 96 << 20,
  };
  const results = await runWorkers(
    setup,
    planWork(db, threads),
    threads,
    (o, b) => {
      objects += o;
      bytes += b;
      opts.onProgress?.({ objects, total, bytes, elapsedMs: Date.now() - started });
    },
    opts.onMatches && ((r) => {
      const found = r.matches.filter((m) => !m.allowed).map((m) => ({ rule: rules[m.rule]!.id, provider: rules[m.rule]!.provider, redacted: m.redacted, source: m.source }));
      if (found.length) opts.onMatches!(found);
    }),
  );

  const objectsDone = Date.now();
  const commits: CommitInfo[] = [];
  const tags = new Map<string, TagInfo>();
  const matches: ObjectMatch[] = [];
  /** Matches a config allowlist removed in the workers: assembled only to be counted as suppressed. */
  const allowed: ObjectMatch[] = [];
  const counts = { blobs: 0, commits: 0, trees: 0, tags: 0, objects: 0, blobBytes: 0, scannedBytes: 0 };
  const skippedGraphObjects: string[] = [];
  for (const r of results) {
    skippedGraphObjects.push(...r.skippedGraphObjects);
    commits.push(...r.commits);
    for (const t of r.tags) tags.set(t.oid, t);
    for (const m of r.matches) (m.allowed ? allowed : matches).push(m);
    for (const k of Object.keys(counts) as Array<keyof typeof counts>) counts[k] += r.counts[k];
    warnings.push(...r.warnings);
  }

  const graph = new CommitGraph(commits);
  if (graph.missingParents.length && !repo.shallow) {
    warnings.push(`${graph.missingParents.length} parent commit(s) are missing from the object database (first: ${graph.missingParents[0]}); history behind them was not scanned`);
  }
  const resolvedRefs = resolveRefs(refs, graph, tags);
  const reachable = graph.reachableFrom(resolvedRefs.commitTips.map((t) => t.commit));
  const headInfo = refStore.head;
  const head = headInfo.oid ? graph.index.get(headInfo.oid) : undefined;

  const interesting = [...new Set([...matches, ...allowed].filter((m) => m.source === 'blob').map((m) => m.oid))];
  const treePositions = treePositionsByPack(db.packs.length, results);
  const pathMatches: PathMatch[] = [];
  const blobPlacements = await placeBlobs(setup, db, threads, interesting, graph.commits, treePositions, warnings, skippedGraphObjects, pathOnlyTests(config.pathRules), pathMatches);
  // Path-only rules come after every content rule, so the workers' rule indexes stay valid.
  const assemblyRules = [...rules, ...pathOnlySpecs(config.pathRules)];
  matches.push(...pathOnlyMatches(db, pathMatches, rules.length));
  const refsRead = refCompleteness(refStore, graph, tags, db, skippedGraphObjects);
  warnings.push(...refsRead.warnings);

  const treesDone = Date.now();
  const provenance = { graph, tags, refs: resolvedRefs, reachable, head, rules: assemblyRules, blobPlacements, refsComplete: refsRead.complete };
  let assembled = assembleFindings({ ...provenance, matches });
  let suppressed = 0;
  if (allowed.length > 0) {
    // A finding counts as suppressed when every occurrence of it was allowlisted.
    const reported = new Set(assembled.map((a) => a.finding.fingerprint));
    suppressed += assembleFindings({ ...provenance, matches: allowed }).filter((a) => !reported.has(a.finding.fingerprint)).length;
  }
  const allow = compileAllowlists(config.allowlists);
  assembled = assembled.filter((a) => {
    const f = a.finding;
    const allowed = allow.allowsLocation(f.rule, f.path, f.commit, { provider: f.provider, pendingAndLists: a.pendingAllow });
    if (allowed || (baseline && isBaselined(baseline, f))) {
      suppressed++;
      return false;
    }
    return true;
  });
  if (opts.since !== undefined) {
    const rev = resolveRevision(opts.since, refs, graph, tags, headInfo.oid);
    const old = graph.reachableFrom([rev]);
    assembled = assembled.filter((a) => a.commits.length > 0 && !a.commits.some((c) => old[c] === 1));
  }

  const report: ScanReport = {
    version: 1,
    repository: repo.worktree ?? repo.gitdir,
    scannedAt: new Date(started).toISOString(),
    stats: {
      objects: counts.objects,
      blobs: counts.blobs,
      commits: counts.commits,
      trees: counts.trees,
      tags: counts.tags,
      packs: db.packs.length,
      looseObjects: db.loose.length,
      blobBytes: counts.blobBytes,
      scannedBytes: counts.scannedBytes,
      durationMs: Date.now() - started,
      threads,
      deltaReuse: opts.deltaReuse !== false,
      phasesMs: { objects: objectsDone - started, trees: treesDone - objectsDone, provenance: Date.now() - treesDone },
      findings: assembled.length,
      suppressed,
      refsComplete: refsRead.complete,
      ...(repoConfig ? { repoConfig } : {}),
      warnings: [...new Set(warnings)],
    },
    findings: assembled.map((a) => a.finding),
  };
  return { repo, report, rules: assemblyRules, assembled };
}
