import { Box, Text } from 'ink';
import type { RunnerSnapshot } from '../playbook/events.js';
import { fit } from './format.js';

export function Header({ snapshot, finished, width }: { snapshot: RunnerSnapshot; finished: boolean; width: number }) {
  const badges = [
    snapshot.dryRun ? 'dry run: nothing is changed' : null,
    snapshot.providerDryRun && !snapshot.dryRun ? 'providers in dry run' : null,
    snapshot.incident.resumed ? 'resumed' : null,
    finished ? 'incident closed' : null,
  ].filter((b): b is string => b !== null);
  const title = `spillkit respond · ${snapshot.playbook.title} · incident ${snapshot.incident.id}`;
  const extra = badges.map((b) => ` [${b}]`).join('');
  return (
    <Box>
      <Text bold color="cyan">{fit(title, width)}</Text>
      <Text color={finished ? 'green' : 'yellow'}>{fit(extra, Math.max(width - title.length, 0))}</Text>
    </Box>
  );
}
