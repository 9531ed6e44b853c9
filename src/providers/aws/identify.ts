import { ListAttachedUserPoliciesCommand } from '@aws-sdk/client-iam';
import type { Credential, Identity, Outcome, ProviderContext } from '../contract.js';
import { awsCall } from './call.js';
import { operatorIam } from './clients.js';
import { awsKeyOf, shortKeyId, type AwsKey } from './key.js';
import { missingKeyId } from './no-key.js';
import { accountOfKey, explainOwnerFailure, lookUpOwner } from './owner.js';

const userArn = (account: string | null, user: string): string => (account ? `arn:aws:iam::${account}:user/${user}` : user);

/** Policy names attached to the user: cheap and telling, but optional (an empty list when denied). */
async function attachedPolicies(ctx: ProviderContext, key: AwsKey, user: string): Promise<string[] | null> {
  const answer = await awsCall(ctx, key, {
    call: 'iam:ListAttachedUserPolicies',
    keyId: key.keyId,
    signedBy: 'operator',
    send: () => operatorIam(ctx.env).send(new ListAttachedUserPoliciesCommand({ UserName: user })),
  });
  if (answer.state !== 'ok') return null;
  return (answer.value.AttachedPolicies ?? []).map((policy) => policy.PolicyName ?? policy.PolicyArn ?? '?');
}

/** Only the account (STS GetAccessKeyInfo), for session keys and when IAM will not say more. */
async function accountOnly(ctx: ProviderContext, key: AwsKey, note: string): Promise<Outcome<Identity>> {
  const account = await accountOfKey(ctx, key);
  if (account === null) return { state: 'unknown', code: 'NoAccount', message: 'STS GetAccessKeyInfo could not name the key\'s account' };
  return { state: 'ok', value: { owner: null, account, scopes: [], keyId: shortKeyId(key.keyId), details: { kind: key.kind, note } } };
}

/**
 * Owner from IAM GetAccessKeyLastUsed, account from STS GetAccessKeyInfo (which needs no IAM rights), and
 * the user's attached policies as scopes. When IAM denies access, the account alone, saying why.
 */
export async function identify(cred: Credential, ctx: ProviderContext, remember: (keyId: string, user: string) => void): Promise<Outcome<Identity>> {
  const key = awsKeyOf(cred);
  if (key === null) return missingKeyId();
  if (key.kind === 'temporary') return accountOnly(ctx, key, 'STS session key: IAM has no owner record; the session\'s role shows in CloudTrail');
  const owner = await lookUpOwner(ctx, key);
  if (owner.state !== 'ok') {
    const failure = await explainOwnerFailure(ctx, key, owner);
    if (failure.code !== 'AccessDenied' || failure.account === null) return { state: failure.state, code: failure.code, message: failure.message };
    return { state: 'ok', value: { owner: null, account: failure.account, scopes: [], keyId: shortKeyId(key.keyId), details: { kind: key.kind, note: failure.message } } };
  }
  remember(key.keyId, owner.value.user);
  const account = await accountOfKey(ctx, key);
  const policies = await attachedPolicies(ctx, key, owner.value.user);
  const details: Record<string, string> = { kind: key.kind, userName: owner.value.user };
  if (policies === null) details.scopes = 'attached policies could not be listed';
  return { state: 'ok', value: { owner: userArn(account, owner.value.user), account, scopes: policies ?? [], keyId: shortKeyId(key.keyId), details } };
}
