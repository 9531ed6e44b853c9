import { assertNoSecrets } from '../../../src/incident/journal-guard.js';
import type { Delivery } from '../../../src/providers/contract.js';
import { checkDelivery, deliver } from '../../../src/providers/delivery.js';
import type { DeliveryIO } from '../../../src/providers/delivery/target.js';

/** The delivery facade as a rotation calls it, with the journal captured through the journal's own guard. */
export interface DeliveryRun {
  io: DeliveryIO;
  records: Array<{ type: string; data: Record<string, unknown> }>;
  lines: string[];
  deliver(d: Delivery, values: Record<string, string>): Promise<void>;
  check(d: Delivery): Promise<string>;
  /** Everything a value could leak through: the journal and the report lines. */
  surface(): string;
}

export function deliveryRun(env: Record<string, string>): DeliveryRun {
  const records: DeliveryRun['records'] = [];
  const lines: string[] = [];
  const io: DeliveryIO = {
    env: { SPILLKIT_HTTP_TIMEOUT_MS: '1500', SPILLKIT_HTTP_RETRIES: '2', ...env },
    record: (type, data) => {
      assertNoSecrets(data);
      records.push({ type, data: structuredClone(data) });
    },
  };
  return {
    io,
    records,
    lines,
    deliver: (d, values) => deliver(d, values, io, (line) => lines.push(line)),
    check: (d) => checkDelivery(d, io),
    surface: () => JSON.stringify({ records, lines }),
  };
}

/** The message of a rejected promise (a delivery failure is one line). */
export async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a failure');
}
