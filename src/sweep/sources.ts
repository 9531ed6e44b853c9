import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { discoverGithubRepositories } from './discover-github.js';
import { discoverLocalRepositories } from './discover-local.js';
import type { Shard } from './shard.js';
import type { SweepTarget } from './types.js';

export type SweepSource =
  | { kind: 'directory'; path: string }
  | { kind: 'github'; owner: string; ownerKind: 'org' | 'user'; pageSize?: number };

export interface DiscoveredSource {
  targets: SweepTarget[];
  warnings: string[];
  /** Identifies the source across runs (the state directory is keyed by it). */
  key: string;
}

export async function discoverSource(source: SweepSource, cacheRoot: string, env: NodeJS.ProcessEnv): Promise<DiscoveredSource> {
  if (source.kind === 'directory') {
    const { targets, warnings } = discoverLocalRepositories(source.path);
    return { targets, warnings, key: `directory:${realpathSync(source.path)}` };
  }
  const found = await discoverGithubRepositories({ kind: source.ownerKind, owner: source.owner, pageSize: source.pageSize, cacheRoot, env });
  return { targets: found.targets, warnings: found.warnings, key: `github:${found.apiUrl}:${source.ownerKind}:${source.owner.toLowerCase()}` };
}

/** `--cache`, else `$XDG_CACHE_HOME/spillkit`, else `~/.cache/spillkit`. */
export function defaultCacheRoot(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.cache');
  return join(base, 'spillkit');
}

/**
 * `<cache>/sweeps/<digest>`, one per source and shard: two shards running on one machine never share
 * (and never overwrite) each other's state, and sweeping another organisation starts afresh.
 */
export function defaultStateDir(cacheRoot: string, sourceKey: string, shard: Shard | null): string {
  const digest = createHash('sha256').update(`${sourceKey}\n${shard ? `${shard.index}/${shard.count}` : 'all'}`).digest('hex');
  return join(cacheRoot, 'sweeps', digest.slice(0, 24));
}
