import { GetAccessKeyLastUsedCommand } from '@aws-sdk/client-iam';
import { GetAccessKeyInfoCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Outcome, ProviderContext } from '../contract.js';
import { awsCall } from './call.js';
import { operatorIam, operatorSts } from './clients.js';
import { shortAccount, shortKeyId, type AwsKey } from './key.js';

/** What IAM's GetAccessKeyLastUsed tells about a key: its user and its last use ("N/A" mapped to null). */
export interface KeyOwner {
  user: string;
  lastUsed: string | null;
  service: string | null;
  region: string | null;
}

const orNull = (value: string | undefined): string | null => (!value || value === 'N/A' ? null : value);

/** The read call every step starts with: who owns the key (operator credentials). */
export async function lookUpOwner(ctx: ProviderContext, key: AwsKey): Promise<Outcome<KeyOwner>> {
  const answer = await awsCall(ctx, key, {
    call: 'iam:GetAccessKeyLastUsed',
    keyId: key.keyId,
    signedBy: 'operator',
    send: () => operatorIam(ctx.env).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.keyId })),
  });
  if (answer.state !== 'ok') return answer;
  const used = answer.value.AccessKeyLastUsed;
  if (!answer.value.UserName) return { state: 'unknown', code: 'UnexpectedAnswer', message: 'IAM named no user for the key' };
  return {
    state: 'ok',
    value: {
      user: answer.value.UserName,
      lastUsed: used?.LastUsedDate ? used.LastUsedDate.toISOString() : null,
      service: orNull(used?.ServiceName),
      region: orNull(used?.Region),
    },
  };
}

/** The account that owns a key id; STS answers it without any IAM rights (null when it cannot). */
export async function accountOfKey(ctx: ProviderContext, key: AwsKey): Promise<string | null> {
  const answer = await awsCall(ctx, key, {
    call: 'sts:GetAccessKeyInfo',
    keyId: key.keyId,
    signedBy: 'operator',
    send: () => operatorSts(ctx.env).send(new GetAccessKeyInfoCommand({ AccessKeyId: key.keyId })),
  });
  return answer.state === 'ok' ? answer.value.Account ?? null : null;
}

async function operatorAccount(ctx: ProviderContext, key: AwsKey): Promise<string | null> {
  const answer = await awsCall(ctx, key, {
    call: 'sts:GetCallerIdentity',
    keyId: key.keyId,
    signedBy: 'operator',
    send: () => operatorSts(ctx.env).send(new GetCallerIdentityCommand({})),
  });
  return answer.state === 'ok' ? answer.value.Account ?? null : null;
}

/** Why the owner lookup failed, in words a responder can act on, and the key's account when STS knows it. */
export interface OwnerFailure {
  code: string;
  state: 'refused' | 'unknown';
  message: string;
  account: string | null;
}

/**
 * Explains a failed owner lookup. IAM answers AccessDenied both when the operator lacks the right and when
 * the key is not in the operator's account (including a key already deleted), so the key's account (STS
 * GetAccessKeyInfo) is compared with the operator's own to say which it probably is.
 */
export async function explainOwnerFailure(
  ctx: ProviderContext,
  key: AwsKey,
  failure: { state: 'refused' | 'unknown'; code: string; message: string },
): Promise<OwnerFailure> {
  const id = shortKeyId(key.keyId);
  if (failure.state === 'unknown') return { ...failure, account: null };
  const account = await accountOfKey(ctx, key);
  if (failure.code === 'NoSuchEntity') {
    return { ...failure, account, message: `the key ${id} no longer exists in ${shortAccount(account)}: already deleted?` };
  }
  if (failure.code !== 'AccessDenied') return { ...failure, account };
  const mine = account === null ? null : await operatorAccount(ctx, key);
  const where =
    account === null ? 'the key\'s account is unknown too (STS GetAccessKeyInfo failed)'
    : mine === null ? `the key belongs to ${shortAccount(account)}`
    : mine === account ? `the key belongs to the operator's own ${shortAccount(account)}: either the operator may not call iam:GetAccessKeyLastUsed, or the key no longer exists (already deleted?)`
    : `the key belongs to ${shortAccount(account)}, not the operator's ${shortAccount(mine)}: use credentials of that account`;
  return {
    ...failure,
    account,
    message: `IAM denied reading key ${id} (${where}). Without admin credentials the leaked key can disable itself: \`spillkit revoke --use-leaked-key\` (in \`spillkit respond\`: u on the revoke step).`,
  };
}
