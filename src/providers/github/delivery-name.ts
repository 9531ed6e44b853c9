import { readFileSync } from 'node:fs';
import type { Delivery } from '../contract.js';

/**
 * The variable name a rotated GitHub token is delivered under. For a GitHub Actions secret it is the
 * secret named on the command line. For an env file it is the variable that holds the leaked token
 * there now (so the right line is replaced in place), else SPILLKIT_GITHUB_TOKEN_VAR, else GITHUB_TOKEN.
 */
export function deliveryVariable(delivery: Delivery, oldToken: string, env: NodeJS.ProcessEnv): string {
  if (delivery.kind === 'github-secret') return delivery.name;
  return variableHolding(delivery.file, oldToken) ?? (env.SPILLKIT_GITHUB_TOKEN_VAR?.trim() || 'GITHUB_TOKEN');
}

function variableHolding(file: string, value: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    if (m && m[2].includes(value)) return m[1];
  }
  return null;
}

export function describeDelivery(delivery: Delivery): string {
  return delivery.kind === 'env-file' ? delivery.file : `GitHub Actions secret ${delivery.owner}/${delivery.repo}:${delivery.name}`;
}
