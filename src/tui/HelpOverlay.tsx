import { Box, Text } from 'ink';

export const HELP_KEYS: Array<[string, string]> = [
  ['↑ ↓ / k j', 'move in the step list, the findings table or a checklist'],
  ['enter', 'open the step (its table or checklist), run it; on a finished step run the next; finding details'],
  ['esc', 'back: close the details, leave the panel'],
  ['n', 'run the next step (the first not done or skipped); closes the incident at the end'],
  ['r', 'run the selected step again (e.g. a second scan after a fix)'],
  ['s', 'skip the selected step, with a reason'],
  ['space', 'tick or untick the checklist item'],
  ['c', 'triage: confirm the finding (it gets revoked, rotated and rewritten)'],
  ['f', 'triage: mark it a false positive (asks a reason; optionally to the baseline)'],
  ['a', 'triage: allowlist it (asks a reason; optionally to the baseline)'],
  ['C', 'triage: confirm every finding still open'],
  ['b', 'triage: bulk — every finding of a rule, of a path glob, or of the filter: confirm, false positive or allowlist at once'],
  ['/', 'triage: filter by rule, path, provider, status, where (pushed / not pushed / local only); field:value and path:GLOB too'],
  ['o / p', 'triage: sort (scan order, risk, path) / whole paths'],
  ['m', 'revoke, rotate: put the provider\'s console steps for the credential on the checklist'],
  ['b', 'revoke, rotate: record that someone did it by hand (who, when, how)'],
  ['u', 'revoke: let the leaked key disable itself (--use-leaked-key; AWS), then run the step'],
  ['d / D', 'rotate: where the new credential goes (env file, GitHub secret, ...) for this credential / for all'],
  ['y / n', 'answer a confirmation (default no)'],
  ['q', 'quit: everything is in the journal; `spillkit respond` resumes here'],
  ['ctrl-c', 'quit, even from a question or a text field'],
  ['?', 'this help'],
];

export function HelpOverlay({ width }: { width: number }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} width={width}>
      <Text bold>Keys</Text>
      {HELP_KEYS.map(([key, what], i) => (
        <Box key={`${key}${i}`}>
          <Box width={11} flexShrink={0}>
            <Text bold color="cyan">{key}</Text>
          </Box>
          <Text wrap="wrap">{what}</Text>
        </Box>
      ))}
      <Text dimColor>esc or ? closes this help</Text>
    </Box>
  );
}
