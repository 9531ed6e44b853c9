/**
 * The Slack Web API calls the adapter and its analyzer make, authenticated by the leaked token, read
 * in Slack's way: HTTP 200 with `{"ok": false, "error": ...}` for most failures.
 */
import { ok, refused, unknown, type Credential, type Outcome, type ProviderContext } from '../contract.js';
import { apiBase, callJson, rejection } from '../http.js';

export const DEFAULT_SLACK_API = 'https://slack.com/api';

/** Errors that mean the token itself is dead (as opposed to "could not tell"). */
export const DEAD_TOKEN_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'org_login_required']);

export interface SlackAnswer {
  ok: boolean;
  error?: string;
  [field: string]: unknown;
}

/** Tokens `auth.test` accepts: bot, user, workspace and legacy tokens; not webhooks or refresh tokens. */
export function hasTokenApi(cred: Credential): boolean {
  return /^xox[abpos]-/.test(cred.secret) || /^xoxe\.xox[bp]-/.test(cred.secret);
}

export async function slackMethod(ctx: ProviderContext, cred: Credential, method: string, write: boolean): Promise<Outcome<{ answer: SlackAnswer; scopes: string[]; scopesReported: boolean }>> {
  const call = `POST ${method}`;
  const result = await callJson(ctx, {
    provider: 'slack', call, method: 'POST', url: `${apiBase(ctx.env, 'SLACK_API_URL', DEFAULT_SLACK_API)}/${method}`,
    headers: { authorization: `Bearer ${cred.secret}` }, form: {}, write, idempotent: true, secrets: [cred.secret],
  });
  if (result.state !== 'ok') return result;
  const { status, body, headers } = result.value;
  if (status !== 200) return rejection('Slack', call, result.value, '', [cred.secret]);
  if (body === null || typeof body !== 'object' || typeof (body as SlackAnswer).ok !== 'boolean') {
    return unknown('unexpected-answer', `Slack ${method} answered without an "ok" field`);
  }
  const scopes = (headers.get('x-oauth-scopes') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return ok({ answer: body as SlackAnswer, scopes, scopesReported: headers.has('x-oauth-scopes') });
}

/** `{"ok": false}` read the contract's way: a dead token is refused, any other error could not tell. */
export function slackError<T>(method: string, error: string | undefined): Outcome<T> {
  if (error && DEAD_TOKEN_ERRORS.has(error)) return refused('invalid-credential', `Slack ${method}: ${error} (revoked, expired or never valid)`);
  if (error === 'missing_scope' || error === 'not_allowed_token_type') return refused('forbidden', `Slack ${method}: ${error}`);
  return unknown('slack-error', `Slack ${method}: ${error ?? 'unknown error'}`);
}

export const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
