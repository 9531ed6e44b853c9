import { Box, Text } from 'ink';
import { terminalSafe } from '../report/safe-text.js';
import { fit } from './format.js';

export interface ChooserProps {
  title: string;
  question: string;
  /** Each choice: the key that picks it, what it does, and optionally a dimmed line more. */
  choices: Array<[string, string] | [string, string, string]>;
  /** Index of the highlighted choice (enter picks it), or -1 when only the keys pick. */
  highlighted?: number;
  hint?: string;
  width: number;
}

/** A short menu: one key per choice (the screen's key map acts on them). */
export function Chooser({ title, question, choices, highlighted = -1, hint, width }: ChooserProps) {
  const inner = width - 4;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} width={width}>
      <Text bold>{fit(title, inner)}</Text>
      <Text wrap="wrap">{terminalSafe(question)}</Text>
      {choices.map(([key, what, more], i) => (
        <Box key={key} flexDirection="column">
          <Text inverse={i === highlighted}>
            <Text bold color="cyan">{` ${key} `}</Text>
            {fit(what, Math.max(inner - key.length - 3, 4))}
          </Text>
          {more ? <Text dimColor>{fit(`${' '.repeat(key.length + 3)}${more}`, inner)}</Text> : null}
        </Box>
      ))}
      {hint ? <Text dimColor wrap="wrap">{terminalSafe(hint)}</Text> : null}
    </Box>
  );
}
