import { constants, fchmodSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SpillkitError } from '../errors.js';
import { assertNoSecrets, redactKeyIdsIn } from './journal-guard.js';
import { EMPTY_HEAD, headMismatch, headPathOf, lineHash, readHead, writeHead } from './journal-head.js';
import { closeQuietly, fsyncDir, ioError, PRIVATE_FILE_MODE, writeAll } from './private-fs.js';
import { assertStoreFile } from './store-links.js';
import type { JournalEntry, JournalEvent, Operator } from './types.js';

/** What reading the journal found besides the entries. */
export interface JournalReadResult {
  entries: JournalEntry[];
  /** The last line was cut short by a crash mid-write; it was ignored. */
  truncatedTail: boolean;
  /** 1-based numbers of other lines that are not journal entries (hand edits, disk damage). */
  damagedLines: number[];
  /** Why the journal cannot be trusted (a damaged line, entries lost since they were written); null if intact. */
  damage: string | null;
}

/** A parse that also keeps what append() and the head check need: raw lines and where a torn tail starts. */
interface ParsedJournal extends JournalReadResult {
  lineOfSeq: (seq: number) => string | null;
  /** Byte offset where the torn last line starts (append cuts it off there); null when there is none. */
  tornAt: number | null;
  /** The file ends in a line without its newline (a whole entry, or blanks): append ends that line first. */
  openLine: boolean;
}

/**
 * The append-only record of an incident, `incidents/<id>/journal.jsonl`: one JSON object per line.
 *
 * Durability: each append is one write(2) on a file opened O_APPEND, then fsync, before append()
 * returns, so once a step is reported done it survives kill -9 or a power cut. A crash during the
 * write can leave a torn last line: read() skips it (truncatedTail), and the next append cuts it off
 * before writing, since it is a write that never completed (the step it began was never acted on).
 *
 * Damage is not tolerated: a line in the middle that is not an entry, or fewer entries than were
 * written (journal.head, see journal-head.ts), makes read() and append() throw DAMAGED_JOURNAL, because
 * state rebuilt from a damaged journal would redo (or skip) provider calls.
 *
 * One writer: `seq` continues from the file (recounted whenever its size is not what our last append
 * left), which is race-free only while the caller holds the incident lock (lock.ts).
 * Never journal a secret: assertNoSecrets (journal-guard.ts) refuses suspicious keys, and full AWS
 * access key ids are shortened to `AKIA…XYZ` in every string on the way in.
 */
export class Journal {
  readonly path: string;
  private readonly operator: Operator;
  private nextSeq = 1;
  private count = 0;
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
    const data = event.data === undefined ? undefined : redactKeyIdsIn(event.data);

    assertStoreFile(this.path);
    let fd: number | null = null;
    try {
      // O_NOFOLLOW: a link planted between the check above and this open is refused, not followed.
      fd = openSync(this.path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, PRIVATE_FILE_MODE);
      let size = fstatSync(fd).size;
      if (size === 0) {
        fchmodSync(fd, PRIVATE_FILE_MODE);
        fsyncDir(dirname(this.path));
      }
      let prefix = '';
      if (size !== this.knownSize) {
        const parsed = this.parse();
        throwIfDamaged(this.path, parsed);
        this.nextSeq = nextSeqAfter(parsed.entries);
        this.count = parsed.entries.length;
        if (parsed.tornAt !== null) {
          ftruncateSync(fd, parsed.tornAt);
          size = parsed.tornAt;
        } else if (parsed.openLine) {
          prefix = '\n'; // a whole entry whose newline was cut off: end its line, keep it
        }
      }
      const entry: JournalEntry = {
        seq: this.nextSeq,
        ts: new Date().toISOString(),
        type: event.type,
        ...(event.step !== undefined ? { step: event.step } : {}),
        ...(data !== undefined ? { data } : {}),
        operator: { ...this.operator },
      };
      const line = JSON.stringify(entry);
      const bytes = Buffer.from(prefix + line + '\n', 'utf8');
      writeAll(fd, bytes);
      fsyncSync(fd);
      this.nextSeq += 1;
      this.count += 1;
      this.knownSize = size + bytes.length;
      writeHead(this.path, { version: 1, entries: this.count, lastSeq: entry.seq, lastSha256: lineHash(line) });
      return entry;
    } catch (e) {
      this.knownSize = null;
      throw ioError(`cannot append to journal ${this.path}`, e);
    } finally {
      if (fd !== null) closeQuietly(fd);
    }
  }

  /** Every complete entry, in file order. Throws DAMAGED_JOURNAL when the journal cannot be trusted. */
  read(): JournalEntry[] {
    const result = this.inspect();
    throwIfDamaged(this.path, result);
    return result.entries;
  }

  /** Whether the last read() (or inspect()) found and ignored a torn last line. */
  get truncatedTail(): boolean {
    return this.lastRead?.truncatedTail ?? false;
  }

  /** What the journal holds and what is wrong with it, without throwing on damage (for reports). */
  inspect(): JournalReadResult {
    const { entries, truncatedTail, damagedLines, damage } = this.parse();
    this.lastRead = { entries, truncatedTail, damagedLines, damage };
    return this.lastRead;
  }

  private parse(): ParsedJournal {
    assertStoreFile(this.path);
    const parsed = parseWithLines(readJournalBytes(this.path));
    const mismatch = headMismatch(readHead(this.path), parsed.entries.length, parsed.lineOfSeq);
    if (parsed.damage === null && mismatch !== null) parsed.damage = mismatch;
    return parsed;
  }
}

