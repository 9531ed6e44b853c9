import { randomBytes } from 'node:crypto';
import type { JournalEntry } from '../incident/types.js';
import type { ProviderContext } from './contract.js';

/**
 * Intents make a non-idempotent provider call safe to replay after a crash. Steps are at-least-once:
 * a process killed after AWS answered CreateAccessKey but before the outcome was journaled runs the
 * step again on resume, and a blind retry would leave a second new key (the first one's secret died
 * with the process). So the adapter journals the intent before the call (what it is about to do, and
 * what it needs to recognise the result later), its progress after each stage, and its end. On
 * resume, an intent without an end is reconciled against the provider's state before anything is
 * retried: the adapter finds what the interrupted call made and adopts or undoes it.
 *
 * Journal events: `provider-intent` {intent, provider, call, subject, at, ...facts},
 * `provider-intent-progress` {intent, stage, ...facts}, `provider-intent-ended` {intent, outcome, ...}.
 * `subject` names what the call acts on without a secret (a hash of the key id, a fingerprint).
 */
export const INTENT_EVENTS = {
  begun: 'provider-intent',
  progress: 'provider-intent-progress',
  ended: 'provider-intent-ended',
} as const;

/** An intent begun by an earlier run and never ended. */
export interface OpenIntent {
  id: string;
  call: string;
  subject: string;
  /** ISO time just before the call. */
  at: string;
  /** What was journaled with the intent (e.g. the keys that existed before). */
  facts: Record<string, unknown>;
  /** Stages reached, in order (e.g. `{stage: 'created', newKeyId}`). */
  progress: Record<string, unknown>[];
}

/** Reads the open intents of the journal this context writes to. */
export type IntentReader = (call: string, subject: string) => OpenIntent[];

export function beginIntent(ctx: ProviderContext, provider: string, call: string, subject: string, facts: Record<string, unknown>): string {
  const id = randomBytes(6).toString('hex');
  ctx.record(INTENT_EVENTS.begun, { ...facts, intent: id, provider, call, subject, at: new Date().toISOString() });
  return id;
}

export function intentProgress(ctx: ProviderContext, id: string, stage: string, facts: Record<string, unknown> = {}): void {
  ctx.record(INTENT_EVENTS.progress, { ...facts, intent: id, stage });
}

export function endIntent(ctx: ProviderContext, id: string, outcome: string, facts: Record<string, unknown> = {}): void {
  ctx.record(INTENT_EVENTS.ended, { ...facts, intent: id, outcome });
}

/** Intents for (call, subject) begun in `entries` and never ended, oldest first. */
export function openIntents(entries: readonly JournalEntry[], call: string, subject: string): OpenIntent[] {
  const open = new Map<string, OpenIntent>();
  for (const entry of entries) {
    const data = (entry.data ?? {}) as Record<string, unknown>;
    const id = typeof data.intent === 'string' ? data.intent : null;
    if (id === null) continue;
    if (entry.type === INTENT_EVENTS.begun && data.call === call && data.subject === subject) {
      const { intent: _id, provider: _provider, call: _call, subject: _subject, at, ...facts } = data;
      open.set(id, { id, call, subject, at: typeof at === 'string' ? at : entry.ts, facts, progress: [] });
    } else if (entry.type === INTENT_EVENTS.progress) {
      open.get(id)?.progress.push(data);
    } else if (entry.type === INTENT_EVENTS.ended) {
      open.delete(id);
    }
  }
  return [...open.values()];
}

export function intentReader(entries: () => readonly JournalEntry[]): IntentReader {
  return (call, subject) => openIntents(entries(), call, subject);
}
