/**
 * Shared pieces of the provider analyzers: an empty analysis to fill, the wording of what could not be
 * read, and the ranking of risks the sweep and the TUI sort by.
 */
import type { Analysis, Outcome, Risk } from './contract.js';

export const RISKS: readonly Risk[] = ['critical', 'high', 'medium', 'low'];

/** 0 for critical, 3 for low: sort ascending to put the worst first. */
export function riskRank(risk: Risk): number {
  return RISKS.indexOf(risk);
}

export function worstRisk(...risks: Risk[]): Risk {
  return risks.reduce((a, b) => (riskRank(a) <= riskRank(b) ? a : b), 'low');
}

/** Names listed in a summary line or `resources.items` at most. */
export const MAX_LISTED = 20;

/** `a, b, c` or `a, b, … (+12 more)`. */
export function listed(items: readonly string[], max = 8): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')}, … (+${items.length - max} more)`;
}

export function emptyAnalysis(kind: string): Analysis {
  return {
    principal: null,
    account: null,
    kind,
    summary: [],
    permissions: { admin: null, write: null, grants: [], wildcards: [], services: [] },
    resources: { items: [], counts: [] },
    expiresAt: null,
    risk: 'low',
    gaps: [],
  };
}

/** Why a read failed, in a word or two: `denied`, `throttled`, `timeout`, `HTTP 503`. */
export function failureWord(failure: Exclude<Outcome<unknown>, { state: 'ok' }>): string {
  const code = failure.code.toLowerCase();
  if (failure.state === 'refused' && /denied|forbidden|unauthorizedoperation|missing[-_]?scope/.test(code)) return 'denied';
  if (/throttl|rate/.test(code)) return 'throttled';
  if (code === 'timeout') return 'timeout';
  if (code === 'network') return 'network error';
  if (/server|5\d\d/.test(code)) return 'provider error';
  return failure.state === 'refused' ? `refused: ${failure.code}` : `could not tell: ${failure.code}`;
}

/** `could not read inline policies (denied)`: a gap, not a failure of the whole analysis. */
export function gapLine(what: string, failure: Exclude<Outcome<unknown>, { state: 'ok' }>): string {
  return `could not read ${what} (${failureWord(failure)})`;
}

/** Sorted, without duplicates. */
export function uniqueSorted(items: Iterable<string>): string[] {
  return [...new Set(items)].sort();
}
