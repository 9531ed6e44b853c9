import { Box, Text } from 'ink';
import type { FindingView } from '../playbook/events.js';
import { fit, location, OUTCOME_LABEL, shortRef } from './format.js';

/** Everything known about one finding (never the secret: its redacted hint only). */
export function FindingDetail({ finding, width }: { finding: FindingView; width: number }) {
  const f = finding;
  const lines: Array<[string, string]> = [
    ['secret', `${f.redacted} (redacted)`],
    ['rule', `${f.rule} · ${f.provider} · severity ${f.severity} · confidence ${f.confidence}`],
    ['where', `${location(f)} (column ${f.column}) in ${f.source}${f.occurrences > 1 ? ` · ${f.occurrences} occurrences` : ''}`],
    ['commit', f.commit ? `${f.commit.slice(0, 12)} · ${f.date ?? 'no date'}` : 'no commit holds it (dangling object)'],
    ['author', f.author ? `${f.author}${f.authorEmail ? ` <${f.authorEmail}>` : ''}` : '-'],
    ['live?', f.validation ? `${f.validation.state}: ${f.validation.detail}` : 'not checked (respond --verify checks it)'],
    ['at HEAD', f.presentAtHead ? 'yes: the current checkout still has it' : 'no: only in history'],
    ['reachable', f.reachable ? f.refs.map(shortRef).join(', ') || '-' : 'from no ref (still in the object database)'],
    ['decision', f.decision ? `${f.decision}${f.reason ? `: ${f.reason}` : ''}` : 'open'],
    ['revoke', f.revoke ? OUTCOME_LABEL[f.revoke] : '-'],
    ['rotate', f.rotate ? OUTCOME_LABEL[f.rotate] : '-'],
    ['fingerprint', f.fingerprint],
  ];
  if (f.pairedWith) lines.splice(3, 0, ['paired with', f.pairedWith]);
  return (
    <Box flexDirection="column">
      <Text bold>Finding details (esc: back to the table)</Text>
      {lines.map(([label, value]) => (
        <Text key={label}>
          <Text dimColor>{label.padEnd(12)}</Text>
          {fit(value, Math.max(width - 12, 8))}
        </Text>
      ))}
    </Box>
  );
}
