import { assertNoSecrets, redactKeyIdsIn } from '../incident/journal-guard.js';
import type { JournalEntry, JournalEvent, Operator } from '../incident/types.js';

/** What the runner needs of a journal: the incident's (durable) one, or this in-memory one. */
export interface RunnerJournal {
  append(event: JournalEvent): JournalEntry;
  read(): JournalEntry[];
}

/**
 * `--dry-run` changes nothing anywhere, the incident store included, yet the walk still needs a journal
 * to derive its state from. Same guard as the real one: a dry run must not be where a secret slips in.
 */
export class MemoryJournal implements RunnerJournal {
  private readonly entries: JournalEntry[] = [];

  constructor(private readonly operator: Operator) {}

  append(event: JournalEvent): JournalEntry {
    assertNoSecrets(event.data, 'data');
    const entry: JournalEntry = {
      seq: this.entries.length + 1,
      ts: new Date().toISOString(),
      type: event.type,
      ...(event.step !== undefined ? { step: event.step } : {}),
      ...(event.data !== undefined ? { data: redactKeyIdsIn(structuredClone(event.data)) } : {}),
      operator: { ...this.operator },
    };
    this.entries.push(entry);
    return entry;
  }

  read(): JournalEntry[] {
    return this.entries.slice();
  }
}
