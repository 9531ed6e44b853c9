import { Box, Text } from 'ink';
import type { FindingView } from '../playbook/events.js';
import { findingColumns, row } from './finding-columns.js';
import { fit, windowStart } from './format.js';

export interface FindingsTableProps {
  findings: FindingView[];
  cursor: number;
  focused: boolean;
  width: number;
  /** Rows available, header and summary included. */
  rows: number;
}

const DECISION_COLOR: Record<string, string> = { confirmed: 'red', 'false-positive': 'gray', allowlisted: 'gray' };

export function triageSummary(findings: FindingView[]): string {
  const n = (d: string | null): number => findings.filter((f) => f.decision === d).length;
  return `${findings.length} finding(s): ${n('confirmed')} confirmed, ${n('false-positive')} false positive, ${n('allowlisted')} allowlisted, ${n(null)} open`;
}

/** The triage table: one row per finding, the cursor's row highlighted, scrolled to keep it in view. */
export function FindingsTable({ findings, cursor, focused, width, rows }: FindingsTableProps) {
  const columns = findingColumns(width - 2, findings.some((f) => f.validation !== undefined));
  const size = Math.max(rows - 2, 1);
  const start = windowStart(cursor, findings.length, size);
  const shown = findings.slice(start, start + size);
  const range = findings.length > size ? ` (rows ${start + 1}-${start + shown.length} of ${findings.length})` : '';
  return (
    <Box flexDirection="column">
      <Text>{fit(`${triageSummary(findings)}${range}`, width)}</Text>
      <Text bold dimColor>{`  ${row(columns, null)}`}</Text>
      {shown.map((f, i) => {
        const at = start + i === cursor;
        return (
          <Text key={f.fingerprint} inverse={at && focused} color={f.decision ? DECISION_COLOR[f.decision] : 'yellow'}>
            {at ? '› ' : '  '}{row(columns, f)}
          </Text>
        );
      })}
    </Box>
  );
}
