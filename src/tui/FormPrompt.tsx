import { Box, Text } from 'ink';
import { terminalSafe } from '../report/safe-text.js';
import { fit } from './format.js';

export interface FormField {
  label: string;
  /** What an empty answer means (shown dimmed in the empty field). */
  placeholder: string;
  value: string;
}

export interface FormPromptProps {
  title: string;
  question: string;
  fields: FormField[];
  /** The field being typed into. */
  active: number;
  hint?: string;
  width: number;
}

/** A few one-line fields typed one after the other (enter or tab moves on; the last enter saves). */
export function FormPrompt({ title, question, fields, active, hint, width }: FormPromptProps) {
  const inner = width - 4;
  const labelWidth = Math.max(...fields.map((f) => f.label.length)) + 1;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} width={width}>
      <Text bold>{fit(title, inner)}</Text>
      <Text wrap="wrap">{terminalSafe(question)}</Text>
      {fields.map((f, i) => {
        const room = Math.max(inner - labelWidth - 4, 4);
        const shown = terminalSafe(f.value).slice(-room);
        return (
          <Text key={f.label}>
            <Text bold={i === active} color={i === active ? 'cyan' : undefined}>{`${i === active ? '›' : ' '} ${f.label.padEnd(labelWidth)}`}</Text>
            {shown || i !== active ? shown : ''}
            {i === active ? <Text inverse> </Text> : null}
            {!f.value ? <Text dimColor>{fit(` ${f.placeholder}`, Math.max(room - 1, 0))}</Text> : null}
          </Text>
        );
      })}
      {hint ? <Text dimColor wrap="wrap">{terminalSafe(hint)}</Text> : null}
    </Box>
  );
}
