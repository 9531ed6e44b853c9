import { Box, Text } from 'ink';
import { wrap } from './format.js';
import type { LogLine } from './use-runner.js';

/**
 * The step's last log lines (what the provider calls and the rewrite said), newest last. A warning is
 * wrapped whole (up to 4 lines: it is usually why something failed); other lines take one line each.
 */
export function StepLog({ lines, width, rows }: { lines: LogLine[]; width: number; rows: number }) {
  if (lines.length === 0 || rows <= 0) return null;
  const shown: Array<{ level: LogLine['level']; text: string[] }> = [];
  let used = 0;
  for (let i = lines.length - 1; i >= 0 && used < rows; i--) {
    const line = lines[i]!;
    const text = wrap(`${line.level === 'warn' ? 'warning: ' : ''}${line.message}`, width, line.level === 'warn' ? Math.min(4, rows - used) : 1);
    shown.unshift({ level: line.level, text });
    used += text.length;
  }
  return (
    <Box flexDirection="column">
      {shown.flatMap((line, i) => line.text.map((text, n) => (
        <Text key={`${i}.${n}`} color={line.level === 'warn' ? 'yellow' : undefined} dimColor={line.level === 'info'}>{text}</Text>
      )))}
    </Box>
  );
}
