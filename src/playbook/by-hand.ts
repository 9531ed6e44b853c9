/**
 * "I revoked it by hand": when no provider call can do it (no operator credentials, no network, access
 * denied, or no API at all), a person does it in the provider's console and says so. The journal keeps
 * who did it, when and how, and the report shows "revoked by hand (who, when, how)" where it would
 * otherwise say NOT REVOKED. The time is the one the person gives (the exposure window ends there).
 */
import { SpillkitError } from '../errors.js';
import type { ProviderAction } from './journal-events.js';

export interface ByHand {
  who: string;
  /** ISO time it was done. */
  at: string;
  how: string;
}

export interface ByHandInput {
  /** Empty: the operator (git user) running spillkit. */
  who?: string;
  /** Empty or `now`; an ISO date/time; `HH:MM` (today, local time); `N min ago` / `N h ago`. */
  when?: string;
  how: string;
}

const PAST: Record<ProviderAction, string> = { revoke: 'revoked', rotate: 'rotated' };
/** A clock a little ahead of ours is not the future. */
const SKEW_MS = 5 * 60_000;

export function parseByHand(input: ByHandInput, operator: string | null, now: Date = new Date()): ByHand {
  const how = oneLine(input.how);
  if (!how) throw new SpillkitError('USAGE', 'say how it was done (e.g. "deactivated the key in the IAM console"): it goes to the journal and the report');
  const who = oneLine(input.who ?? '') || operator;
  if (!who) throw new SpillkitError('USAGE', 'say who did it (no git user.name is set to default to)');
  const at = parseWhen(oneLine(input.when ?? ''), now);
  return { who, at, how };
}

/** The words the journal and the report carry: `revoked by hand (Dana, 2026-01-05T10:12Z, deleted the key in IAM)`. */
export function byHandAction(action: ProviderAction, b: ByHand): string {
  return `${PAST[action]} by hand (${b.who}, ${b.at.slice(0, 16)}Z, ${b.how})`;
}

export function isByHand(note: string | null | undefined): boolean {
  return note !== null && note !== undefined && /^(revoked|rotated) by hand \(/.test(note);
}

function parseWhen(text: string, now: Date): string {
  if (text === '' || /^now$/i.test(text)) return now.toISOString();
  let ms: number;
  const ago = /^(\d+)\s*(m|min|mins|minutes?|h|hours?)\s+ago$/i.exec(text);
  const clock = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (ago) ms = now.getTime() - Number(ago[1]) * (/^h/i.test(ago[2]) ? 3_600_000 : 60_000);
  else if (clock) {
    const d = new Date(now);
    d.setHours(Number(clock[1]), Number(clock[2]), 0, 0);
    ms = d.getTime();
  } else ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new SpillkitError('USAGE', `when: "${text}" is not a time (now, 14:05, 20 min ago, or 2026-01-05T14:05)`);
  if (ms > now.getTime() + SKEW_MS) throw new SpillkitError('USAGE', `when: ${new Date(ms).toISOString()} is in the future`);
  return new Date(ms).toISOString();
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
