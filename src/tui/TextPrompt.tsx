import { Box, Text } from 'ink';
import { fit } from './format.js';
import { terminalSafe } from '../report/safe-text.js';

export interface TextPromptProps {
  title: string;
  question: string;
  /** What is typed so far (the screen's key map edits it). */
  value: string;
  /** Shown under the field (e.g. what an empty answer means). */
  hint?: string;
  /** Show a bullet per character instead of the text (a pasted credential). */
  masked?: boolean;
  width: number;
}

/** A one-line text field: the keys (type, backspace, enter, esc) are the screen's. */
export function TextPrompt({ title, question, value, hint, masked, width }: TextPromptProps) {
  const inner = width - 4;
  // What the person types is shown escaped too: a pasted ESC must not drive the terminal either.
  const shown = masked ? '•'.repeat(value.length) : terminalSafe(value);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} width={width}>
      <Text bold>{fit(title, inner)}</Text>
      <Text wrap="wrap">{terminalSafe(question)}</Text>
      <Text>
        <Text color="cyan">{'> '}</Text>
        {shown.slice(-(inner - 4))}
        <Text inverse> </Text>
      </Text>
      {hint ? <Text dimColor wrap="wrap">{terminalSafe(hint)}</Text> : null}
    </Box>
  );
}
