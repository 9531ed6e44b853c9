import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Repository } from './repo.js';

/** The URL of a remote as the repository's config names it (`[remote "origin"] url = ...`), or null. */
export function remoteUrl(repo: Repository, name = 'origin'): string | null {
  const file = join(repo.commondir, 'config');
  if (!existsSync(file)) return null;
  let inRemote = false;
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    const section = /^\[\s*remote\s+"([^"]*)"\s*\]$/.exec(line);
    if (section) inRemote = section[1] === name;
    else if (line.startsWith('[')) inRemote = false;
    else if (inRemote) {
      const m = /^url\s*=\s*(.+)$/.exec(line);
      if (m) return m[1].trim();
    }
  }
  return null;
}
