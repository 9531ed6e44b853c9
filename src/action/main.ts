import { runAction } from './run.js';

// The GitHub Action's entry point (action.yml): everything is in runAction, which the tests drive.
try {
  process.exitCode = runAction(process.env).exitCode;
} catch (e) {
  process.stderr.write(`spillkit: ${(e as Error).message}\n`);
  process.stdout.write('::error title=spillkit::the action failed; see the log\n');
  process.exitCode = 2;
}
