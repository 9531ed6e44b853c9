import { fakeSecret } from '../../src/rules/fake-secret.js';
import { bearer, startLoopback, type EmuRequest, type EmuResponse, type Loopback } from './saas.js';

/**
 * A loopback Slack Web API for `auth.test` and `auth.revoke`, with Slack's habits: HTTP 200 with
 * `{"ok": false, "error": "invalid_auth"}` for a bad token, `not_authed` without one, the granted scopes
 * in the `x-oauth-scopes` header, and HTTP 429 `ratelimited` with Retry-After (scripted through `fail`).
 * Serves under `/api`, so `SLACK_API_URL` is `${url}/api`.
 */

export interface EmulatedSlackToken {
  secret: string;
  user: string;
  userId: string;
  team: string;
  teamId: string;
  botId?: string;
  scopes: string[];
  revoked: boolean;
}

export interface SlackEmulator extends Loopback {
  apiUrl: string;
  tokens: EmulatedSlackToken[];
}

export function slackToken(seed: string, extra: Partial<EmulatedSlackToken> = {}): EmulatedSlackToken {
  return { secret: fakeSecret('slack-bot-token', seed), user: 'deploybot', userId: 'U0EMU1234', team: 'Example Corp', teamId: 'T0EMU5678', botId: 'B0EMU9999', scopes: ['chat:write', 'channels:read'], revoked: false, ...extra };
}

const slackError = (error: string): EmuResponse => ({ status: 200, body: { ok: false, error } });

export async function startSlackEmulator(tokens: EmulatedSlackToken[] = []): Promise<SlackEmulator> {
  const route = (req: EmuRequest): EmuResponse => {
    if (req.method !== 'POST' && req.method !== 'GET') return { status: 405, body: 'method not allowed' };
    const method = req.path.replace(/^\/api\//, '');
    if (method !== 'auth.test' && method !== 'auth.revoke') return { status: 404, body: { ok: false, error: 'unknown_method' } };
    const presented = bearer(req);
    if (!presented) return slackError('not_authed');
    const token = tokens.find((t) => t.secret === presented);
    if (!token) return slackError('invalid_auth');
    if (token.revoked) return slackError('token_revoked');
    const headers = { 'x-oauth-scopes': token.scopes.join(','), 'x-accepted-oauth-scopes': '' };
    if (method === 'auth.revoke') {
      token.revoked = true;
      return { status: 200, headers, body: { ok: true, revoked: true } };
    }
    return {
      status: 200, headers,
      body: { ok: true, url: `https://${token.team.toLowerCase().replace(/\W+/g, '')}.slack.com/`, team: token.team, user: token.user, team_id: token.teamId, user_id: token.userId, ...(token.botId ? { bot_id: token.botId } : {}), is_enterprise_install: false },
    };
  };
  const loopback = await startLoopback(route);
  return { ...loopback, apiUrl: `${loopback.url}/api`, tokens };
}