export function openJournal(path: string, operator: Operator): Journal {
  return new Journal(path, operator);
}

/** A new incident's journal starts with a head that says "nothing written yet". */
export function startJournalHead(journalPath: string): void {
  writeHead(journalPath, EMPTY_HEAD);
}

/** Parse journal text. Exported for tests and for tools that read a copied journal (no head check). */
export function parseJournal(text: string): JournalReadResult {
  const { entries, truncatedTail, damagedLines, damage } = parseWithLines(Buffer.from(text, 'utf8'));
  return { entries, truncatedTail, damagedLines, damage };
}

function parseWithLines(bytes: Buffer): ParsedJournal {
  const text = bytes.toString('utf8');
  const lines = text.split('\n');
  // Text ending in "\n" splits into a last empty piece; anything else there is an unterminated line.
  const tail = lines.pop() ?? '';
  const entries: JournalEntry[] = [];
  const raw = new Map<number, string>();
  const damagedLines: number[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const entry = parseEntry(line);
    if (entry) {
      entries.push(entry);
      raw.set(entry.seq, line);
    } else damagedLines.push(index + 1);
  });
  let tornAt: number | null = null;
  if (tail.trim() !== '') {
    // A crash can cut the write just before its "\n": the entry is whole, keep it.
    const entry = parseEntry(tail);
    if (entry) {
      entries.push(entry);
      raw.set(entry.seq, tail);
    } else tornAt = bytes.lastIndexOf(0x0a) + 1;
  }
  const damage = damagedLines.length === 0 ? null
    : `line${damagedLines.length > 1 ? 's' : ''} ${damagedLines.slice(0, 5).join(', ')}${damagedLines.length > 5 ? ', ...' : ''} ${damagedLines.length > 1 ? 'are' : 'is'} not a journal entry`;
  return {
    entries, truncatedTail: tornAt !== null, damagedLines, damage, tornAt,
    openLine: tail !== '' && tornAt === null,
    lineOfSeq: (seq) => raw.get(seq) ?? null,
  };
}

function throwIfDamaged(path: string, result: JournalReadResult): void {
  if (result.damage === null) return;
  const fix = result.damagedLines.length > 0
    ? 'restore it from a backup, or fix or delete the bad line(s) (keep a copy first), then retry'
    : `restore it from a backup, or start a new incident with \`spillkit respond --new\` (what this one already did, revocations included, is then done again)`;
  throw new SpillkitError('DAMAGED_JOURNAL', `journal ${path} is damaged: ${result.damage}; nothing was run. To recover, ${fix}`, {
    path,
    head: headPathOf(path),
    damagedLines: result.damagedLines,
  });
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

function readJournalBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw ioError(`cannot read journal ${path}`, e);
  }
}
