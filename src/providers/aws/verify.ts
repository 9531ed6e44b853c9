import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Credential, Liveness, Outcome, ProviderContext } from '../contract.js';
import { awsCall } from './call.js';
import { leakedSts } from './clients.js';
import { awsKeyOf, shortKeyId } from './key.js';
import { missingKeyId } from './no-key.js';

/** Answers from STS that mean the pair no longer works, and what each says. */
export const DEAD_KEY_ANSWERS: Record<string, string> = {
  InvalidClientTokenId: 'AWS does not accept the key id: it is inactive or deleted',
  SignatureDoesNotMatch: 'the secret does not match the key id: the key was rotated, or the scan paired the wrong halves',
  ExpiredToken: 'the session credentials have expired',
};

/** STS GetCallerIdentity signed by the leaked pair: needs no permission, so it succeeds exactly when the key is live. */
export async function verify(cred: Credential, ctx: ProviderContext): Promise<Outcome<Liveness>> {
  const key = awsKeyOf(cred);
  if (key === null) return missingKeyId();
  if (key.kind === 'temporary') {
    // Without its session token an ASIA key is refused even while live: that answer would prove nothing.
    return { state: 'unknown', code: 'NoSessionToken', message: `${shortKeyId(key.keyId)} is an STS session key; checking it needs its session token, which the credential does not carry` };
  }
  if (key.secretKey === null) {
    return { state: 'unknown', code: 'NoSecretHalf', message: `the scan did not find the secret access key of ${shortKeyId(key.keyId)}, and a live check must sign with it` };
  }
  const answer = await awsCall(ctx, key, {
    call: 'sts:GetCallerIdentity',
    keyId: key.keyId,
    signedBy: 'leaked-key',
    send: () => leakedSts(ctx.env, key).send(new GetCallerIdentityCommand({})),
  });
  if (answer.state === 'ok') return { state: 'ok', value: { live: true, detail: `live: signs as ${answer.value.Arn ?? 'an unknown principal'}` } };
  const dead = DEAD_KEY_ANSWERS[answer.code];
  if (dead !== undefined) return { state: 'ok', value: { live: false, detail: dead } };
  return { state: 'unknown', code: answer.code, message: answer.message };
}
