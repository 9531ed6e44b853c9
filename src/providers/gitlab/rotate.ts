/**
 * GitLab token rotation: one call creates the new token and revokes the old one, so the new
 * token must be delivered at once. If delivery fails the new token is revoked too (nobody holds it,
 * and a live token nobody holds is one more leak), and the user is sent to the console.
 */
import { ok, unknown, type Credential, type Outcome, type ProviderContext, type RotateOptions, type RotateResult } from '../contract.js';
import { rejection } from '../http.js';
import { gitlabCall, isTokenInfo, readSelf, SELF } from './api.js';
import { deliveryVariable } from '../delivery-name.js';
import type { GitlabOperator } from './revoke.js';

const ROTATE = '/personal_access_tokens/self/rotate';
const DAY_MS = 86_400_000;
/** GitLab.com's longest token lifetime; self-managed instances default to the same. */
const MAX_LIFETIME_DAYS = 365;

/**
 * Without `expires_at` GitLab gives the new token one week, which would break its users a week later:
 * keep the old expiry when it is still ahead, else the longest lifetime GitLab allows.
 */
export function newExpiry(oldExpiry: string | null, now: Date = new Date()): string {
  const tomorrow = now.getTime() + DAY_MS;
  if (oldExpiry && Date.parse(oldExpiry) > tomorrow) return oldExpiry.slice(0, 10);
  return new Date(now.getTime() + (MAX_LIFETIME_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * `operator`: the operator's token rotates the leaked one by id (`POST /personal_access_tokens/:id/rotate`,
 * its owner or an administrator); null: the leaked token rotates itself, as the user chose.
 */
export async function rotateGitlabToken(cred: Credential, ctx: ProviderContext, opts: RotateOptions, consoleHint: string, operator: GitlabOperator | null): Promise<Outcome<RotateResult>> {
  const self = await readSelf(cred, ctx);
  if (self.state !== 'ok') return self;
  const acting = operator?.token ?? cred.secret;
  const path = operator ? `/personal_access_tokens/${self.value.id}/rotate` : ROTATE;
  const label = operator ? 'POST /personal_access_tokens/:id/rotate' : `POST ${ROTATE}`;
  const expiresAt = newExpiry(self.value.expires_at);
  const variable = deliveryVariable(opts.delivery, cred.secret, ctx.env.SPILLKIT_GITLAB_TOKEN_VAR?.trim() || 'GITLAB_TOKEN');
  if (ctx.dryRun) {
    const by = operator ? `with the operator token in ${operator.variable}` : 'with itself, as you chose';
    return ok({ action: `dry run: would rotate GitLab token #${self.value.id} ${by} (new token expiring ${expiresAt}, delivered as ${variable})`, newKeyId: null, delivered: [], old: 'left active' });
  }
  // Not idempotent: a repeat after a lost answer would find the old token already revoked.
  const answer = await gitlabCall(ctx, acting, { method: 'POST', path, write: true, idempotent: false, json: { expires_at: expiresAt } });
  if (answer.state !== 'ok') return answer;
  const rotated = answer.value.body;
  if (answer.value.status !== 200 || !isTokenInfo(rotated) || typeof rotated.token !== 'string') {
    return answer.value.status === 200
      ? unknown('unexpected-answer', `gitlab ${label} answered without a new token; check the token at the console`)
      : rejection('GitLab', label, answer.value, consoleHint, [cred.secret, acting]);
  }
  const newToken = rotated.token;
  try {
    await ctx.deliver(opts.delivery, { [variable]: newToken });
  } catch (error) {
    const cleanup = await gitlabCall(ctx, newToken, { method: 'DELETE', path: SELF, write: true, idempotent: true });
    const cleaned = cleanup.state === 'ok' && cleanup.value.status === 204;
    const reason = (error as Error).message.split(newToken).join('[redacted]');
    return unknown('delivery-failed', `the new GitLab token #${rotated.id} could not be delivered (${reason}); GitLab already revoked the old one; the new one was ${cleaned ? 'revoked as well' : 'NOT revoked: revoke it'} — create a replacement in the console (${consoleHint})`);
  }
  return ok({
    action: `rotated GitLab token #${self.value.id} into #${rotated.id} (expires ${rotated.expires_at ?? expiresAt}); GitLab revoked the old token`,
    newKeyId: `token #${rotated.id}`,
    delivered: [variable],
    old: 'deleted',
  });
}
