import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readRegularText } from '../../../git/safe-fs.js';

/** One line of a reflog: `old new name <email> seconds tz\tmessage`. */
export interface ReflogEntry {
  ref: string;
  oldId: string;
  newId: string;
  /** ISO 8601 UTC. */
  at: string;
  seconds: number;
  message: string;
}

const LINE = /^([0-9a-f]{40,64}) ([0-9a-f]{40,64}) .*? (-?\d+) ([+-]\d{4})(?:\t(.*))?$/;
const ZERO = /^0+$/;

/** Parses reflog text; lines that are not reflog entries are skipped. */
export function parseReflog(ref: string, text: string): ReflogEntry[] {
  const out: ReflogEntry[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const seconds = Number(m[3]);
    out.push({ ref, oldId: m[1], newId: m[2], seconds, at: new Date(seconds * 1000).toISOString(), message: m[5] ?? '' });
  }
  return out;
}

/**
 * Every entry of every remote-tracking ref's reflog (`<commondir>/logs/refs/remotes/**`), oldest
 * first (file order breaks ties: git appends). Deletions (new id all zeros) are dropped. Reflogs of
 * the files backend only: a reftable repository yields none, and the report says so.
 */
export function readRemoteTrackingReflogs(commondir: string): ReflogEntry[] {
  const root = join(commondir, 'logs', 'refs', 'remotes');
  const entries: ReflogEntry[] = [];
  const walk = (dir: string, ref: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const full = join(dir, name);
      const refName = `${ref}/${name}`;
      let isDir = false;
      try {
        isDir = statSync(full).isDirectory();
      } catch {
        continue;
      }
      if (isDir) walk(full, refName);
      else {
        try {
          // A FIFO here would block a plain read forever: regular files only.
          entries.push(...parseReflog(refName, readRegularText(full, 256 << 20) ?? ''));
        } catch {
          // an unreadable reflog only loses its evidence
        }
      }
    }
  };
  if (existsSync(root)) walk(root, 'refs/remotes');
  return entries
    .map((entry, order) => ({ entry, order }))
    .filter(({ entry }) => !ZERO.test(entry.newId))
    .sort((a, b) => a.entry.seconds - b.entry.seconds || a.order - b.order)
    .map(({ entry }) => entry);
}

/** How an entry moved the ref, from git's reflog message (`update by push`, `fetch: fast-forward`...). */
export function sightingKind(message: string): 'push' | 'fetch' | 'clone' | 'other' {
  if (/^update by push/.test(message)) return 'push';
  if (/^(fetch|pull)\b/.test(message)) return 'fetch';
  if (/^clone\b/.test(message)) return 'clone';
  return 'other';
}
