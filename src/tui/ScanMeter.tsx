import { Box, Text } from 'ink';
import type { ScanProgress } from '../playbook/events.js';
import { bar, count, duration, fit, meter } from './format.js';

/** The scan's live meter: a bar, objects and bytes per second, and the time left at that rate. */
export function ScanMeter({ progress, width }: { progress: ScanProgress; width: number }) {
  const m = meter(progress);
  const pct = `${Math.floor(m.fraction * 100)}%`.padStart(4);
  const barWidth = Math.max(Math.min(width - 6, 40), 10);
  return (
    <Box flexDirection="column">
      <Text>
        <Text color="cyan">{bar(m.fraction, barWidth)}</Text> {pct}
      </Text>
      <Text>
        {fit(`${count(progress.objects)}/${count(progress.total)} objects · ${count(m.objectsPerSecond)} objects/s · ${m.megabytesPerSecond.toFixed(1)} MB/s · ETA ${duration(m.etaSeconds)}`, width)}
      </Text>
    </Box>
  );
}
