import { Box, Text } from 'ink';
import { terminalSafe } from '../report/safe-text.js';

export interface YesNoProps {
  title: string;
  question: string;
  /** Destructive: red. The default answer is always no. */
  destructive?: boolean;
  width: number;
}

/** A yes/no question; the screen's key map answers it (y yes; n, enter, esc no). */
export function YesNo({ title, question, destructive, width }: YesNoProps) {
  const color = destructive ? 'red' : 'cyan';
  return (
    <Box flexDirection="column" borderStyle="double" borderColor={color} paddingX={1} width={width}>
      <Text bold color={color}>{terminalSafe(title)}</Text>
      <Text wrap="wrap">{terminalSafe(question)}</Text>
      <Text>
        <Text bold>y</Text> yes · <Text bold>n</Text>/enter/esc no (default: <Text bold>no</Text>)
      </Text>
    </Box>
  );
}
