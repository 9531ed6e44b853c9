import { redact } from '../../scan/redact.js';
import type { Operator } from '../../incident/types.js';

/** A duration a reader takes in at a glance: `3 d 4 h`, `2 h 5 min`, `45 min`, `under a minute`. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return 'unknown';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return mins ? `${hours} h ${mins} min` : `${hours} h`;
  return `${mins} min`;
}

/** `2024-01-01 10:00 UTC` from an ISO date; anything else unchanged. */
export function formatTime(iso: string | null): string {
  if (iso === null) return 'unknown';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

export function formatOperator(op: Operator | null): string {
  if (!op || (!op.name && !op.email)) return 'unknown';
  if (op.name && op.email) return `${op.name} <${op.email}>`;
  return (op.name ?? op.email)!;
}

export function shortId(id: string | null): string {
  return id === null ? 'none' : id.slice(0, 10);
}

export function msBetween(from: string | null, to: string | null): number | null {
  if (from === null || to === null) return null;
  const a = Date.parse(from);
  const b = Date.parse(to);
  return Number.isNaN(a) || Number.isNaN(b) ? null : b - a;
}

/** a < b as instants; null when either is not a date. */
export function isAfter(a: string | null, b: string | null): boolean | null {
  const d = msBetween(b, a);
  return d === null ? null : d > 0;
}

/**
 * Key ids are safe to print for the provider (an AWS access key id names a key, it does not unlock it),
 * but scanners and push protection flag them, and the report must scan clean wherever it is attached
 * or committed. So any id long enough to look like a credential is shown as a redacted hint.
 */
export function maskKeyId(id: string | null): string | null {
  if (id === null) return null;
  return id.length >= 16 ? redact(id) : id;
}
