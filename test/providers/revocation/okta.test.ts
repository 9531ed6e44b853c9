import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { revokeWithRow } from '../../../src/providers/revocation/engine.js';
import { nextCursor, OKTA_ROW } from '../../../src/providers/revocation/rows/okta.js';
import { expandTemplate } from '../../../src/rules/fake-secret.js';
import { credentialFor, recordingContext, type EmuRequest } from '../../emulators/saas.js';
import { startRowEmulator, type RowEmulator } from './harness.js';

/**
 * What the table test cannot reach for Okta: a user with several API tokens (Okta's metadata cannot
 * tell which leaked, so the operator path refuses and the self path is the way), the token list read
 * page by page through its Link header, a token Okta already rejects, and OKTA_ORG_URL required.
 */

let okta: RowEmulator;
let leaked: string;
let operator: string;
beforeAll(async () => {
  okta = await startRowEmulator();
});
afterAll(() => okta.loopback.close());
beforeEach(() => {
  okta.requests.length = 0;
  leaked = expandTemplate('00$[a-zA-Z0-9_-:40]', randomBytes(6).toString('hex'));
  operator = expandTemplate('00$[a-zA-Z0-9_-:40]', randomBytes(6).toString('hex'));
});

const env = (): Record<string, string> => ({ OKTA_ORG_URL: okta.loopback.url, OKTA_API_TOKEN: operator, SPILLKIT_HTTP_RETRIES: '0' });
const as = (req: EmuRequest): string => String(req.headers.authorization ?? '');
const me = { status: 200, body: { id: '00ubot', profile: { login: 'ci-bot@example.com' } } };

describe('Okta revocation', () => {
  it('refuses when the token\'s user holds several API tokens, and revokes exactly the leaked one through api-tokens/current when chosen', async () => {
    okta.answer = (req) => {
      if (req.path === '/api/v1/users/me') return me;
      if (req.path === '/api/v1/api-tokens') return { status: 200, body: [{ id: '00Tone', name: 'a', userId: '00ubot' }, { id: '00Ttwo', name: 'b', userId: '00ubot' }] };
      if (req.method === 'DELETE' && req.path === '/api/v1/api-tokens/current') return { status: 204 };
      return { status: 404, body: {} };
    };
    const cred = credentialFor('okta', 'okta-api-token', leaked);
    const refusedResult = await revokeWithRow(OKTA_ROW, cred, recordingContext(env()), {});
    expect(refusedResult).toMatchObject({ state: 'refused', code: 'ambiguous', message: expect.stringContaining('ci-bot@example.com has 2 API tokens') });
    expect(refusedResult.state === 'refused' && refusedResult.message).toContain('--use-leaked-key');
    expect(okta.writes()).toHaveLength(0);

    const ctx = recordingContext({ OKTA_ORG_URL: okta.loopback.url, SPILLKIT_HTTP_RETRIES: '0' });
    expect(await revokeWithRow(OKTA_ROW, cred, ctx, { useLeakedCredential: true })).toMatchObject({ state: 'ok' });
    expect(okta.writes().map((r) => `${r.method} ${r.path} ${as(r)}`)).toEqual([`DELETE /api/v1/api-tokens/current SSWS ${leaked}`]);
  });

  it('reads the token list page by page and deletes the one token of that user with the operator\'s token', async () => {
    okta.answer = (req) => {
      if (req.path === '/api/v1/users/me') return as(req) === `SSWS ${leaked}` ? me : { status: 401, body: {} };
      if (req.path === '/api/v1/api-tokens' && !req.query.get('after')) {
        return { status: 200, body: [{ id: '00Tother', userId: '00uelse' }], headers: { link: `<${okta.loopback.url}/api/v1/api-tokens?limit=200>; rel="self", <${okta.loopback.url}/api/v1/api-tokens?after=00Tother&limit=200>; rel="next"` } };
      }
      if (req.path === '/api/v1/api-tokens') return { status: 200, body: [{ id: '00Tbot', name: 'ci', userId: '00ubot' }] };
      if (req.method === 'DELETE' && req.path === '/api/v1/api-tokens/00Tbot') return { status: 204 };
      return { status: 404, body: {} };
    };
    expect(await revokeWithRow(OKTA_ROW, credentialFor('okta', 'okta-api-token', leaked), recordingContext(env()), { expectOwner: 'ci-bot@example.com' })).toMatchObject({ state: 'ok' });
    expect(okta.requests.filter((r) => r.path === '/api/v1/api-tokens').map((r) => r.query.get('after'))).toEqual([null, '00Tother']);
    expect(okta.writes().map((r) => `${r.method} ${r.path} ${as(r)}`)).toEqual([`DELETE /api/v1/api-tokens/00Tbot SSWS ${operator}`]);
  });

  it('takes a token Okta rejects as already revoked, and needs OKTA_ORG_URL', async () => {
    okta.answer = () => ({ status: 401, body: { errorCode: 'E0000011', errorSummary: 'Invalid token provided' } });
    expect(await revokeWithRow(OKTA_ROW, credentialFor('okta', 'okta-api-token', leaked), recordingContext(env()), {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('already revoked or expired') } });
    expect(okta.writes()).toHaveLength(0);
    expect(await revokeWithRow(OKTA_ROW, credentialFor('okta', 'okta-api-token', leaked), recordingContext({ OKTA_API_TOKEN: operator }), {})).toMatchObject({ state: 'refused', code: 'no-base', message: expect.stringContaining('OKTA_ORG_URL') });
  });

  it('reads the next page cursor from a Link header', () => {
    expect(nextCursor('<https://acme.okta.com/api/v1/api-tokens?limit=20>; rel="self", <https://acme.okta.com/api/v1/api-tokens?after=00T9&limit=20>; rel="next"')).toBe('00T9');
    expect(nextCursor('<https://acme.okta.com/api/v1/api-tokens?limit=20>; rel="self"')).toBeNull();
    expect(nextCursor(null)).toBeNull();
  });
});
