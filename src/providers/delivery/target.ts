import { SpillkitError } from '../../errors.js';
import type { Delivery, DeliveryKind, Outcome, ProviderContext } from '../contract.js';
import type { JsonResponse } from '../http.js';
import { errorText, scrub } from '../http.js';

/**
 * One delivery target: how its flag is parsed, how a value is written to the one named entry, how the
 * write is checked afterwards by reading metadata back (a version, a timestamp, the entry's name; never
 * the value), how it is described, and how the store is checked beforehand without writing.
 */
export interface DeliveryIO {
  env: NodeJS.ProcessEnv;
  /** The incident journal (provider calls, the delivery itself); never given a value. */
  record: (type: string, data: Record<string, unknown>) => void;
}

export interface DeliveryReceipt {
  /** The entries written, by name (`DATABASE_URL`, `secret/app:DB`), never their values. */
  entries: string[];
  /** What was created rather than updated. */
  created: string[];
  /** The version each entry's write made, where the store numbers them (for the read-back to find). */
  versions?: Record<string, string>;
}

export interface DeliveryTarget<K extends DeliveryKind = DeliveryKind> {
  kind: K;
  /** Parses the flag's argument; a bad one is a SpillkitError('USAGE') naming the expected shape. */
  parse(spec: string): Extract<Delivery, { kind: K }>;
  /** Says what is there and that it can be written, writing nothing; throws when it cannot. */
  check(d: Extract<Delivery, { kind: K }>, io: DeliveryIO): Promise<string>;
  deliver(d: Extract<Delivery, { kind: K }>, values: Record<string, string>, io: DeliveryIO): Promise<DeliveryReceipt>;
  /**
   * Reads back what the store says of the entries just written: a version, an update time, the names
   * present. Null where the store shows nothing without the value.
   */
  readBack(d: Extract<Delivery, { kind: K }>, receipt: DeliveryReceipt, io: DeliveryIO): Promise<string | null>;
  describe(d: Extract<Delivery, { kind: K }>): string;
  /** The entry the secret itself goes to (null for an env file: the variable holding the old value). */
  entryName(d: Extract<Delivery, { kind: K }>): string | null;
}

/**
 * Which entry each value goes to: the last value (the secret itself) to the target's named entry, the
 * others (an AWS key id beside its secret) under their own variable names next to it.
 */
export function entriesFor(named: string, values: Record<string, string>): Array<{ entry: string; value: string }> {
  const names = Object.keys(values);
  const primary = names[names.length - 1];
  return names.map((name) => ({ entry: name === primary ? named : name, value: values[name] }));
}

/** A failed delivery step as one line: what, where, and the store's own words, with every value scrubbed. */
export function deliveryError(what: string, detail: string, values: Record<string, string> | string[], data?: Record<string, unknown>): SpillkitError {
  const secrets = Array.isArray(values) ? values : Object.values(values);
  return new SpillkitError('IO', scrub(`${what}: ${detail}`, secrets), data);
}

/** An HTTP call's outcome as a value or a thrown one-line error; `accept` lists the statuses that are answers. */
export function answered(outcome: Outcome<JsonResponse>, what: string, accept: number[], secrets: string[] = []): JsonResponse {
  if (outcome.state !== 'ok') throw deliveryError(what, outcome.message, secrets, { code: outcome.code });
  const res = outcome.value;
  if (accept.includes(res.status)) return res;
  const said = errorText(res.body);
  const why = res.status === 401 ? 'the operator credential was rejected' : res.status === 403 ? 'permission denied' : res.status === 404 ? 'not found' : 'unexpected answer';
  throw deliveryError(what, `HTTP ${res.status} ${why}${said ? ` (${said})` : ''}`, secrets, { status: res.status });
}

/** A required environment variable of a target, or one clear usage line naming it. */
export function needEnv(env: NodeJS.ProcessEnv, names: string[], flag: string, what: string): string {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  throw new SpillkitError('USAGE', `${flag} needs ${what} in ${names.join(' or ')}`);
}

/** The slice of a provider context the shared HTTP helper needs; a delivery is never a dry run (rotate stops before it). */
export function ioContext(io: DeliveryIO): ProviderContext {
  return {
    env: io.env,
    dryRun: false,
    record: io.record,
    deliver: () => Promise.reject(new SpillkitError('INTERNAL', 'a delivery cannot deliver')),
  };
}
