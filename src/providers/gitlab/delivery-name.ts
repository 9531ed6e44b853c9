import { readFileSync } from 'node:fs';
import type { Delivery } from '../contract.js';

/**
 * The variable a rotated GitLab token is delivered under: the named GitHub Actions secret; in an env
 * file, the variable holding the leaked token now (so that line is replaced in place), else
 * SPILLKIT_GITLAB_TOKEN_VAR, else GITLAB_TOKEN. (Same rule as the GitHub adapter's; a shared helper
 * would serve both.)
 */
export function gitlabDeliveryVariable(delivery: Delivery, oldToken: string, env: NodeJS.ProcessEnv): string {
  if (delivery.kind === 'github-secret') return delivery.name;
  return variableHolding(delivery.file, oldToken) ?? (env.SPILLKIT_GITLAB_TOKEN_VAR?.trim() || 'GITLAB_TOKEN');
}

function variableHolding(file: string, value: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split(/\r?\n/)) {
    const assignment = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    if (assignment && assignment[2].includes(value)) return assignment[1];
  }
  return null;
}
