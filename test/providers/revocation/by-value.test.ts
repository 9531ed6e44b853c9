import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeWithRow } from '../../../src/providers/revocation/engine.js';
import { DOPPLER_ROW } from '../../../src/providers/revocation/rows/doppler.js';
import { GOOGLE_OAUTH_ROW } from '../../../src/providers/revocation/rows/google-oauth.js';
import { credentialFor, recordingContext, startLoopback, type EmuRequest, type Loopback } from '../../emulators/saas.js';

/**
 * Providers that revoke a token by its value take it in the body: it must be there, and nowhere a log
 * or proxy keeps (the URL), and Google's endpoint gets no credential at all.
 */
let loopback: Loopback;
const seen: EmuRequest[] = [];

beforeAll(async () => {
  loopback = await startLoopback((req) => {
    seen.push(req);
    if (req.path === '/tokeninfo') return { status: 200, body: { azp: 'c', email: 'ops@example.com', scope: 'email' } };
    if (req.path === '/revoke') return new URLSearchParams(req.body).get('token')?.startsWith('ya29.') ? { status: 200, body: {} } : { status: 400, body: { error: 'invalid_token' } };
    if (req.path === '/v3/me') return { status: 200, body: { name: 'ci', slug: 's', type: 'personal', workplace: { name: 'acme' } } };
    if (req.path === '/v3/auth/revoke') return { status: 200, body: { success: true } };
    return { status: 404, body: {} };
  });
});
afterAll(() => loopback.close());

describe('revocation by value', () => {
  it('Google: the token goes in the form body, unauthenticated, never in the URL', async () => {
    seen.length = 0;
    const secret = `ya29.a0${randomBytes(40).toString('base64url')}`;
    const result = await revokeWithRow(GOOGLE_OAUTH_ROW, credentialFor('google', 'google-oauth-access-token', secret), recordingContext({ GOOGLE_OAUTH_API_URL: loopback.url }), {});
    expect(result).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('ops@example.com') } });
    const revoke = seen.find((r) => r.path === '/revoke')!;
    expect(new URLSearchParams(revoke.body).get('token')).toBe(secret);
    for (const r of seen) {
      expect(r.headers.authorization).toBeUndefined();
      expect(r.query.toString()).not.toContain(secret.slice(5, 20));
    }
  });

  it('Google: a token it no longer knows reads as already gone', async () => {
    const secret = `1//0${randomBytes(40).toString('base64url')}`;
    const result = await revokeWithRow(GOOGLE_OAUTH_ROW, credentialFor('google', 'google-oauth-refresh-token', secret), recordingContext({ GOOGLE_OAUTH_API_URL: loopback.url }), {});
    expect(result).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('already gone') } });
  });

  it('Doppler: the token goes in the JSON body, the operator token signs the call', async () => {
    seen.length = 0;
    const secret = `dp.pt.${randomBytes(30).toString('base64url').replace(/[-_]/g, 'x').slice(0, 43)}`;
    const operator = `dp.pt.${randomBytes(30).toString('hex').slice(0, 43)}`;
    const result = await revokeWithRow(DOPPLER_ROW, credentialFor('doppler', 'doppler-api-token', secret), recordingContext({ DOPPLER_API_URL: loopback.url, DOPPLER_TOKEN: operator }), {});
    expect(result).toMatchObject({ state: 'ok' });
    const revoke = seen.find((r) => r.path === '/v3/auth/revoke')!;
    expect(JSON.parse(revoke.body)).toEqual({ token: secret });
    expect(revoke.headers.authorization).toBe(`Bearer ${operator}`);
  });
});
