import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { revokeWithRow } from '../../../src/providers/revocation/engine.js';
import { VERCEL_ROW } from '../../../src/providers/revocation/rows/vercel.js';
import { bearer, credentialFor, recordingContext, startLoopback, type EmuRequest, type EmuResponse, type Loopback } from '../../emulators/saas.js';

/**
 * What the table test cannot reach for Vercel: a token of another user (the operator's read by id
 * answers 404) is refused without a write, and a token Vercel no longer knows (403 invalidToken on
 * tokens/current) reads as already revoked.
 */

const operator = `op-${randomBytes(8).toString('hex')}`;
const leaked = VERCEL_ROW.sample.secret(randomBytes(4).toString('hex'));
const cred = credentialFor('vercel', 'vercel-personal-access-token', leaked);

let loopback: Loopback;
let current: EmuResponse;

beforeAll(async () => {
  loopback = await startLoopback((req: EmuRequest): EmuResponse => {
    const who = bearer(req);
    if (req.path === '/v5/user/tokens/current') return who === leaked ? current : { status: 403, body: { error: { code: 'forbidden', invalidToken: true } } };
    if (who !== operator) return { status: 403, body: { error: { code: 'forbidden', invalidToken: true } } };
    if (req.path === '/v2/user') return { status: 200, body: { user: { username: 'ops' } } };
    return { status: 404, body: { error: { code: 'not_found', message: 'Token not found' } } };
  });
});
afterAll(() => loopback.close());
beforeEach(() => {
  loopback.calls.length = 0;
  current = { status: 200, body: { token: { id: 'tok-of-someone-else', name: 'laptop' } } };
});

const ctx = () => recordingContext({ VERCEL_API_URL: loopback.url, VERCEL_TOKEN: operator, SPILLKIT_HTTP_RETRIES: '0' });

describe('Vercel revocation row', () => {
  it('refuses a token the operator\'s user does not own', async () => {
    expect(await revokeWithRow(VERCEL_ROW, cred, ctx(), {})).toMatchObject({ state: 'refused', code: 'not-owner', message: expect.stringContaining('--use-leaked-key') });
    expect(loopback.calls.filter((c) => c.method === 'DELETE')).toEqual([]);
  });

  it('reads a token Vercel rejects as already revoked', async () => {
    current = { status: 403, body: { error: { code: 'forbidden', message: 'Not authorized', invalidToken: true } } };
    expect(await revokeWithRow(VERCEL_ROW, cred, ctx(), {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('already revoked') } });
    expect(loopback.calls.map((c) => c.path)).toEqual(['/v5/user/tokens/current']);
  });
});
