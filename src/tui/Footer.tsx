import { Box, Text } from 'ink';
import { fit } from './format.js';

export interface FooterProps {
  keys: Array<[string, string]>;
  message: { text: string; level: 'info' | 'error' } | null;
  width: number;
}

/** The message of the last action, then the keys that work right now. */
export function Footer({ keys, message, width }: FooterProps) {
  const line = keys.map(([key, what]) => `${key} ${what}`).join('  ');
  return (
    <Box flexDirection="column">
      <Text color={message?.level === 'error' ? 'red' : 'green'}>{fit(message?.text ?? ' ', width)}</Text>
      <Text dimColor>{fit(line, width)}</Text>
    </Box>
  );
}
