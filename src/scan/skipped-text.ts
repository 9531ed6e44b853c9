import type { Skipped } from './object-resolver.js';

/** The warning for an object left unread because of its size (or its delta base's), naming it. */
export function skippedText(kind: string, oid: string, s: Skipped, outcome: string): string {
  if (s.base) return `${kind} ${oid} (${s.size} bytes) ${outcome}: it is stored as a delta of ${s.base}, which is larger than the scan limit`;
  return `${kind} ${oid} (${s.size} bytes) is larger than the scan limit and ${outcome}`;
}
