import { Box, Text } from 'ink';
import type { ChecklistItem } from '../playbook/state.js';
import { fit, windowStart, wrap } from './format.js';

export interface ChecklistProps {
  items: ChecklistItem[];
  cursor: number;
  focused: boolean;
  width: number;
  rows: number;
}

/** Items a person does and ticks (space); the cursor's item highlighted. */
export function Checklist({ items, cursor, focused, width, rows }: ChecklistProps) {
  const done = items.filter((i) => i.checked).length;
  // The item under the cursor is shown whole (up to 3 lines) when focused: console steps run long.
  const cursorLines = focused && items[cursor] ? wrap(items[cursor].text, width - 8, 3) : [];
  const size = Math.max(rows - 1 - Math.max(cursorLines.length - 1, 0), 1);
  const start = windowStart(cursor, items.length, size);
  return (
    <Box flexDirection="column">
      <Text bold>{fit(`Checklist: ${done} of ${items.length} ticked${items.length > size ? ` (items ${start + 1}-${Math.min(start + size, items.length)} of ${items.length})` : ''}`, width)}</Text>
      {items.slice(start, start + size).map((item, i) => {
        const at = start + i === cursor;
        const lines = at && cursorLines.length > 0 ? cursorLines : [fit(item.text, width - 8)];
        return (
          <Box key={`${start + i}`} flexDirection="column">
            {lines.map((line, n) => (
              <Text key={n} inverse={at && focused} color={item.checked ? 'green' : undefined}>
                {n === 0 ? `${at ? '› ' : '  '}[${item.checked ? 'x' : ' '}] ` : '      '}{line}
              </Text>
            ))}
          </Box>
        );
      })}
    </Box>
  );
}
