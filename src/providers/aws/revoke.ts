import { AttachUserPolicyCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Credential, Outcome, ProviderContext, RevokeOptions, RevokeResult } from '../contract.js';
import { awsCall } from './call.js';
import { deactivateKey } from './key-admin.js';
import { leakedIam, leakedSts, operatorIam } from './clients.js';
import { awsKeyOf, shortKeyId, type AwsKey } from './key.js';
import { missingKeyId, temporaryKey, unsupportedKey } from './no-key.js';
import { explainOwnerFailure, lookUpOwner } from './owner.js';

export const QUARANTINE_POLICY_ARN = 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV2';

const refusal = <T>(state: 'refused' | 'unknown', code: string, message: string): Outcome<T> => ({ state, code, message });

async function quarantine(ctx: ProviderContext, key: AwsKey, user: string, signedBy: 'operator' | 'leaked-key') {
  const client = signedBy === 'operator' ? operatorIam(ctx.env) : leakedIam(ctx.env, key);
  return awsCall(ctx, key, {
    call: 'iam:AttachUserPolicy',
    keyId: key.keyId,
    signedBy,
    send: () => client.send(new AttachUserPolicyCommand({ UserName: user, PolicyArn: QUARANTINE_POLICY_ARN })),
  });
}

/** The operator deactivates the key of its owner: reversible, the first move of containment. */
async function deactivateAsOperator(ctx: ProviderContext, key: AwsKey, opts: RevokeOptions): Promise<Outcome<RevokeResult>> {
  const id = shortKeyId(key.keyId);
  const owner = await lookUpOwner(ctx, key);
  if (owner.state !== 'ok') {
    const failure = await explainOwnerFailure(ctx, key, owner);
    return refusal(failure.state, failure.code, failure.message);
  }
  const user = owner.value.user;
  const plan = `deactivate key ${id} of user ${user} (UpdateAccessKey Status=Inactive)${opts.quarantine ? ' and attach AWSCompromisedKeyQuarantineV2 to the user' : ''}`;
  if (ctx.dryRun) return { state: 'ok', value: { action: `dry run: would ${plan}`, reversible: true } };

  const updated = await deactivateKey(ctx, key, user);
  if (updated.state !== 'ok') {
    if (updated.code !== 'NoSuchEntity') return refusal(updated.state, updated.code, `could not deactivate key ${id} of user ${user}: ${updated.message}`);
    const failure = await explainOwnerFailure(ctx, key, updated);
    return refusal(failure.state, failure.code, failure.message);
  }
  let action = `deactivated key ${id} of user ${user}`;
  if (opts.quarantine) {
    const attached = await quarantine(ctx, key, user, 'operator');
    action += attached.state === 'ok'
      ? '; attached AWSCompromisedKeyQuarantineV2 to the user'
      : `; could not attach AWSCompromisedKeyQuarantineV2 (${attached.code}: ${attached.message})`;
  }
  return { state: 'ok', value: { action, reversible: true } };
}

/** The user of the leaked key, from the key itself (its ARN's last segment); null when STS will not say. */
async function leakedKeyUser(ctx: ProviderContext, key: AwsKey): Promise<string | null> {
  const who = await awsCall(ctx, key, {
    call: 'sts:GetCallerIdentity',
    keyId: key.keyId,
    signedBy: 'leaked-key',
    send: () => leakedSts(ctx.env, key).send(new GetCallerIdentityCommand({})),
  });
  const arn = who.state === 'ok' ? who.value.Arn : undefined;
  return arn?.includes(':user/') ? arn.slice(arn.lastIndexOf('/') + 1) : null;
}

const SELF_DISABLE_REFUSALS: Record<string, (id: string) => string> = {
  InvalidClientTokenId: (id) => `AWS no longer accepts the key ${id}: it is already inactive or deleted, so there is nothing to disable`,
  SignatureDoesNotMatch: (id) => `the secret found with ${id} does not sign for it (rotated, or a wrong pair): it cannot disable itself`,
  AccessDenied: (id) => `the user of ${id} may not update its own keys (iam:UpdateAccessKey): an administrator of the account must deactivate it`,
};

/**
 * When the operator has no admin credentials, the leaked pair disables itself: UpdateAccessKey without a
 * UserName acts on the signing key's own user. A quarantine policy, if asked, goes first: once the key is
 * inactive it can sign nothing more.
 */
async function disableItself(ctx: ProviderContext, key: AwsKey, opts: RevokeOptions): Promise<Outcome<RevokeResult>> {
  const id = shortKeyId(key.keyId);
  if (key.secretKey === null) {
    return refusal('refused', 'NoSecretHalf', `the key ${id} can only disable itself when the scan also found its secret access key`);
  }
  const plan = `make key ${id} disable itself (UpdateAccessKey Status=Inactive, signed by the leaked key)`;
  if (ctx.dryRun) return { state: 'ok', value: { action: `dry run: would ${plan}${opts.quarantine ? ', after attaching AWSCompromisedKeyQuarantineV2 to its user' : ''}`, reversible: true } };

  const notes: string[] = [];
  if (opts.quarantine) {
    const user = await leakedKeyUser(ctx, key);
    const attached = user === null ? null : await quarantine(ctx, key, user, 'leaked-key');
    notes.push(attached?.state === 'ok' ? `attached AWSCompromisedKeyQuarantineV2 to user ${user}` : 'could not attach AWSCompromisedKeyQuarantineV2 with the leaked key');
  }
  const updated = await awsCall(ctx, key, {
    call: 'iam:UpdateAccessKey',
    keyId: key.keyId,
    signedBy: 'leaked-key',
    send: () => leakedIam(ctx.env, key).send(new UpdateAccessKeyCommand({ AccessKeyId: key.keyId, Status: 'Inactive' })),
  });
  if (updated.state !== 'ok') {
    const explain = SELF_DISABLE_REFUSALS[updated.code];
    return refusal(updated.state, updated.code, explain ? explain(id) : `the key ${id} could not disable itself: ${updated.message}`);
  }
  return { state: 'ok', value: { action: [`key ${id} disabled itself (signed by the leaked key)`, ...notes].join('; '), reversible: true } };
}

export async function revoke(cred: Credential, ctx: ProviderContext, opts: RevokeOptions): Promise<Outcome<RevokeResult>> {
  const key = awsKeyOf(cred);
  if (key === null) return missingKeyId();
  if (key.kind === 'temporary') return temporaryKey(key, 'deactivate');
  if (key.kind !== 'long-term') return unsupportedKey(key);
  return opts.useLeakedCredential ? disableItself(ctx, key, opts) : deactivateAsOperator(ctx, key, opts);
}
