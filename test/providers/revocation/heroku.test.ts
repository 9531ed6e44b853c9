import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { revokeWithRow } from '../../../src/providers/revocation/engine.js';
import { HEROKU_ROW } from '../../../src/providers/revocation/rows/heroku.js';
import { bearer, credentialFor, recordingContext, startLoopback, type EmuRequest, type EmuResponse, type Loopback } from '../../emulators/saas.js';

/**
 * What the table test cannot reach for Heroku: the authorization is found by the token its list shows,
 * across pages; a list that hides tokens, a key of another user and a dead key are refused or read as
 * gone without a write; the account's API Key is regenerated, not deleted.
 */

const operator = `op-${randomBytes(8).toString('hex')}`;
const leaked = HEROKU_ROW.sample.secret(randomBytes(4).toString('hex'));
const cred = credentialFor('heroku', 'heroku-api-key', leaked);
const user = { id: 'u1', email: 'ops@example.com' };
const entry = (id: string, token: string | null): unknown => ({ id, description: `auth ${id}`, access_token: { id: `t-${id}`, token, expires_in: null }, user });

let loopback: Loopback;
let pages: unknown[][] = [];
let leakedAccount: EmuResponse = { status: 200, body: { email: 'someone-else@example.com' } };
let defaultId = 'auth-api-key';
const ranges: string[] = [];

beforeAll(async () => {
  loopback = await startLoopback((req: EmuRequest): EmuResponse => {
    const who = bearer(req);
    if (req.method === 'GET' && req.path === '/account') return who === leaked ? leakedAccount : { status: 200, body: user };
    if (who !== operator) return { status: 401, body: { id: 'unauthorized', message: 'Invalid credentials provided.' } };
    if (req.method === 'GET' && req.path === '/oauth/authorizations') {
      const range = String(req.headers.range ?? '');
      ranges.push(range);
      const index = range.startsWith('page-') ? Number(range.slice(5)) : 0;
      const more = index + 1 < pages.length;
      return { status: more ? 206 : 200, body: pages[index] ?? [], headers: more ? { 'next-range': `page-${index + 1}` } : {} };
    }
    if (req.method === 'GET' && req.path === '/oauth/authorizations/~') return { status: 200, body: { id: defaultId, user } };
    if (req.method === 'DELETE' && req.path.startsWith('/oauth/authorizations/')) return { status: 200, body: { id: req.path.split('/').pop() } };
    if (req.method === 'POST' && req.path.endsWith('/actions/regenerate-tokens')) return { status: 200, body: { id: req.path.split('/')[3], access_token: { token: 'fresh' } } };
    return { status: 404, body: { id: 'not_found' } };
  });
});
afterAll(() => loopback.close());
beforeEach(() => {
  loopback.calls.length = 0;
  ranges.length = 0;
  leakedAccount = { status: 200, body: { email: 'someone-else@example.com' } };
  defaultId = 'auth-api-key';
});

const ctx = () => recordingContext({ HEROKU_API_URL: loopback.url, HEROKU_API_KEY: operator, SPILLKIT_HTTP_RETRIES: '0' });
const writes = (): string[] => loopback.calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path}`);

describe('Heroku revocation row', () => {
  it('follows Next-Range to the page that shows the token, then deletes that authorization', async () => {
    pages = [[entry('auth-a', 'HRKU-AA-other')], [entry('auth-b', leaked)]];
    const result = await revokeWithRow(HEROKU_ROW, cred, ctx(), {});
    expect(result, JSON.stringify(result)).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('authorization auth-b') } });
    expect(ranges).toEqual(['id ..; max=1000', 'page-1']);
    expect(writes()).toEqual(['DELETE /oauth/authorizations/auth-b']);
  });

  it('regenerates the account API Key instead of deleting the default authorization', async () => {
    pages = [[entry('auth-api-key', leaked)]];
    const result = await revokeWithRow(HEROKU_ROW, cred, ctx(), {});
    expect(result).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('API Key') } });
    expect(writes()).toEqual(['POST /oauth/authorizations/auth-api-key/actions/regenerate-tokens']);
  });

  it('refuses when some authorizations hide their token, so the key cannot be told', async () => {
    pages = [[entry('auth-a', null), entry('auth-b', 'HRKU-AA-other')]];
    expect(await revokeWithRow(HEROKU_ROW, cred, ctx(), {})).toMatchObject({ state: 'refused', code: 'ambiguous', message: expect.stringContaining('heroku authorizations:revoke') });
    expect(writes()).toEqual([]);
  });

  it('refuses another user\'s key, naming that user, and reads a dead key as already revoked', async () => {
    pages = [[entry('auth-a', 'HRKU-AA-other')]];
    expect(await revokeWithRow(HEROKU_ROW, cred, ctx(), {})).toMatchObject({ state: 'refused', code: 'not-owner', message: expect.stringContaining('someone-else@example.com') });
    leakedAccount = { status: 401, body: { id: 'unauthorized', message: 'Invalid credentials provided.' } };
    expect(await revokeWithRow(HEROKU_ROW, cred, ctx(), {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('already revoked') } });
    expect(writes()).toEqual([]);
  });
});
