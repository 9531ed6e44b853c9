// Size facts of a repository: what the pack weighs on disk and what its objects weigh inflated.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export function packBytes(gitDir) {
  const packDir = join(gitDir, 'objects', 'pack');
  return readdirSync(packDir)
    .filter((name) => name.endsWith('.pack'))
    .reduce((sum, name) => sum + statSync(join(packDir, name)).size, 0);
}

/** Object count and inflated bytes per type, from `cat-file --batch-all-objects --batch-check`. */
export async function objectSizes(gitDir) {
  const child = spawn('git', ['--git-dir', gitDir, 'cat-file', '--batch-all-objects', '--batch-check=%(objecttype) %(objectsize)'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const byType = {};
  let objects = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    const [type, size] = line.split(' ');
    byType[type] ??= { count: 0, bytes: 0 };
    byType[type].count++;
    byType[type].bytes += Number(size);
    objects++;
  }
  return { objects, byType };
}

export const mb = (bytes) => (bytes / (1 << 20)).toFixed(1);
