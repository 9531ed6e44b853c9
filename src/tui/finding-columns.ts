/**
 * The triage table's columns, fitted to the panel width: fixed narrow columns, flexible ones sharing
 * what is left, and the least needed (author, date) dropped first on a narrow terminal.
 */
import type { FindingView } from '../playbook/events.js';
import { cell, day, DECISION_LABEL, location, reachableFrom } from './format.js';

export interface Column {
  title: string;
  width: number;
  value: (f: FindingView) => string;
}

interface ColumnSpec {
  title: string;
  /** Fixed width, or the share of the flexible room. */
  width?: number;
  share?: number;
  min: number;
  /** Dropped (lowest first) when the room is short. */
  priority: number;
  value: (f: FindingView) => string;
}

const SPECS: ColumnSpec[] = [
  { title: 'decision', width: 9, min: 9, priority: 9, value: (f) => (f.decision ? DECISION_LABEL[f.decision] : 'open') },
  { title: 'provider', width: 8, min: 8, priority: 8, value: (f) => f.provider },
  { title: 'rule', share: 2, min: 10, priority: 7, value: (f) => f.rule },
  { title: 'path:line', share: 5, min: 16, priority: 9, value: location },
  { title: 'date', width: 10, min: 10, priority: 3, value: (f) => day(f.date) },
  { title: 'author', width: 8, min: 8, priority: 2, value: (f) => f.author ?? '-' },
  { title: 'live', width: 4, min: 4, priority: 6, value: (f) => (f.validation ? LIVE_LABEL[f.validation.state] : '-') },
  { title: 'HEAD', width: 4, min: 4, priority: 5, value: (f) => (f.presentAtHead === null ? '?' : f.presentAtHead ? 'yes' : 'no') },
  { title: 'reachable from', share: 3, min: 10, priority: 4, value: reachableFrom },
];

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
  const fixed = specs.reduce((n, s) => n + (s.width ?? 0), 0) + (specs.length - 1);
  const shares = specs.reduce((n, s) => n + (s.share ?? 0), 0);
  const room = Math.max(width - fixed, 0);
  let given = 0;
  const flexible = specs.filter((s) => s.share !== undefined);
  return specs.map((s) => {
    if (s.width !== undefined) return { title: s.title, width: s.width, value: s.value };
    const last = s === flexible[flexible.length - 1];
    const w = last ? Math.max(room - given, s.min) : Math.max(Math.floor((room * (s.share ?? 0)) / shares), s.min);
    given += w;
    return { title: s.title, width: w, value: s.value };
  });
}

export function row(columns: Column[], f: FindingView | null): string {
  return columns.map((c) => cell(f ? c.value(f) : c.title, c.width)).join(' ');
}
