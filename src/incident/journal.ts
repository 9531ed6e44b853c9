import { constants, fchmodSync, fstatSync, fsyncSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { SpillkitError } from '../errors.js';
import { assertNoSecrets } from './journal-guard.js';
import { closeQuietly, fsyncDir, ioError, PRIVATE_FILE_MODE, writeAll } from './private-fs.js';
import type { JournalEntry, JournalEvent, Operator } from './types.js';

/** What reading the journal found besides the entries. */
export interface JournalReadResult {
  entries: JournalEntry[];
  /** The last line was cut short by a crash mid-write; it was ignored. */
  truncatedTail: boolean;
  /** 1-based numbers of other lines that are not journal entries (an earlier torn line, hand edits). */
  damagedLines: number[];
}

/**
 * The append-only record of an incident, `incidents/<id>/journal.jsonl`: one JSON object per line.
 *
 * Durability: each append is one write(2) on a file opened O_APPEND, then fsync, before append()
 * returns, so once a step is reported done it survives kill -9 or a power cut. A crash during the
 * write can leave a torn last line; read() skips it (truncatedTail) and the next append starts on a
 * fresh line, so one torn write never corrupts the entries after it.
 *
 * One writer: `seq` continues from the file (recounted whenever its size is not what our last append
 * left), which is race-free only while the caller holds the incident lock (lock.ts).
 * Never journal a secret: assertNoSecrets (journal-guard.ts) refuses suspicious keys.
 */
export class Journal {
  readonly path: string;
  private readonly operator: Operator;
  private nextSeq = 1;
  /** File size right after our last append; any other size means someone else wrote: recount seq. */
  private knownSize: number | null = null;
  private lastRead: JournalReadResult | null = null;

  constructor(path: string, operator: Operator) {
    this.path = path;
    this.operator = { name: operator.name, email: operator.email };
  }

  append(event: JournalEvent): JournalEntry {
    if (typeof event.type !== 'string' || event.type === '') {
      throw new SpillkitError('INTERNAL', 'journal event needs a non-empty type');
    }
    assertNoSecrets(event.data, 'data');
    // Serialize before opening: a value JSON cannot hold (BigInt, a cycle) must fail with nothing written.
    const draft = { type: event.type, step: event.step, data: event.data };
    try {
      JSON.stringify(draft);
    } catch (e) {
      throw new SpillkitError('INTERNAL', `journal event ${event.type} is not plain JSON: ${(e as Error).message}`);
    }

    let fd: number | null = null;
    try {
      fd = openSync(this.path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, PRIVATE_FILE_MODE);
      const size = fstatSync(fd).size;
      if (size === 0) {
        fchmodSync(fd, PRIVATE_FILE_MODE);
        fsyncDir(dirname(this.path));
      }
      if (size !== this.knownSize) this.nextSeq = nextSeqAfter(this.inspect().entries);
      const entry: JournalEntry = {
        seq: this.nextSeq,
        ts: new Date().toISOString(),
        type: event.type,
        ...(event.step !== undefined ? { step: event.step } : {}),
        ...(event.data !== undefined ? { data: event.data } : {}),
        operator: { ...this.operator },
      };
      // After a torn write the file does not end in "\n": start our entry on a line of its own.
      const prefix = size > 0 && !endsWithNewline(this.path, size) ? '\n' : '';
      const bytes = Buffer.from(prefix + JSON.stringify(entry) + '\n', 'utf8');
      writeAll(fd, bytes);
      fsyncSync(fd);
      this.nextSeq += 1;
      this.knownSize = size + bytes.length;
      return entry;
    } catch (e) {
      this.knownSize = null;
      throw ioError(`cannot append to journal ${this.path}`, e);
    } finally {
      if (fd !== null) closeQuietly(fd);
    }
  }

  /** Every complete entry, in file order. Never throws on damaged content; see truncatedTail. */
  read(): JournalEntry[] {
    return this.inspect().entries;
  }

  /** Whether the last read() (or inspect()) found and ignored a torn last line. */
  get truncatedTail(): boolean {
    return this.lastRead?.truncatedTail ?? false;
  }

  /** read() with the details of what was skipped. */
  inspect(): JournalReadResult {
    this.lastRead = parseJournal(readJournalText(this.path));
    return this.lastRead;
  }
}

export function openJournal(path: string, operator: Operator): Journal {
  return new Journal(path, operator);
}

/** Parse journal text. Exported for tests and for tools that read a copied journal. */
export function parseJournal(text: string): JournalReadResult {
  const lines = text.split('\n');
  // Text ending in "\n" splits into a last empty piece; anything else there is an unterminated line.
  const tail = lines.pop() ?? '';
  const entries: JournalEntry[] = [];
  const damagedLines: number[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const entry = parseEntry(line);
    if (entry) entries.push(entry);
    else damagedLines.push(index + 1);
  });
  let truncatedTail = false;
  if (tail.trim() !== '') {
    // A crash can cut the write just before its "\n": the entry is whole, keep it.
    const entry = parseEntry(tail);
    if (entry) entries.push(entry);
    else truncatedTail = true;
  }
  return { entries, truncatedTail, damagedLines };
}

function parseEntry(line: string): JournalEntry | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const entry = value as Partial<JournalEntry>;
  const wellFormed =
    Number.isInteger(entry.seq) && typeof entry.ts === 'string' && typeof entry.type === 'string';
  return wellFormed ? (entry as JournalEntry) : null;
}

function nextSeqAfter(entries: JournalEntry[]): number {
  return entries.reduce((max, entry) => Math.max(max, entry.seq), 0) + 1;
}

function readJournalText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw ioError(`cannot read journal ${path}`, e);
  }
}

function endsWithNewline(path: string, size: number): boolean {
  // The append fd is write-only; read the last byte through a separate read-only fd.
  const fd = openSync(path, constants.O_RDONLY);
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeQuietly(fd);
  }
}
