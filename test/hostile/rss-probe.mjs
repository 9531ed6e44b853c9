// Preloaded (node --import) into a spillkit run by run-bounded.ts: writes the process's peak resident
// memory (KiB, worker threads included) to SPILLKIT_TEST_RSS_FILE when it exits.
import { writeFileSync } from 'node:fs';

const file = process.env.SPILLKIT_TEST_RSS_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
