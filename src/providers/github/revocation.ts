import type { ProviderContext } from '../contract.js';
import { apiBaseUrl, callGithub, makeOctokit, type CallResult, type GithubTuning } from './client.js';

/**
 * GitHub's public credential revocation endpoint: anyone holding a token can have it revoked, which is
 * what an incident responder needs for a token of someone else's. It takes no authentication (none is
 * sent: the operator's token has no business here), answers 202 whether or not the token was valid,
 * revokes it asynchronously and notifies the owner. A revoked token cannot be restored.
 */
export async function sendToRevocationEndpoint(token: string, ctx: ProviderContext, tuning: GithubTuning): Promise<CallResult<unknown>> {
  const unauthenticated = makeOctokit(apiBaseUrl(ctx.env), undefined, tuning);
  return callGithub(ctx, 'POST /credentials/revoke', [token], () =>
    unauthenticated.request('POST /credentials/revoke', { credentials: [token] }),
  );
}
