/**
 * The npm registry calls the adapter makes, authenticated by a bearer token: the leaked one to learn its
 * user, the operator's (or, when chosen, the leaked one) to find and delete its key.
 * `NPM_API_URL` points at another registry that speaks the same API, or a test emulator.
 */
import { ok, refused, unknown, type Credential, type Outcome, type ProviderContext } from '../contract.js';
import { apiBase, callJson, rejection, type JsonResponse } from '../http.js';

export const DEFAULT_NPM_API = 'https://registry.npmjs.org';

/** `as`: the token that signs the call, the leaked one by default (an operator's `NPM_TOKEN` when revoking). */
export function npmCall(ctx: ProviderContext, cred: Credential, call: { method: 'GET' | 'DELETE'; path: string; label?: string; write?: boolean }, as: string = cred.secret): Promise<Outcome<JsonResponse>> {
  return callJson(ctx, {
    provider: 'npm',
    call: `${call.method} ${call.label ?? call.path}`,
    method: call.method,
    url: `${apiBase(ctx.env, 'NPM_API_URL', DEFAULT_NPM_API)}${call.path}`,
    headers: { authorization: `Bearer ${as}` },
    write: call.write,
    idempotent: true,
    secrets: [cred.secret, as],
  });
}

/** npm asks for a one-time password (2FA on token management) with 401 and `WWW-Authenticate: OTP`. */
export function wantsOtp(res: JsonResponse): boolean {
  return res.status === 401 && /otp/i.test(res.headers.get('www-authenticate') ?? '');
}

/** `GET /-/whoami`: the token's user. */
export async function whoami(ctx: ProviderContext, cred: Credential): Promise<Outcome<string>> {
  const answer = await npmCall(ctx, cred, { method: 'GET', path: '/-/whoami' });
  if (answer.state !== 'ok') return answer;
  const username = (answer.value.body as { username?: unknown } | null)?.username;
  if (answer.value.status === 200 && typeof username === 'string') return ok(username);
  if (answer.value.status === 200) return unknown('unexpected-answer', 'npm GET /-/whoami answered without a username');
  return rejection('npm', 'GET /-/whoami', answer.value, '', [cred.secret]);
}

