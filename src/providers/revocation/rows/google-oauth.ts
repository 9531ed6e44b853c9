/**
 * Google OAuth tokens: Google's revocation endpoint takes an access or refresh token by value with no
 * authentication (as GitHub's does), revokes it and every token of the same grant. An access token
 * names its account and scopes first (`tokeninfo`, the token in the body, never the URL); a refresh
 * token cannot be looked up, so only its revocation is sent. 400 `invalid_token` means already dead.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok } from '../../contract.js';
import type { RevocationRow } from '../row.js';
import { alreadyInvalid, denialOf } from './shared.js';

export const GOOGLE_OAUTH_ROW: RevocationRow = {
  provider: 'google',
  title: 'Google OAuth',
  rules: ['google-oauth-access-token', 'google-oauth-refresh-token'],
  base: 'https://oauth2.googleapis.com',
  envVar: 'GOOGLE_OAUTH_API_URL',
  unauthenticated: true,
  reversible: false,
  effect: 'revoke the OAuth grant (the token and the tokens issued with it)',
  async locate(call, cred) {
    if (!cred.secret.startsWith('ya29.')) return ok({ id: 'refresh', label: 'refresh token (Google does not say whose before revoking it)', owner: null, account: null });
    const info = await call({ method: 'POST', path: '/tokeninfo', label: 'POST /tokeninfo', leakedIn: { form: 'access_token' }, idempotent: true });
    if (info.state !== 'ok') return info;
    if (info.value.status === 400 || info.value.status === 401) return alreadyInvalid('Google', `tokeninfo answered ${info.value.status}`);
    if (info.value.status !== 200) return denialOf('Google', 'POST /tokeninfo', info.value);
    const scopes = (field(info.value.body, 'scope') ?? '').split(' ').filter(Boolean).length;
    return ok({ id: field(info.value.body, 'azp') ?? 'grant', label: `access token (${scopes} scope(s), client ${field(info.value.body, 'azp') ?? 'unknown'})`, owner: field(info.value.body, 'email'), account: null });
  },
  async revoke(call) {
    const answer = await call({ method: 'POST', path: '/revoke', label: 'POST /revoke', leakedIn: { form: 'token' }, write: true, idempotent: true });
    // An unknown or already revoked token: 400 invalid_token, read as gone.
    if (answer.state === 'ok' && answer.value.status === 400 && field(answer.value.body, 'error') === 'invalid_token') return ok({ ...answer.value, status: 410 });
    return answer;
  },
  sample: {
    secret: (seed) => expandTemplate('ya29.a0$[a-zA-Z0-9_-:150]', seed),
    routes: () => [
      { method: 'POST', path: '/tokeninfo', auth: 'none', body: { azp: 'emu-client.apps.googleusercontent.com', email: 'ops@example.com', scope: 'openid email https://www.googleapis.com/auth/drive' } },
      { method: 'POST', path: '/revoke', auth: 'none', revokes: true, body: {} },
    ],
  },
};
