import { Box, Text } from 'ink';
import { EXPOSURE_MEANING } from '../playbook/exposure.js';
import { location, OUTCOME_LABEL, shortRef, wrap } from './format.js';
import type { TriageRow } from './triage-rows.js';

/** Everything known about one credential (never the secret: its redacted hint only); long values wrap. */
export function FindingDetail({ row, width, height }: { row: TriageRow; width: number; height: number }) {
  const f = row.finding;
  const p = row.partner;
  const lines: Array<[string, string]> = [
    ['secret', `${f.redacted}${p ? ` + ${p.redacted}` : ''} (redacted)`],
    ['rule', `${f.rule}${p ? ` + ${p.rule} (one credential: decided, revoked and rotated together)` : ''} · ${f.provider} · severity ${f.severity} · confidence ${f.confidence}`],
    ['where', `${location(f)} (column ${f.column}) in ${f.source}${f.occurrences > 1 ? ` · ${f.occurrences} occurrences` : ''}${p && location(p) !== location(f) ? `; ${location(p)}` : ''}`],
    ['left here?', EXPOSURE_MEANING[f.exposure]],
    ['commit', f.commit ? `${f.commit.slice(0, 12)} · ${f.date ?? 'no date'}` : 'no commit holds it'],
    ['author', f.author ? `${f.author}${f.authorEmail ? ` <${f.authorEmail}>` : ''}` : '-'],
    ['live?', f.validation ? `${f.validation.state}: ${f.validation.detail}` : 'not checked (respond --verify checks it)'],
    ['reach', f.blastRadius ? `${f.blastRadius.risk}: ${f.blastRadius.kind}; ${f.blastRadius.summary.slice(0, 3).join('; ')}` : 'not analysed (spillkit analyze --finding FP)'],
    ['at HEAD', f.presentAtHead ? 'yes: the current checkout still has it' : 'no: only in history'],
    ['reachable', f.reachable ? f.refs.map(shortRef).join(', ') || '-' : 'from no ref (still in the object database)'],
    ['decision', f.decision ? `${f.decision}${f.reason ? `: ${f.reason}` : ''}` : 'open'],
    ['revoke', f.revoke ? `${OUTCOME_LABEL[f.revoke]}${f.revokeNote ? `: ${f.revokeNote}` : ''}` : '-'],
    ['rotate', f.rotate ? `${OUTCOME_LABEL[f.rotate]}${f.rotateNote ? `: ${f.rotateNote}` : ''}` : '-'],
    ['fingerprint', `${f.fingerprint}${p ? ` + ${p.fingerprint}` : ''}`],
  ];
  const valueWidth = Math.max(width - 12, 8);
  // Two lines a value while they fit the panel; one line each when the panel is short.
  const perValue = height - 1 >= lines.length * 2 ? 3 : height - 1 >= lines.length + 4 ? 2 : 1;
  return (
    <Box flexDirection="column">
      <Text bold>Finding details (esc: back to the table)</Text>
      {lines.map(([label, value]) => wrap(value, valueWidth, perValue).map((text, n) => (
        <Text key={`${label}${n}`}>
          <Text dimColor>{(n === 0 ? label : '').padEnd(12)}</Text>
          {text}
        </Text>
      )))}
    </Box>
  );
}
