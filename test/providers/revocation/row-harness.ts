import { randomBytes } from 'node:crypto';
import type { Credential } from '../../../src/providers/contract.js';
import { expandTemplate } from '../../../src/rules/fake-secret.js';
import type { RevocationRow } from '../../../src/providers/revocation/row.js';
import { credentialFor, recordingContext, startLoopback, type EmuRequest, type EmuResponse, type Loopback, type RecordingContext } from '../../emulators/saas.js';

/**
 * What the row-specific tests share: a loopback provider whose answers a test writes as a function of
 * the request (so one test can script listings the table test's fixed routes cannot), a context that
 * points the row at it with an operator credential, and fake keys made at run time.
 */

export interface Harness {
  loopback: Loopback;
  /** Every request the provider saw, with its body. */
  seen: EmuRequest[];
  /** The operator credential the context carries (and its user part, for a pair). */
  operator: string;
  operatorUser: string;
  ctx(opts?: { operator?: boolean; dryRun?: boolean; failDelivery?: boolean }): RecordingContext;
  close(): Promise<void>;
}

export async function rowHarness(row: RevocationRow, answer: (req: EmuRequest) => EmuResponse): Promise<Harness> {
  const seen: EmuRequest[] = [];
  const loopback = await startLoopback((req) => {
    seen.push(req);
    return answer(req);
  });
  const operator = `op-${randomBytes(12).toString('hex')}`;
  const operatorUser = `opuser-${randomBytes(8).toString('hex')}`;
  return {
    loopback,
    seen,
    operator,
    operatorUser,
    ctx(opts = {}) {
      const env: Record<string, string> = { [row.envVar]: loopback.url, SPILLKIT_HTTP_RETRIES: '0' };
      if (row.operator && opts.operator !== false) {
        env[row.operator.env[0]!] = operator;
        if (row.operator.userEnv) env[row.operator.userEnv[0]!] = operatorUser;
      }
      return recordingContext(env, { dryRun: opts.dryRun, failDelivery: opts.failDelivery });
    },
    close: () => loopback.close(),
  };
}

/** A fresh fake key (the row's sample form unless a template is given) and the credential spillkit builds from its finding. */
export function leaked(row: RevocationRow, rule = row.rules[0]!, template?: string): Credential {
  const seed = randomBytes(8).toString('hex');
  return credentialFor(row.provider, rule, template ? expandTemplate(template, seed) : row.sample.secret(seed));
}

/** The same character at the same place never twice: a key that shares everything but its last four. */
export function otherTail(secret: string, alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ'): string {
  const last = secret.slice(-4);
  const swap = [...alphabet].find((c) => c !== last[0])!;
  return `${swap}${last.slice(1)}`;
}

export const json = (req: EmuRequest): Record<string, unknown> => (req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {});
