import { CreateAccessKeyCommand, DeleteAccessKeyCommand, ListAccessKeysCommand, UpdateAccessKeyCommand, type AccessKey } from '@aws-sdk/client-iam';
import type { Outcome, ProviderContext } from '../contract.js';
import { awsCall } from './call.js';
import { operatorIam } from './clients.js';
import { shortKeyId, type AwsKey } from './key.js';

/** The IAM key-management calls made with the operator's credentials, each journaled against the leaked key. */

export interface KeyOnRecord {
  id: string;
  status: string;
  /** ISO creation time, as IAM reports it (second precision); null when IAM does not say. */
  created: string | null;
}

export async function listKeys(ctx: ProviderContext, key: AwsKey, user: string): Promise<Outcome<KeyOnRecord[]>> {
  const answer = await awsCall(ctx, key, {
    call: 'iam:ListAccessKeys',
    keyId: key.keyId,
    signedBy: 'operator',
    send: () => operatorIam(ctx.env).send(new ListAccessKeysCommand({ UserName: user })),
  });
  if (answer.state !== 'ok') return answer;
  return { state: 'ok', value: (answer.value.AccessKeyMetadata ?? []).map((meta) => ({
    id: meta.AccessKeyId ?? '?',
    status: meta.Status ?? '?',
    created: meta.CreateDate ? meta.CreateDate.toISOString() : null,
  })) };
}

export function createKey(ctx: ProviderContext, key: AwsKey, user: string): Promise<Outcome<AccessKey | undefined>> {
  return awsCall(ctx, key, {
    call: 'iam:CreateAccessKey',
    keyId: key.keyId,
    signedBy: 'operator',
    send: async () => (await operatorIam(ctx.env).send(new CreateAccessKeyCommand({ UserName: user }))).AccessKey,
    journal: (created) => ({ newKeyId: created?.AccessKeyId ? shortKeyId(created.AccessKeyId) : null }),
  });
}

export function deleteKey(ctx: ProviderContext, key: AwsKey, user: string, keyId: string, secrets: string[] = []) {
  return awsCall(ctx, key, {
    call: 'iam:DeleteAccessKey',
    keyId,
    signedBy: 'operator',
    secrets,
    send: () => operatorIam(ctx.env).send(new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: keyId })),
  });
}

/** Status Inactive: reversible, and what containment does first. */
export function deactivateKey(ctx: ProviderContext, key: AwsKey, user: string) {
  return awsCall(ctx, key, {
    call: 'iam:UpdateAccessKey',
    keyId: key.keyId,
    signedBy: 'operator',
    send: () => operatorIam(ctx.env).send(new UpdateAccessKeyCommand({ UserName: user, AccessKeyId: key.keyId, Status: 'Inactive' })),
  });
}
