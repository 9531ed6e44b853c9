import type { Outcome, ProviderContext } from '../contract.js';
import { classifyAwsError } from './errors.js';
import { shortKeyId, type AwsKey } from './key.js';

/** Who signed a call: the operator's own credentials, or the leaked key (verify, self-disable). */
export type Signer = 'operator' | 'leaked-key';

export interface AwsCallSpec<T> {
  /** API action name, as journaled: `iam:UpdateAccessKey`. */
  call: string;
  /** The key the call is about (a key id only, never a secret); journaled shortened. */
  keyId: string;
  signedBy: Signer;
  send: () => Promise<T>;
  /** Extra journal fields derived from the answer (a new key id); must never include a secret. */
  journal?: (value: T) => Record<string, unknown>;
  /** Secrets besides the leaked key's that must not reach an error message (a new key's secret). */
  secrets?: string[];
}

/**
 * Runs one AWS call and journals it with its outcome, whatever happens. Errors become the contract's
 * refused/unknown states with the key's secrets scrubbed from their messages.
 */
export async function awsCall<T>(ctx: ProviderContext, key: AwsKey, spec: AwsCallSpec<T>): Promise<Outcome<T>> {
  const base = { provider: 'aws', call: spec.call, keyId: shortKeyId(spec.keyId), signedBy: spec.signedBy };
  try {
    const value = await spec.send();
    ctx.record('provider-call', { ...base, outcome: 'ok', ...(spec.journal?.(value) ?? {}) });
    return { state: 'ok', value };
  } catch (error) {
    const failure = classifyAwsError(error, [key.secretKey, ...(spec.secrets ?? [])]);
    ctx.record('provider-call', { ...base, outcome: failure.state, code: failure.code });
    return failure;
  }
}
