import { join } from 'node:path';
import { SpillkitError } from '../errors.js';

/** When the job fails: on any finding, only on a credential confirmed live (`--verify`), or never. */
export const FAIL_ON = ['findings', 'live', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** The action's inputs (action.yml), as the entry point reads them from the environment. */
export interface ActionInputs {
  /** The repository to scan, relative to the job's working directory. */
  path: string;
  failOn: FailOn;
  /** Report only what is new since this revision, instead of what the event says. */
  since: string | null;
  config: string | null;
  baseline: string | null;
  /** Where the SARIF goes (default: `$RUNNER_TEMP/spillkit.sarif`, outside the checkout). */
  sarifFile: string;
}

/**
 * An input as GitHub passes it: `INPUT_<NAME>` upper-cased, spaces as `_` (a node action keeps `-`;
 * a composite step cannot name a variable with `-` in bash, so action.yml passes `_`: both are read).
 */
export function getInput(env: NodeJS.ProcessEnv, name: string): string {
  const key = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
  return (env[key] ?? env[key.replace(/-/g, '_')] ?? '').trim();
}

export function readInputs(env: NodeJS.ProcessEnv, cwd: string): ActionInputs {
  const failOn = getInput(env, 'fail-on') || 'findings';
  if (!(FAIL_ON as readonly string[]).includes(failOn)) {
    throw new SpillkitError('USAGE', `input fail-on must be one of ${FAIL_ON.join(', ')}, not '${failOn}'`);
  }
  const optional = (name: string): string | null => getInput(env, name) || null;
  return {
    path: getInput(env, 'path') || '.',
    failOn: failOn as FailOn,
    since: optional('since'),
    config: optional('config'),
    baseline: optional('baseline'),
    sarifFile: getInput(env, 'sarif-file') || join(env.RUNNER_TEMP || cwd, 'spillkit.sarif'),
  };
}
