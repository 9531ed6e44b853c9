/**
 * The triage table's columns, fitted to the panel width: fixed narrow columns, flexible ones sharing
 * what is left, and the least needed (author, date) dropped first on a narrow terminal.
 */
import { EXPOSURE_LABEL } from '../playbook/exposure.js';
import { cell, day, DECISION_LABEL, fitEnd, location, reachableFrom } from './format.js';
import type { TriageRow } from './triage-rows.js';

export interface Column {
  title: string;
  width: number;
  value: (r: TriageRow) => string;
  /** Cut long values at their start (paths: the file name stays). */
  keepEnd?: boolean;
}

interface ColumnSpec {
  title: string;
  /** Fixed width, or the share of the flexible room. */
  width?: number;
  share?: number;
  min: number;
  /** Dropped (lowest first) when the room is short. */
  priority: number;
  value: (r: TriageRow) => string;
  keepEnd?: boolean;
}

const SPECS: ColumnSpec[] = [
  { title: 'decision', width: 9, min: 9, priority: 9, value: ({ finding: f }) => (f.decision ? DECISION_LABEL[f.decision] : 'open') },
  { title: 'provider', width: 8, min: 8, priority: 8, value: ({ finding: f }) => f.provider },
  // A pair is one credential: both rules in one cell (`aws-access-key-id+secret`).
  { title: 'rule', share: 3, min: 16, priority: 7, value: ({ finding: f, partner }) => (partner ? `${f.rule}+${shortPartner(f.rule, partner.rule)}` : f.rule) },
  { title: 'where', width: 10, min: 10, priority: 7, value: ({ finding: f }) => EXPOSURE_LABEL[f.exposure] },
  { title: 'path:line', share: 5, min: 16, priority: 9, value: ({ finding: f }) => location(f), keepEnd: true },
  { title: 'date', width: 10, min: 10, priority: 4, value: ({ finding: f }) => day(f.date) },
  { title: 'author', width: 8, min: 8, priority: 2, value: ({ finding: f }) => f.author ?? '-' },
  { title: 'live', width: 4, min: 4, priority: 6, value: ({ finding: f, partner }) => liveOf(f.validation?.state ?? partner?.validation?.state) },
  { title: 'HEAD', width: 4, min: 4, priority: 5, value: ({ finding: f }) => (f.presentAtHead === null ? '?' : f.presentAtHead ? 'yes' : 'no') },
  { title: 'reachable from', share: 2, min: 10, priority: 3, value: ({ finding: f }) => reachableFrom(f) },
];

function liveOf(state: keyof typeof LIVE_LABEL | undefined): string {
  return state ? LIVE_LABEL[state] : '-';
}

/** The partner's rule by the words the first does not have: `aws-secret-access-key` after `aws-access-key-id` is `secret`. */
function shortPartner(first: string, second: string): string {
  const known = new Set(first.split('-'));
  const own = second.split('-').filter((w) => !known.has(w));
  return own.length ? own.join('-') : second;
}

const LIVE_LABEL = { live: 'YES', 'not-live': 'no', unknown: '?' } as const;

/**
 * Columns for a table `width` characters wide (the row marker's 2 characters excluded); `verified`
 * (the scan checked findings live) adds the live column.
 */
export function findingColumns(width: number, verified = false): Column[] {
  let specs = SPECS.filter((s) => verified || s.title !== 'live');
  const needed = (list: ColumnSpec[]): number => list.reduce((n, s) => n + (s.width ?? s.min), 0) + (list.length - 1);
  while (specs.length > 2 && needed(specs) > width) {
    const lowest = specs.reduce((a, b) => (b.priority < a.priority ? b : a));
    specs = specs.filter((s) => s !== lowest);
  }
  // Flexible columns get their minimum first, then share what is left by their shares: the row never
  // grows past `width` (a row wider than the panel would wrap and break the table).
  const fixed = specs.reduce((n, s) => n + (s.width ?? s.min), 0) + (specs.length - 1);
  const shares = specs.reduce((n, s) => n + (s.share ?? 0), 0);
  const extra = Math.max(width - fixed, 0);
  let given = 0;
  const flexible = specs.filter((s) => s.share !== undefined);
  return specs.map((s) => {
    if (s.width !== undefined) return { title: s.title, width: s.width, value: s.value, keepEnd: s.keepEnd };
    const last = s === flexible[flexible.length - 1];
    const more = last ? extra - given : Math.floor((extra * (s.share ?? 0)) / shares);
    given += more;
    return { title: s.title, width: s.min + more, value: s.value, keepEnd: s.keepEnd };
  });
}

export function row(columns: Column[], r: TriageRow | null): string {
  return columns.map((c) => (r && c.keepEnd ? fitEnd(c.value(r), c.width).padEnd(c.width) : cell(r ? c.value(r) : c.title, c.width))).join(' ');
}
