import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import type { VerifyRequest } from '../cli/verify-flags.js';
import { buildSweepResult } from './result.js';
import { inShard, type Shard } from './shard.js';
import { SweepState } from './state.js';
import { sweepRepository, type RepositoryOutcome } from './sweep-repository.js';
import type { SweepResult, SweepTarget } from './types.js';

export interface SweepOptions {
  /** Every repository of the source, as discovered; the shard filter is applied here. */
  targets: SweepTarget[];
  discoveryWarnings?: string[];
  shard: Shard | null;
  stateDir: string;
  /** Digest of the scan settings (sweepSettings). */
  settings: string;
  /** Repositories in flight at once (default 2). */
  jobs?: number;
  /** Worker threads for the whole sweep, shared among the jobs (default: all cores). */
  threads?: number;
  configPath?: string;
  /** Apply each repository's own config files (`--repo-config`); off by default. */
  repoConfig?: boolean;
  maxBlobBytes?: number;
  maxRepoBytes?: number;
  token?: string;
  env: NodeJS.ProcessEnv;
  /** `--verify` for every repository (journal and cache under the state dir). */
  verify?: VerifyRequest | null;
  onEvent?: (event: SweepEvent) => void;
}

export type SweepEvent =
  | { type: 'start'; total: number; discovered: number; jobs: number; threadsPerScan: number; stateDir: string }
  | ({ type: 'repository'; done: number; total: number } & RepositoryOutcome);

/**
 * The headless sweep: bounded concurrency over the shard's repositories (p-limit), each scan with its
 * share of the threads so the whole sweep stays near the core count, every repository isolated from
 * the others' failures, and the combined result ranked by risk.
 */
export async function runSweep(opts: SweepOptions): Promise<SweepResult> {
  const started = Date.now();
  const targets = opts.targets.filter((t) => inShard(t.name, opts.shard));
  const jobs = Math.max(1, Math.min(opts.jobs ?? 2, Math.max(targets.length, 1)));
  const threads = Math.max(1, opts.threads ?? availableParallelism());
  const threadsPerScan = Math.max(1, Math.floor(threads / jobs));
  const state = new SweepState(opts.stateDir);
  opts.onEvent?.({ type: 'start', total: targets.length, discovered: opts.targets.length, jobs, threadsPerScan, stateDir: opts.stateDir });

  const limit = pLimit(jobs);
  let done = 0;
  let reused = 0;
  const outcomes = await Promise.all(
    targets.map((target) =>
      limit(async () => {
        const outcome = await sweepRepository(target, {
          state,
          settings: opts.settings,
          threads: threadsPerScan,
          configPath: opts.configPath,
          repoConfig: opts.repoConfig,
          maxBlobBytes: opts.maxBlobBytes,
          maxRepoBytes: opts.maxRepoBytes,
          token: opts.token,
          env: opts.env,
          verify: opts.verify,
          verifyStateDir: opts.stateDir,
        });
        done++;
        if (outcome.reused) reused++;
        opts.onEvent?.({ type: 'repository', done, total: targets.length, ...outcome });
        return outcome.result;
      }),
    ),
  );
  return buildSweepResult(outcomes, {
    sweptAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    reused,
    warnings: opts.discoveryWarnings ?? [],
    shard: opts.shard,
  });
}
