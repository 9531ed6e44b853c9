import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { revokeWithRow } from '../../../src/providers/revocation/engine.js';
import { FLYIO_ROW } from '../../../src/providers/revocation/rows/flyio.js';
import { LINEAR_ROW } from '../../../src/providers/revocation/rows/linear.js';
import { credentialFor, recordingContext, startLoopback, type EmuRequest, type EmuResponse, type Loopback } from '../../emulators/saas.js';

/**
 * What the table test cannot reach for the rows whose token only revokes itself: GraphQL answers
 * errors with HTTP 200, so Fly.io's logOut and Linear's viewer are read by their error, not their
 * status (an authentication error is a dead token; anything else is a refusal), and Linear's 400 on
 * /oauth/revoke is not read as success.
 */

let loopback: Loopback;
let answer: (req: EmuRequest) => EmuResponse;

beforeAll(async () => {
  loopback = await startLoopback((req) => answer(req));
});
afterAll(() => loopback.close());
beforeEach(() => {
  loopback.calls.length = 0;
});

const ctx = (env: Record<string, string>) => recordingContext({ ...env, SPILLKIT_HTTP_RETRIES: '0' });

describe('Fly.io user token (logOut)', () => {
  const cred = credentialFor('flyio', 'flyio-oauth-token', FLYIO_ROW.sample.secret(randomBytes(4).toString('hex')));
  const run = () => revokeWithRow(FLYIO_ROW, cred, ctx({ FLYIO_API_URL: loopback.url }), { useLeakedCredential: true });

  it('reads an authentication error as a token already gone, another error or ok:false as a refusal', async () => {
    answer = () => ({ status: 200, body: { data: null, errors: [{ message: 'You must be authenticated to view this.', extensions: { code: 'UNAUTHORIZED' } }] } });
    expect(await run()).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('already gone') } });
    answer = () => ({ status: 200, body: { data: null, errors: [{ message: 'Something went wrong' }] } });
    expect(await run()).toMatchObject({ state: 'refused', code: 'rejected', message: expect.stringContaining('Something went wrong') });
    answer = () => ({ status: 200, body: { data: { logOut: { ok: false } } } });
    expect(await run()).toMatchObject({ state: 'refused', code: 'rejected' });
  });

  it('is never offered without --use-leaked-key', async () => {
    answer = () => ({ status: 200, body: { data: { logOut: { ok: true } } } });
    expect(await revokeWithRow(FLYIO_ROW, cred, ctx({ FLYIO_API_URL: loopback.url }), {})).toMatchObject({ state: 'refused', code: 'no-operator-credential', message: expect.stringContaining('--use-leaked-key') });
    expect(loopback.calls).toEqual([]);
  });
});

describe('Linear OAuth token', () => {
  const cred = credentialFor('linear', 'linear-oauth-token', LINEAR_ROW.sample.secret(randomBytes(4).toString('hex')));
  const run = () => revokeWithRow(LINEAR_ROW, cred, ctx({ LINEAR_API_URL: loopback.url }), { useLeakedCredential: true });

  it('reads an authentication error on the viewer as already revoked, without calling revoke', async () => {
    answer = () => ({ status: 400, body: { errors: [{ message: 'Authentication required, not authenticated', extensions: { type: 'authentication error', code: 'AUTHENTICATION_ERROR' } }] } });
    expect(await run()).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('already revoked') } });
    expect(loopback.calls.map((c) => c.path)).toEqual(['/graphql']);
  });

  it('does not read Linear\'s 400 on /oauth/revoke as done', async () => {
    answer = (req) => (req.path === '/graphql'
      ? { status: 200, body: { data: { viewer: { id: 'u1', email: 'dev@example.com', organization: { name: 'Acme', urlKey: 'acme' } } } } }
      : { status: 400, body: { error: 'unable to revoke token' } });
    expect(await run()).toMatchObject({ state: 'refused', code: 'rejected', message: expect.stringContaining('unable to revoke') });
  });
});
