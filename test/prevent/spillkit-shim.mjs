// The prevention commands straight from dist/, for tests that run while src/cli/main.ts does not dispatch
// them yet (helpers.ts uses bin/spillkit.js as soon as it does). Mirrors main's error handling.
import { auditCommand } from '../../dist/cli/audit.js';
import { hookCommand } from '../../dist/cli/hook.js';
import { protectCommand } from '../../dist/cli/protect.js';
import { isSpillkitError } from '../../dist/errors.js';

const commands = { protect: protectCommand, hook: hookCommand, audit: auditCommand };
const [name, ...rest] = process.argv.slice(2);
try {
  if (!commands[name]) throw new Error(`the test shim runs protect, hook and audit only, not '${name}'`);
  process.exitCode = await commands[name](rest);
} catch (e) {
  process.stderr.write(`spillkit: ${isSpillkitError(e) ? e.message : `internal error: ${e?.message ?? e}`}\n`);
  process.exitCode = 2;
}
