import { spawnSync } from 'node:child_process';
import { SpillkitError } from '../errors.js';
import { gitEnv } from './git-cli.js';

/** Contents of many objects in one `git cat-file --batch` call (blob bytes may hold secrets: memory only). */
export function readObjects(dir: string, oids: string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!oids.length) return out;
  const r = spawnSync('git', ['-C', dir, 'cat-file', '--batch'], { input: oids.join('\n') + '\n', env: gitEnv(), maxBuffer: 1 << 30 });
  if (r.error || r.status !== 0) throw new SpillkitError('IO', `git cat-file --batch failed in ${dir}`);
  const data = r.stdout;
  let at = 0;
  for (const oid of oids) {
    const eol = data.indexOf(0x0a, at);
    const header = data.subarray(at, eol).toString('utf8');
    const m = /^([0-9a-f]+) \w+ (\d+)$/.exec(header);
    if (!m) throw new SpillkitError('MISSING_OBJECT', `object ${oid} is not in ${dir}`);
    const size = Number(m[2]);
    out.set(oid, data.subarray(eol + 1, eol + 1 + size));
    at = eol + 1 + size + 1;
  }
  return out;
}
