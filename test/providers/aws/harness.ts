import { afterEach, expect } from 'vitest';
import type { Credential, Delivery, ProviderContext } from '../../../src/providers/contract.js';
import type { Finding } from '../../../src/scan/finding.js';
import {
  emulatedKey,
  emulatorState,
  startAwsEmulator,
  type AwsEmulator,
  type AwsEmulatorState,
  type EmulatedKey,
} from '../../emulators/aws-iam-sts.js';

/**
 * One emulated account per test: an `admin` operator with every right, and `alice`, whose key leaked
 * (last used after the commit date). The context points the real SDK clients at the emulator through
 * the standard endpoint variables and carries the operator's key as AWS_ACCESS_KEY_ID/SECRET.
 */

export const COMMITTED = '2024-03-01T09:15:00Z';

const running: AwsEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

export function finding(rule: string, seed: string, date: string | null = COMMITTED): Finding {
  return {
    fingerprint: `fp-${rule}-${seed}`,
    rule,
    provider: 'aws',
    severity: 'critical',
    confidence: 'high',
    source: 'blob',
    path: 'deploy/prod.env',
    line: 1,
    column: 1,
    commit: '1'.repeat(40),
    author: 'Alice Example',
    authorEmail: 'alice@example.com',
    date,
    blob: 'a'.repeat(40),
    refs: ['refs/heads/main'],
    reachable: true,
    presentAtHead: true,
    redacted: 'AKIA… (20 chars)',
    secretHash: '0'.repeat(64),
    occurrences: 1,
  };
}

/** The credential a scan would hand over: the key id finding with its secret key as pair (or the reverse). */
export function credentialOf(key: EmulatedKey, shape: 'id-with-pair' | 'id-only' | 'secret-with-pair' = 'id-with-pair'): Credential {
  const id = finding('aws-access-key-id', key.id);
  const secret = finding('aws-secret-access-key', key.id);
  if (shape === 'id-only') return { finding: id, secret: key.id };
  if (shape === 'secret-with-pair') return { finding: secret, secret: key.secret, pair: { finding: id, secret: key.id } };
  return { finding: id, secret: key.id, pair: { finding: secret, secret: key.secret } };
}

export interface Delivered {
  delivery: Delivery;
  values: Record<string, string>;
  /** Status of the leaked key at the moment of delivery: the new key must land while the old one still works. */
  oldStatusAtDelivery: string | undefined;
}

export interface Harness {
  emulator: AwsEmulator;
  state: AwsEmulatorState;
  admin: EmulatedKey;
  leaked: EmulatedKey;
  cred: Credential;
  ctx: ProviderContext;
  records: { type: string; data: Record<string, unknown> }[];
  delivered: Delivered[];
  /** Actions the emulator received, in order. */
  actions(): string[];
  /** Every secret in play: the leaked and operator secrets, and any key the emulator created. */
  secrets(): string[];
}

export interface HarnessOptions {
  /** Operator rights (`iam:UpdateAccessKey`...); absent: all. */
  adminAllow?: string[];
  /** Leaked key's own rights (for self-disable); absent: all. */
  leakedAllow?: string[];
  /** No operator credentials in ctx.env (the leaked key must act alone). */
  noOperator?: boolean;
  env?: Record<string, string>;
  deliver?: (delivery: Delivery, values: Record<string, string>) => Promise<void>;
  dryRun?: boolean;
  state?: Partial<AwsEmulatorState>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const admin = emulatedKey('operator', 'admin', options.adminAllow ? { allow: options.adminAllow } : {});
  const leaked = emulatedKey('leaked', 'alice', {
    lastUsed: { date: '2024-05-01T10:00:00Z', service: 's3', region: 'eu-west-1' },
    ...(options.leakedAllow ? { allow: options.leakedAllow } : {}),
  });
  const state = emulatorState({
    users: [{ name: 'admin', attachedPolicies: [] }, { name: 'alice', attachedPolicies: ['arn:aws:iam::aws:policy/AmazonS3FullAccess'] }],
    keys: [admin, leaked],
    ...options.state,
  });
  const emulator = await startAwsEmulator(state);
  running.push(emulator);
  const records: Harness['records'] = [];
  const delivered: Delivered[] = [];
  const env: NodeJS.ProcessEnv = {
    AWS_ENDPOINT_URL_IAM: emulator.url,
    AWS_ENDPOINT_URL_STS: emulator.url,
    AWS_ENDPOINT_URL_CLOUDTRAIL: emulator.url,
    AWS_REGION: 'us-east-1',
    ...(options.noOperator ? {} : { AWS_ACCESS_KEY_ID: admin.id, AWS_SECRET_ACCESS_KEY: admin.secret }),
    ...options.env,
  };
  const ctx: ProviderContext = {
    env,
    dryRun: options.dryRun ?? false,
    record: (type, data) => records.push({ type, data }),
    deliver: async (delivery, values) => {
      delivered.push({ delivery, values: { ...values }, oldStatusAtDelivery: state.keys.find((k) => k.id === leaked.id)?.status });
      await options.deliver?.(delivery, values);
    },
  };
  const createdSecrets: string[] = [];
  return {
    emulator,
    state,
    admin,
    leaked,
    cred: credentialOf(leaked),
    ctx,
    records,
    delivered,
    actions: () => emulator.calls.map((call) => call.action),
    secrets: () => {
      for (const key of state.keys) if (!createdSecrets.includes(key.secret)) createdSecrets.push(key.secret);
      for (const d of delivered) if (d.values.AWS_SECRET_ACCESS_KEY) createdSecrets.push(d.values.AWS_SECRET_ACCESS_KEY);
      return [admin.secret, leaked.secret, ...createdSecrets];
    },
  };
}

/** `AKIA…XYZ`, the only form of a key id the adapter may journal or return. */
export const short = (id: string): string => `${id.slice(0, 4)}…${id.slice(-3)}`;

/** No secret, and no whole key id, may reach the journal or an outcome's text. */
export function expectNoSecretIn(h: Harness, ...outputs: unknown[]): void {
  const text = JSON.stringify([h.records, outputs]);
  for (const secret of h.secrets()) expect(text).not.toContain(secret);
  for (const id of [h.admin.id, h.leaked.id, ...h.state.keys.map((k) => k.id)]) expect(text).not.toContain(id);
}

export const WRITE_ACTIONS = ['UpdateAccessKey', 'CreateAccessKey', 'DeleteAccessKey', 'AttachUserPolicy'];
