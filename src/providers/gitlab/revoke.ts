/**
 * GitLab revocation. A `glpat-` token is found by its own read-only self endpoint (its id), then
 * revoked by id with the operator's token (`DELETE /personal_access_tokens/:id`: its owner or an
 * administrator may). Other kinds go to the administrators' token API, which identifies any token by
 * value (`POST /admin/token`) and revokes it (`DELETE /admin/token`, GitLab 17.7+). The leaked token's
 * own self-revocation is kept for when the user chooses it.
 */
import { ok, refused, type Credential, type Outcome, type ProviderContext, type RevokeResult } from '../contract.js';
import { errorText, rejection } from '../http.js';
import { gitlabCall, readSelf, SELF } from './api.js';

/** Kinds the administrators' token API revokes by value. */
export const ADMIN_REVOCABLE = new Set([
  'gitlab-deploy-token', 'gitlab-runner-auth-token', 'gitlab-feed-token', 'gitlab-pipeline-trigger-token', 'gitlab-agent-token',
  'gitlab-oauth-app-secret', 'gitlab-scim-token', 'gitlab-incoming-mail-token', 'gitlab-feature-flags-client-token', 'gitlab-cicd-job-token',
]);

export interface GitlabOperator {
  token: string;
  variable: string;
}

const NEEDS = 'a token of the leaked token\'s owner, or of an administrator, with the api scope';

/** The operator's token (`GITLAB_TOKEN`, as glab and the API docs name it), never the leaked one. */
export function gitlabOperator(cred: Credential, env: NodeJS.ProcessEnv): Outcome<GitlabOperator> {
  const variable = ['GITLAB_TOKEN', 'GITLAB_ADMIN_TOKEN'].find((name) => (env[name] ?? '').trim() !== '');
  const self = cred.secret.startsWith('glpat-') ? ', or choose --use-leaked-key to have the leaked token revoke itself' : '';
  if (!variable) return refused('no-operator-credential', `set GITLAB_TOKEN to ${NEEDS}${self}`);
  const token = env[variable]!.trim();
  if (token === cred.secret) return refused('operator-is-leaked', `${variable} holds the leaked token itself: set it to ${NEEDS}${self}`);
  return ok({ token, variable });
}

export async function selfRevoke(cred: Credential, ctx: ProviderContext, consoleHint: string): Promise<Outcome<RevokeResult>> {
  if (ctx.dryRun) return ok({ action: `dry run: would revoke GitLab token ${cred.finding.redacted} with itself (DELETE ${SELF}), as you chose`, reversible: false });
  const answer = await gitlabCall(ctx, cred.secret, { method: 'DELETE', path: SELF, write: true, idempotent: true });
  if (answer.state !== 'ok') return answer;
  if (answer.value.status === 204 || answer.value.status === 200) return ok({ action: `revoked GitLab token ${cred.finding.redacted} with itself (self-revoke), as you chose`, reversible: false });
  return rejection('GitLab', `DELETE ${SELF}`, answer.value, consoleHint, [cred.secret]);
}

export async function revokeById(cred: Credential, ctx: ProviderContext, operator: GitlabOperator, consoleHint: string): Promise<Outcome<RevokeResult>> {
  const self = await readSelf(cred, ctx);
  // A token GitLab already rejects is contained: nothing is left to revoke.
  if (self.state === 'refused' && self.code === 'invalid-credential') return ok({ action: `GitLab already rejects token ${cred.finding.redacted} (401): revoked, expired or never valid`, reversible: false });
  if (self.state !== 'ok') return self;
  const id = self.value.id;
  if (ctx.dryRun) return ok({ action: `dry run: would revoke GitLab token #${id} "${self.value.name}" (DELETE /personal_access_tokens/:id with the operator token in ${operator.variable})`, reversible: false });
  const answer = await gitlabCall(ctx, operator.token, { method: 'DELETE', path: `/personal_access_tokens/${id}`, write: true, idempotent: true });
  if (answer.state !== 'ok') return answer;
  const { status } = answer.value;
  if (status === 204 || status === 200) return ok({ action: `revoked GitLab token #${id} "${self.value.name}" (with the operator token in ${operator.variable})`, reversible: false });
  if (status === 404) return ok({ action: `GitLab token #${id} is already gone (404)`, reversible: false });
  if (status === 401) return refused('operator-rejected', `GitLab does not accept the operator token in ${operator.variable}: nothing was revoked`);
  if (status === 403) return refused('denied', `the operator token in ${operator.variable} may not revoke token #${id} (only its owner or an administrator can; a project or group token: a maintainer in the console); ${consoleHint}`);
  return rejection('GitLab', 'DELETE /personal_access_tokens/:id', answer.value, consoleHint, [cred.secret, operator.token]);
}

export async function revokeAsAdmin(cred: Credential, ctx: ProviderContext, operator: GitlabOperator, consoleHint: string): Promise<Outcome<RevokeResult>> {
  const secrets = [cred.secret, operator.token];
  const adminOnly = `GitLab revokes a ${cred.finding.rule} by value only for an administrator's token (the one in ${operator.variable} is not); ${consoleHint}`;
  const info = await gitlabCall(ctx, operator.token, { method: 'POST', path: '/admin/token', json: { token: cred.secret }, idempotent: true });
  if (info.state !== 'ok') return info;
  if (info.value.status === 401 || info.value.status === 403) return refused('denied', adminOnly);
  if (info.value.status === 404) return ok({ action: `GitLab knows no such ${cred.finding.rule} (404): already revoked or never valid`, reversible: false });
  if (info.value.status !== 200) return refused('rejected', `GitLab answered HTTP ${info.value.status} to POST /admin/token (${errorText(info.value.body).slice(0, 120)}); ${consoleHint}`);
  const body = (info.value.body ?? {}) as Record<string, unknown>;
  const label = [typeof body.name === 'string' ? `"${body.name}"` : null, typeof body.id === 'number' ? `#${body.id}` : null].filter(Boolean).join(' ') || cred.finding.redacted;
  if (ctx.dryRun) return ok({ action: `dry run: would revoke GitLab ${cred.finding.rule} ${label} (DELETE /admin/token with the administrator token in ${operator.variable})`, reversible: false });
  const answer = await gitlabCall(ctx, operator.token, { method: 'DELETE', path: '/admin/token', json: { token: cred.secret }, write: true, idempotent: true });
  if (answer.state !== 'ok') return answer;
  const { status } = answer.value;
  if (status === 204 || status === 200) return ok({ action: `revoked GitLab ${cred.finding.rule} ${label} (administrators' token API, with ${operator.variable})`, reversible: false });
  if (status === 404) return ok({ action: `GitLab ${cred.finding.rule} ${label} is already gone (404)`, reversible: false });
  if (status === 401 || status === 403) return refused('denied', adminOnly);
  return rejection('GitLab', 'DELETE /admin/token', answer.value, consoleHint, secrets);
}
