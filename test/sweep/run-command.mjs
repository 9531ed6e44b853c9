// Runs the built `sweep` or `merge` command with main.ts's error handling, for tests, until main.ts
// routes them. A file, not `node -e`: the scanner's worker threads inherit execArgv, and `-e` flags
// would break them. Usage: node run-command.mjs sweep|merge ARGS...
// A failed import (dist/ being rebuilt) exits 3, so it is never mistaken for "findings" (1).
const [command, ...argv] = process.argv.slice(2);
let commands;
try {
  commands = {
    sweep: (await import('../../dist/cli/sweep.js')).sweepCommand,
    merge: (await import('../../dist/cli/merge.js')).mergeCommand,
  };
} catch (e) {
  process.stderr.write(`run-command: cannot load dist/: ${e && e.message ? e.message : String(e)}\n`);
  process.exit(3);
}
try {
  process.exitCode = await commands[command](argv);
} catch (e) {
  process.stderr.write(`spillkit: ${e && e.message ? e.message : String(e)}\n`);
  process.exitCode = 2;
}
