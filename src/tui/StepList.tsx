import { Box, Text } from 'ink';
import type { StepView } from '../playbook/events.js';
import { fit, STATUS_COLOR, STATUS_ICON } from './format.js';

export interface StepListProps {
  steps: StepView[];
  selected: string;
  current: string | null;
  /** The step running in this process (the journal alone would call it interrupted). */
  running?: string | null;
  focused: boolean;
  width: number;
  height: number;
}

/** Every step with its state icon; the selected one is highlighted, the runner's current one bold. */
export function StepList({ steps, selected, current, running = null, focused, width, height }: StepListProps) {
  const inner = width - 2;
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={focused ? 'cyan' : 'gray'} overflowY="hidden">
      <Text bold>{fit(' Steps', inner)}</Text>
      {steps.map((step, i) => {
        const isSelected = step.id === selected;
        const status = step.id === running ? 'running' : step.status;
        const label = fit(`${i + 1}. ${step.title}${step.optional ? ' (opt.)' : ''}`, inner - 4);
        return (
          <Text key={step.id} inverse={isSelected && focused} bold={step.id === current}>
            {isSelected ? '›' : ' '} <Text color={STATUS_COLOR[status]}>{STATUS_ICON[status]}</Text> {label.padEnd(inner - 4)}
          </Text>
        );
      })}
    </Box>
  );
}
