import { Box, Text } from 'ink';
import type { FindingView } from '../playbook/events.js';
import { EXPOSURE_LABEL } from '../playbook/exposure.js';
import { findingColumns, row } from './finding-columns.js';
import { cell, DECISION_LABEL, fit, location, windowStart, wrap } from './format.js';
import { SORT_LABEL, type SortOrder, type TriageRow } from './triage-rows.js';

export interface FindingsTableProps {
  /** Every finding (for the summary line) and the rows shown (filtered, sorted, one per credential). */
  findings: FindingView[];
  rows: TriageRow[];
  cursor: number;
  focused: boolean;
  width: number;
  /** Rows available, header and summary included. */
  height: number;
  filter: string;
  sort: SortOrder;
  /** Paths whole, wrapped over as many lines as they need, instead of the table's columns. */
  fullPaths: boolean;
}

const DECISION_COLOR: Record<string, string> = { confirmed: 'red', 'false-positive': 'gray', allowlisted: 'gray' };

export function triageSummary(findings: FindingView[]): string {
  const n = (d: string | null): number => findings.filter((f) => f.decision === d).length;
  return `${findings.length} finding(s): ${n('confirmed')} confirmed, ${n('false-positive')} false positive, ${n('allowlisted')} allowlisted, ${n(null)} open`;
}

/** The triage table: one row per credential, the cursor's row highlighted, scrolled to keep it in view. */
export function FindingsTable(props: FindingsTableProps) {
  const { findings, rows, cursor, focused, width, height, filter, sort, fullPaths } = props;
  const lines = fullPaths ? pathLines(rows, width - 2) : rows.map(() => 1);
  // What the table shows, when it is not simply every row in scan order: a line of its own.
  const fits = lines.reduce((a, b) => a + b, 0) <= height - 2;
  const size = Math.max(height - 2 - (filter || sort !== 'scan' || !fits ? 1 : 0), 1);
  const start = windowByLines(cursor, lines, size);
  let used = 0;
  let end = start;
  while (end < rows.length && used + lines[end]! <= size) used += lines[end++]!;
  const shown = rows.slice(start, Math.max(end, start + 1));
  const view = [
    filter ? `filter "${filter}": ${rows.length} credential(s)` : null,
    sort !== 'scan' ? `sorted by ${SORT_LABEL[sort]}` : null,
    shown.length < rows.length ? `rows ${start + 1}-${start + shown.length} of ${rows.length}` : null,
  ].filter(Boolean).join(' · ');
  const columns = findingColumns(width - 2, findings.some((f) => f.validation !== undefined));
  return (
    <Box flexDirection="column">
      <Text>{fit(triageSummary(findings), width)}</Text>
      {view ? <Text color="cyan">{fit(view, width)}</Text> : null}
      {fullPaths
        ? <Text bold dimColor>{`  ${cell('decision', 9)} ${cell('where', 10)} path:line (whole)`}</Text>
        : <Text bold dimColor>{`  ${row(columns, null)}`}</Text>}
      {rows.length === 0 ? <Text dimColor>{fit(`no finding matches "${filter}": / changes the filter, esc in it clears it`, width)}</Text> : null}
      {shown.map((r, i) => {
        const at = start + i === cursor;
        const color = r.finding.decision ? DECISION_COLOR[r.finding.decision] : 'yellow';
        if (!fullPaths) {
          return (
            <Text key={r.finding.fingerprint} inverse={at && focused} color={color}>
              {at ? '› ' : '  '}{row(columns, r)}
            </Text>
          );
        }
        const [first, ...rest] = fullPathText(r, width - 2 - 21);
        return (
          <Box key={r.finding.fingerprint} flexDirection="column">
            <Text inverse={at && focused} color={color}>
              {at ? '› ' : '  '}{cell(r.finding.decision ? DECISION_LABEL[r.finding.decision] : 'open', 9)} {cell(EXPOSURE_LABEL[r.finding.exposure], 10)} {first}
            </Text>
            {rest.map((line, n) => <Text key={n} color={color}>{' '.repeat(23)}{line}</Text>)}
          </Box>
        );
      })}
    </Box>
  );
}

/** The whole location of a row (both halves' when they differ), wrapped to `width`. */
function fullPathText(r: TriageRow, width: number): string[] {
  const where = [location(r.finding), ...(r.partner && location(r.partner) !== location(r.finding) ? [location(r.partner)] : [])].join(' + ');
  const w = Math.max(width, 8);
  const out: string[] = [];
  // Paths have no spaces to break at: cut them every `w` characters (escaped first, by wrap).
  for (const line of wrap(where, Number.MAX_SAFE_INTEGER, 1)) for (let i = 0; i < line.length; i += w) out.push(line.slice(i, i + w));
  return out.length ? out : [''];
}

function pathLines(rows: TriageRow[], width: number): number[] {
  return rows.map((r) => fullPathText(r, width - 21).length);
}

/** The first row of a window `size` lines tall that shows the cursor's row, rows `lines[i]` tall. */
function windowByLines(cursor: number, lines: number[], size: number): number {
  if (lines.every((n) => n === 1)) return windowStart(cursor, lines.length, size);
  let start = cursor;
  let used = lines[cursor] ?? 1;
  // Centre the cursor when rows above it fit: take rows above until half the room is used.
  while (start > 0 && used + lines[start - 1]! <= Math.ceil(size / 2)) used += lines[--start]!;
  return start;
}
