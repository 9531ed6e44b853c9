import { readFileSync } from 'node:fs';
import type { Delivery } from './contract.js';
import { targetOf } from './delivery/table.js';

/**
 * The variable a rotated token is delivered under: the target's named entry (a secret, a key, a
 * field); in an env file, the variable that holds the leaked token now (so that very line is replaced
 * in place), else the provider's default name.
 */
export function deliveryVariable(delivery: Delivery, oldToken: string, fallback: string): string {
  if (delivery.kind === 'env-file') return variableHolding(delivery.file, oldToken) ?? fallback;
  return targetOf(delivery).entryName(delivery) ?? fallback;
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

export function describeDelivery(delivery: Delivery): string {
  return targetOf(delivery).describe(delivery);
}
