import { createHash } from 'node:crypto';
import { SpillkitError } from '../errors.js';

/**
 * `--shard I/N`: I is 1-based (a GitHub Actions matrix `[1, 2, 3, 4]` passes it as is; a Kubernetes
 * Indexed Job passes `$((JOB_COMPLETION_INDEX + 1))`). A repository belongs to shard I when
 *   parseInt(sha256(lowercased canonical name).hex[0..12], 16) % N === I - 1
 * which depends on nothing but the name: every runner computes the same split without talking to the
 * others, and a repository keeps its shard when others are added or removed.
 */
export interface Shard {
  index: number;
  count: number;
}

const MAX_SHARDS = 10_000;

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new SpillkitError('USAGE', `--shard takes I/N with 1 <= I <= N <= ${MAX_SHARDS} (I is 1-based), not '${text}'`);
  }
  return { index, count };
}

/** Shard number (1-based) of a repository name among `count` shards. */
export function shardOf(name: string, count: number): number {
  const digest = createHash('sha256').update(name.toLowerCase(), 'utf8').digest('hex');
  return (parseInt(digest.slice(0, 12), 16) % count) + 1;
}

export function inShard(name: string, shard: Shard | null): boolean {
  return shard === null || shardOf(name, shard.count) === shard.index;
}
