import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SpillkitError } from '../errors.js';
import { ioError, writeFileAtomic } from './private-fs.js';
import { assertStoreFile } from './store-links.js';

/**
 * `journal.head`, beside `journal.jsonl`: how many entries the journal had after the last append and a
 * hash of the last one. The journal alone cannot show that it lost its end (an emptied or truncated
 * file reads as a shorter, valid journal, and `respond` would then run every revocation again); with
 * the head, a journal shorter than what was written, or whose last written entry changed, is damage.
 *
 * The head is written after the journal's own fsync, so a crash in between leaves a head one entry
 * behind, never ahead: a longer journal than the head says is normal, a shorter one never is.
 */
export const JOURNAL_HEAD_FILE = 'journal.head';

export interface JournalHead {
  version: 1;
  /** Complete entries in the journal after the last append. */
  entries: number;
  /** seq of the last entry appended (0 for none). */
  lastSeq: number;
  /** sha256 of that entry's line (without its newline); null for none. */
  lastSha256: string | null;
}

export const EMPTY_HEAD: JournalHead = { version: 1, entries: 0, lastSeq: 0, lastSha256: null };

export function headPathOf(journalPath: string): string {
  return join(dirname(journalPath), JOURNAL_HEAD_FILE);
}

export function lineHash(line: string): string {
  return createHash('sha256').update(line, 'utf8').digest('hex');
}

/** Null when there is no head: an incident from before heads existed, or a journal outside the store. */
export function readHead(journalPath: string): JournalHead | null {
  const path = headPathOf(journalPath);
  assertStoreFile(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw ioError(`cannot read ${path}`, e);
  }
  try {
    const head = JSON.parse(text) as Partial<JournalHead> | null;
    if (head && Number.isInteger(head.entries) && Number.isInteger(head.lastSeq)) {
      return { version: 1, entries: head.entries!, lastSeq: head.lastSeq!, lastSha256: typeof head.lastSha256 === 'string' ? head.lastSha256 : null };
    }
  } catch {
    // reported below
  }
  throw new SpillkitError(
    'DAMAGED_JOURNAL',
    `${path} is damaged (not a journal head); if ${journalPath} is intact, delete ${path} and retry (it is written again on the next step)`,
    { path },
  );
}

export function writeHead(journalPath: string, head: JournalHead): void {
  writeFileAtomic(headPathOf(journalPath), JSON.stringify(head) + '\n');
}

/** What is wrong with a journal compared with its head, in words; null when nothing is. */
export function headMismatch(head: JournalHead | null, entries: number, lineOfSeq: (seq: number) => string | null): string | null {
  if (head === null || head.entries === 0) return null;
  if (entries < head.entries) return `it holds ${entries} entries, but ${head.entries} were written`;
  const line = lineOfSeq(head.lastSeq);
  if (line === null) return `entry ${head.lastSeq}, the last one written, is missing`;
  if (head.lastSha256 !== null && lineHash(line) !== head.lastSha256) return `entry ${head.lastSeq}, the last one written, was changed`;
  return null;
}
