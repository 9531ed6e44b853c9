import { join } from 'node:path';
import type { Repository } from './repo.js';
import { readRegularText } from './safe-fs.js';

/** The URL of a remote as the repository's config names it (`[remote "origin"] url = ...`), or null. */
export function remoteUrl(repo: Repository, name = 'origin'): string | null {
  let text: string | null;
  try {
    text = readRegularText(join(repo.commondir, 'config'), 16 << 20);
  } catch {
    return null; // not a regular file (a FIFO would block): as if the remote were not configured
  }
  if (text === null) return null;
  let inRemote = false;
  for (const raw of text.split('\n')) {
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
