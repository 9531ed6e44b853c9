/**
 * Pure text helpers of the TUI: fitting text into columns, the scan meter's numbers, and the short
 * labels the screen uses for step states, decisions, refs and provider outcomes.
 *
 * Every text the screen shows goes through `fit`, `cell` or `wrap` (or terminalSafe where Ink wraps it):
 * paths, authors, ref names, messages and provider answers may hold ESC, CR, C1 or bidi characters,
 * and Ink would pass them to the terminal. They are escaped first (safe-text.ts), then measured.
 */
import type { FindingView, ScanProgress, StepView } from '../playbook/events.js';
import type { StepStatus } from '../playbook/state.js';
import { terminalSafe } from '../report/safe-text.js';

/** Escapes `text`, then cuts it to `width` columns, ending with an ellipsis when it had to cut. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  const safe = terminalSafe(text);
  if (safe.length <= width) return safe;
  return width === 1 ? '…' : `${safe.slice(0, width - 1)}…`;
}

/** Escapes `text`, then keeps its end in `width` columns (a path's file name matters most): `…/deep/file.env:3`. */
export function fitEnd(text: string, width: number): string {
  if (width <= 0) return '';
  const safe = terminalSafe(text);
  if (safe.length <= width) return safe;
  return width === 1 ? '…' : `…${safe.slice(safe.length - width + 1)}`;
}

/** `fit`, then pads with spaces to exactly `width` columns (table cells). */
export function cell(text: string, width: number): string {
  return fit(text, width).padEnd(width);
}

export const STATUS_ICON: Record<StepStatus, string> = {
  pending: '·',
  running: '▶',
  interrupted: '!',
  done: '✓',
  'needs-user': '?',
  failed: '✗',
  skipped: '-',
};

export const STATUS_LABEL: Record<StepStatus, string> = {
  pending: 'pending',
  running: 'running',
  interrupted: 'interrupted (runs again)',
  done: 'done',
  'needs-user': 'needs you',
  failed: 'failed',
  skipped: 'skipped',
};

export const STATUS_COLOR: Record<StepStatus, string | undefined> = {
  pending: undefined,
  running: 'cyan',
  interrupted: 'yellow',
  done: 'green',
  'needs-user': 'yellow',
  failed: 'red',
  skipped: 'gray',
};

export const DECISION_LABEL: Record<string, string> = {
  confirmed: 'confirmed',
  'false-positive': 'false pos',
  allowlisted: 'allowlist',
};

export const OUTCOME_LABEL: Record<string, string> = {
  done: 'done',
  failed: 'failed',
  declined: 'declined',
  manual: 'console steps',
  'dry-run': 'dry run',
  interrupted: 'interrupted',
};

/** A step's work is behind it: `n` moves on from it. */
export function isSettled(step: StepView): boolean {
  return step.status === 'done' || step.status === 'skipped';
}

/** refs/heads/main -> main, refs/remotes/origin/x -> origin/x, refs/tags/v1 -> tag:v1, refs/stash -> stash. */
export function shortRef(ref: string): string {
  if (ref.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length);
  if (ref.startsWith('refs/remotes/')) return ref.slice('refs/remotes/'.length);
  if (ref.startsWith('refs/tags/')) return `tag:${ref.slice('refs/tags/'.length)}`;
  return ref.startsWith('refs/') ? ref.slice('refs/'.length) : ref;
}

/** Where a finding is reachable from, shortest first so a narrow cell still names one ref. */
export function reachableFrom(f: FindingView): string {
  if (f.reachable === null && f.refs.length === 0) return 'unknown (refs unreadable)';
  if (!f.reachable || f.refs.length === 0) return 'no ref (dangling)';
  return f.refs.map(shortRef).sort((a, b) => a.length - b.length || a.localeCompare(b)).join(', ');
}

export function location(f: FindingView): string {
  if (f.path) return `${f.path}:${f.line}`;
  if (f.source === 'tag-message') return `tag message${f.tag ? ` ${f.tag}` : ''}`;
  if (f.source === 'commit-message') return `commit msg:${f.line}`;
  return `blob ${f.blob.slice(0, 10)}`;
}

export function day(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '-';
}

export interface Meter {
  /** 0..1 */
  fraction: number;
  objectsPerSecond: number;
  megabytesPerSecond: number;
  /** Seconds left at the current rate; null when it cannot be told yet. */
  etaSeconds: number | null;
}

export function meter(p: ScanProgress): Meter {
  const secs = Math.max(p.elapsedMs / 1000, 0.001);
  const rate = p.objects / secs;
  const left = Math.max(p.total - p.objects, 0);
  return {
    fraction: p.total > 0 ? Math.min(p.objects / p.total, 1) : 0,
    objectsPerSecond: rate,
    megabytesPerSecond: p.bytes / 1e6 / secs,
    etaSeconds: rate > 0 ? Math.ceil(left / rate) : null,
  };
}

export function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(Math.max(fraction, 0), 1) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

export function duration(seconds: number | null): string {
  if (seconds === null) return '?';
  if (seconds < 60) return `${seconds}s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m}m${String(seconds % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Word-wraps `text` (escaped) into at most `maxLines` lines of `width` columns (the last one cut with an ellipsis). */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const words = terminalSafe(text.replace(/\s+/g, ' ')).trim().split(' ').filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const candidate = line ? `${line} ${word}` : word;
    if (candidate.length <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word.length > width ? fit(word, width) : word;
    if (lines.length === maxLines) {
      lines[maxLines - 1] = fit(`${lines[maxLines - 1]} ${words.slice(i).join(' ')}`, width);
      return lines;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const rest = lines.slice(maxLines - 1).join(' ');
    return [...lines.slice(0, maxLines - 1), fit(rest, width)];
  }
  return lines;
}

/** The first index of a `size`-row window over `total` rows that keeps `cursor` in view, centred. */
export function windowStart(cursor: number, total: number, size: number): number {
  if (total <= size) return 0;
  return Math.min(Math.max(cursor - Math.floor(size / 2), 0), total - size);
}
