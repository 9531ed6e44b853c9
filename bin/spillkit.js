#!/usr/bin/env node
// Runs the built CLI; `npm install` builds dist/ through the prepare script.
import { main } from '../dist/cli/main.js';
import { terminalSafe } from '../dist/report/safe-text.js';

// `spillkit scan | head`: a reader that goes away is not an error worth a stack trace.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    // The message may name a path or ref from the repository: one escaped line, like every error.
    process.stderr.write(`spillkit: ${terminalSafe(err && err.message ? err.message : String(err))}\n`);
    if (process.env.SPILLKIT_DEBUG === '1' && err && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 2;
  },
);
