import { Box, Text } from 'ink';
import { fit } from './format.js';
import type { LogLine } from './use-runner.js';

/** The step's last log lines (what the provider calls and the rewrite said). */
export function StepLog({ lines, width, rows }: { lines: LogLine[]; width: number; rows: number }) {
  if (lines.length === 0 || rows <= 0) return null;
  return (
    <Box flexDirection="column">
      {lines.slice(-rows).map((line, i) => (
        <Text key={i} color={line.level === 'warn' ? 'yellow' : undefined} dimColor={line.level === 'info'}>
          {fit(`${line.level === 'warn' ? 'warning: ' : ''}${line.message}`, width)}
        </Text>
      ))}
    </Box>
  );
}
