import type { Delivery } from './contract.js';
import { deliveryFromFlags, targetOf } from './delivery/table.js';
import type { DeliveryIO } from './delivery/target.js';

export { deliveryFromFlags };

/**
 * Puts rotated values where the application reads them, through the row of the delivery's kind
 * (delivery/table.ts), then reads back what the store says of the entries written (a version, a date,
 * the names; never a value). Each step is journalled without a value. Several values (an AWS key id and
 * its secret) go under their own names beside the named entry, which gets the last (the secret itself).
 *
 * A write that succeeded stands even if the read-back then fails (a dropped connection): undoing a
 * rotation because a confirmation could not be read would break the service the write just fixed. The
 * read-back failure is journalled and reported instead.
 */
export async function deliver(delivery: Delivery, values: Record<string, string>, io: DeliveryIO, report?: (line: string) => void): Promise<void> {
  const target = targetOf(delivery);
  const where = target.describe(delivery);
  let receipt;
  try {
    receipt = await target.deliver(delivery, values, io);
  } catch (error) {
    const data = (error as { data?: Record<string, unknown> }).data ?? {};
    io.record('delivery-failed', { kind: delivery.kind, target: where, ...(typeof data.code === 'string' ? { code: data.code } : {}), ...(typeof data.status === 'number' ? { status: data.status } : {}) });
    throw error;
  }
  let readBack: string | null;
  let verified: boolean | null;
  try {
    readBack = await target.readBack(delivery, receipt, io);
    verified = readBack === null ? null : true;
  } catch (error) {
    readBack = `could not confirm: ${(error as Error).message}`;
    verified = false;
  }
  io.record('delivered', { kind: delivery.kind, target: where, entries: receipt.entries, created: receipt.created, verified, ...(readBack ? { readBack } : {}) });
  report?.(`delivered ${receipt.entries.join(', ')} to ${where}${readBack ? `; ${verified === false ? '' : 'read back: '}${readBack}` : ''}`);
}

/** Checks that a delivery can succeed, writing nothing; journalled; throws a one-line error when it cannot. */
export async function checkDelivery(delivery: Delivery, io: DeliveryIO): Promise<string> {
  const target = targetOf(delivery);
  const where = target.describe(delivery);
  try {
    const found = await target.check(delivery, io);
    io.record('delivery-checked', { kind: delivery.kind, target: where, found });
    return found;
  } catch (error) {
    io.record('delivery-checked', { kind: delivery.kind, target: where, found: 'refused' });
    throw error;
  }
}

/** Parses `--to-github-secret OWNER/REPO:NAME`. */
export function parseGithubSecretTarget(spec: string): Delivery {
  return targetOf({ kind: 'github-secret', owner: '', repo: '', name: '' }).parse(spec);
}
