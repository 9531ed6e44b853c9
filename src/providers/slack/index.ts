/**
 * Slack: a token identifies and verifies itself with `auth.test` and revokes itself with `auth.revoke`.
 * Slack answers HTTP 200 for most failures and puts the verdict in `{"ok": false, "error": ...}`, so
 * both the status and the body decide. Webhook URLs, refresh tokens and configuration tokens have no
 * such call: they get the console step for their kind. Slack has no rotation API for a bot or user
 * token (reinstalling the app issues a new one), hence no `rotate`.
 */
import { ok, refused, unknown, type Credential, type Outcome, type ProviderAdapter, type ProviderContext } from '../contract.js';
import { consoleEntryFor, manualStepFor } from '../consoles.js';
import { apiBase, callJson, rejection } from '../http.js';

export const DEFAULT_SLACK_API = 'https://slack.com/api';

/** Errors that mean the token itself is dead (as opposed to "could not tell"). */
const DEAD_TOKEN_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'org_login_required']);

interface SlackAnswer {
  ok: boolean;
  error?: string;
  [field: string]: unknown;
}

/** Tokens `auth.test` accepts: bot, user, workspace and legacy tokens; not webhooks or refresh tokens. */
export function hasTokenApi(cred: Credential): boolean {
  return /^xox[abpos]-/.test(cred.secret) || /^xoxe\.xox[bp]-/.test(cred.secret);
}

async function slackMethod(ctx: ProviderContext, cred: Credential, method: string, write: boolean): Promise<Outcome<{ answer: SlackAnswer; scopes: string[] }>> {
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
  return ok({ answer: body as SlackAnswer, scopes });
}

/** `{"ok": false}` read the contract's way: a dead token is refused, any other error could not tell. */
function slackError<T>(method: string, error: string | undefined): Outcome<T> {
  if (error && DEAD_TOKEN_ERRORS.has(error)) return refused('invalid-credential', `Slack ${method}: ${error} (revoked, expired or never valid)`);
  if (error === 'missing_scope' || error === 'not_allowed_token_type') return refused('forbidden', `Slack ${method}: ${error}`);
  return unknown('slack-error', `Slack ${method}: ${error ?? 'unknown error'}`);
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export function createSlackAdapter(): ProviderAdapter {
  const entry = consoleEntryFor('slack');
  const noApi = <T>(cred: Credential, refuse = false): Outcome<T> => {
    const message = `Slack has no API for a ${cred.finding.rule} credential: see the manual steps`;
    return refuse ? refused('manual', message) : unknown('manual', message);
  };

  return {
    id: 'slack',
    title: 'Slack',
    async identify(cred, ctx) {
      if (!hasTokenApi(cred)) return noApi(cred);
      const result = await slackMethod(ctx, cred, 'auth.test', false);
      if (result.state !== 'ok') return result;
      const { answer, scopes } = result.value;
      if (!answer.ok) return slackError('auth.test', answer.error);
      const user = text(answer.user);
      const team = text(answer.team);
      const details: Record<string, string> = {};
      for (const field of ['url', 'team_id', 'user_id', 'bot_id', 'enterprise_id']) {
        const value = text(answer[field]);
        if (value) details[field] = value;
      }
      return ok({ owner: user && team ? `${user} @ ${team}` : (user ?? team), account: text(answer.team_id) ?? team, scopes, keyId: cred.finding.redacted, details });
    },
    async verify(cred, ctx) {
      if (!hasTokenApi(cred)) return noApi(cred);
      const result = await slackMethod(ctx, cred, 'auth.test', false);
      if (result.state !== 'ok') return result;
      const { answer } = result.value;
      if (answer.ok) return ok({ live: true, detail: `auth.test ok for ${text(answer.user) ?? 'the token'} in ${text(answer.team) ?? 'its workspace'}` });
      if (answer.error && DEAD_TOKEN_ERRORS.has(answer.error)) return ok({ live: false, detail: `auth.test: ${answer.error}` });
      return slackError('auth.test', answer.error);
    },
    async evidence(cred) {
      const where = hasTokenApi(cred) ? 'the workspace access logs (admins: Settings → Access logs)' : 'the app\'s page';
      return unknown('no-api', `Slack reports no last use for a token: check ${where}`);
    },
    async revoke(cred, ctx) {
      if (!hasTokenApi(cred)) return noApi(cred, true);
      if (ctx.dryRun) return ok({ action: `dry run: would revoke Slack token ${cred.finding.redacted} (auth.revoke)`, reversible: false });
      const result = await slackMethod(ctx, cred, 'auth.revoke', true);
      if (result.state !== 'ok') return result;
      const { answer } = result.value;
      if (answer.ok && answer.revoked === true) return ok({ action: `revoked Slack token ${cred.finding.redacted} (auth.revoke)`, reversible: false });
      if (answer.ok) return unknown('unexpected-answer', 'Slack auth.revoke answered ok without "revoked": check the app at https://api.slack.com/apps');
      return slackError('auth.revoke', answer.error);
    },
    // auth.revoke does it all for a token; webhooks and configuration tokens are removed in the console.
    manualSteps: (cred) => (hasTokenApi(cred) ? [] : [manualStepFor(entry, cred)]),
  };
}
