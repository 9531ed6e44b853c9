import { Box, Text } from 'ink';
import { isByHand } from '../playbook/by-hand.js';
import type { FindingView } from '../playbook/events.js';
import { cell, fit, location, OUTCOME_LABEL, windowStart, wrap } from './format.js';
import type { TriageRow } from './triage-rows.js';

const OUTCOME_COLOR: Record<string, string> = { done: 'green', failed: 'red', declined: 'yellow', manual: 'yellow', 'dry-run': 'cyan', interrupted: 'yellow' };

type Action = 'revoke' | 'rotate';

/** The status word of a credential for this action: `by hand` for what a person recorded doing. */
export function outcomeWord(f: FindingView, action: Action): string {
  const outcome = f[action];
  if (!outcome) return 'to do';
  if (outcome === 'done' && isByHand(f[`${action}Note`])) return 'by hand';
  return OUTCOME_LABEL[outcome];
}

export interface ProviderStatusProps {
  rows: TriageRow[];
  action: Action;
  /** Index of the cursor among the rows, or -1 when it is on the checklist. */
  cursor: number;
  focused: boolean;
  width: number;
  height: number;
}

/**
 * Where each confirmed credential stands for this step's action (revoke or rotate), one row per
 * credential, with the provider's last words: a failure's reason starts on its row and is whole in
 * the details (enter).
 */
export function ProviderStatus({ rows, action, cursor, focused, width, height }: ProviderStatusProps) {
  if (rows.length === 0) return <Text dimColor>no confirmed finding to {action}</Text>;
  const statusWidth = 13;
  const hintWidth = Math.min(24, Math.max(Math.floor(width * 0.25), 12));
  const providerWidth = 9;
  const whereWidth = Math.max(Math.min(Math.floor(width * 0.3), 28), 10);
  const noteWidth = Math.max(width - 2 - statusWidth - hintWidth - providerWidth - whereWidth - 4, 0);
  const size = Math.max(height - 1, 1);
  const start = windowStart(Math.max(cursor, 0), rows.length, size);
  const shown = rows.slice(start, start + size);
  return (
    <Box flexDirection="column">
      <Text bold dimColor>{fit(`  ${[cell(action, statusWidth), cell('secret', hintWidth), cell('provider', providerWidth), cell('path:line', whereWidth), noteWidth > 4 ? 'what the provider said' : ''].join(' ')}`, width)}</Text>
      {shown.map((r, i) => {
        const f = r.finding;
        const outcome = f[action];
        const at = start + i === cursor;
        const note = f[`${action}Note`] ?? (action === 'rotate' && !outcome ? (f.delivery ? `to ${f.delivery}` : 'no destination') : '');
        return (
          <Text key={f.fingerprint} inverse={at && focused}>
            {at ? '› ' : '  '}
            <Text color={outcome ? OUTCOME_COLOR[outcome] : undefined}>{cell(outcomeWord(f, action), statusWidth)}</Text>{' '}
            {[cell(r.partner ? `${f.redacted}+` : f.redacted, hintWidth), cell(f.provider, providerWidth), cell(location(f), whereWidth), noteWidth > 4 ? fit(note, noteWidth) : ''].join(' ')}
          </Text>
        );
      })}
      {rows.length > shown.length ? <Text dimColor>{`  rows ${start + 1}-${start + shown.length} of ${rows.length}`}</Text> : null}
    </Box>
  );
}

/** One credential in full for this action: its status, the provider's whole answer, what to do next. */
export function CredentialDetail({ row, action, journal, width }: { row: TriageRow; action: Action; journal: string | null; width: number }) {
  const f = row.finding;
  const note = f[`${action}Note`];
  const outcome = f[action];
  const lines: Array<[string, string]> = [
    ['secret', `${f.redacted}${row.partner ? ` + ${row.partner.redacted}` : ''} (${f.provider}, ${f.rule}${row.partner ? ` + ${row.partner.rule}` : ''})`],
    ['where', location(f)],
    [action, outcomeWord(f, action)],
    ...(note ? [['said', note] as [string, string]] : []),
    ...(action === 'rotate' ? [['goes to', f.delivery ?? 'not chosen yet: d chooses where the new credential goes'] as [string, string]] : []),
    ...(action === 'revoke' && f.canUseLeakedKey ? [['leaked key', f.useLeakedKey ? 'the next revoke is signed by the leaked key itself (--use-leaked-key)' : 'u lets the leaked key disable itself (--use-leaked-key), when you have no admin credentials'] as [string, string]] : []),
    ...(outcome === 'failed' || outcome === 'interrupted' || outcome === 'declined'
      ? [['by hand', `m puts the provider's console steps on the checklist; b records that someone ${action === 'revoke' ? 'revoked' : 'rotated'} it by hand (who, when, how)`] as [string, string]]
      : []),
    ...(journal ? [['journal', journal] as [string, string]] : []),
  ];
  const valueWidth = Math.max(width - 12, 8);
  return (
    <Box flexDirection="column">
      <Text bold>Credential details (esc: back)</Text>
      {lines.map(([label, value]) => wrap(value, valueWidth, 8).map((text, n) => (
        <Text key={`${label}${n}`} color={label === 'said' && outcome === 'failed' ? 'red' : undefined}>
          <Text dimColor>{(n === 0 ? label : '').padEnd(12)}</Text>
          {text}
        </Text>
      )))}
    </Box>
  );
}
