#!/usr/bin/env node
// Runs the built CLI; `npm install` builds dist/ through the prepare script.
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`spillkit: ${err && err.message ? err.message : String(err)}\n`);
    if (process.env.SPILLKIT_DEBUG === '1' && err && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 2;
  },
);
