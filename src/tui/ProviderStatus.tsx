import { Box, Text } from 'ink';
import type { FindingView } from '../playbook/events.js';
import { cell, location, OUTCOME_LABEL } from './format.js';

const OUTCOME_COLOR: Record<string, string> = { done: 'green', failed: 'red', declined: 'yellow', manual: 'yellow', 'dry-run': 'cyan', interrupted: 'yellow' };

/** Where each confirmed finding stands for this step's provider action (revoke or rotate). */
export function ProviderStatus({ findings, action, width, rows }: { findings: FindingView[]; action: 'revoke' | 'rotate'; width: number; rows: number }) {
  const confirmed = findings.filter((f) => f.decision === 'confirmed');
  if (confirmed.length === 0) return <Text dimColor>no confirmed finding to {action}</Text>;
  const statusWidth = 13;
  const hintWidth = 22;
  const providerWidth = 10;
  const whereWidth = Math.max(width - statusWidth - hintWidth - providerWidth - 3, 8);
  const shown = confirmed.slice(0, Math.max(rows - 1, 1));
  return (
    <Box flexDirection="column">
      <Text bold dimColor>{[cell(action, statusWidth), cell('secret', hintWidth), cell('provider', providerWidth), cell('path:line', whereWidth)].join(' ')}</Text>
      {shown.map((f) => {
        const outcome = f[action];
        return (
          <Text key={f.fingerprint}>
            <Text color={outcome ? OUTCOME_COLOR[outcome] : undefined}>{cell(outcome ? OUTCOME_LABEL[outcome] : 'to do', statusWidth)}</Text>{' '}
            {[cell(f.redacted, hintWidth), cell(f.provider, providerWidth), cell(location(f), whereWidth)].join(' ')}
          </Text>
        );
      })}
      {confirmed.length > shown.length ? <Text dimColor>… and {confirmed.length - shown.length} more</Text> : null}
    </Box>
  );
}
