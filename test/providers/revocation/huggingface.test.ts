import { afterEach, describe, expect, it } from 'vitest';
import { revokeWithRow } from '../../../src/providers/revocation/engine.js';
import { HUGGINGFACE_ROW } from '../../../src/providers/revocation/rows/huggingface.js';
import type { EmuRequest, EmuResponse } from '../../emulators/saas.js';
import { json, leaked, rowHarness, type Harness } from './row-harness.js';

/**
 * What the table test cannot see for Hugging Face: the leaked-token endpoint takes the raw token in its
 * body and no Authorization header, the engine offers it only when the user chose the leaked key, and a
 * token Hugging Face already refuses is reported contained without calling the endpoint.
 */

let harness: Harness | undefined;
afterEach(async () => harness?.close());

function hub(live: string | null) {
  return (req: EmuRequest): EmuResponse => {
    if (req.path === '/api/whoami-v2') {
      return req.headers.authorization === `Bearer ${live}` ? { status: 200, body: { type: 'user', name: 'alice', auth: { accessToken: { displayName: 'notebook', role: 'read' } } } } : { status: 401, body: { error: 'Invalid credentials in Authorization header' } };
    }
    if (req.method === 'POST' && req.path === '/api/credentials/revoke') return { status: 202 };
    return { status: 404, body: { error: 'not found' } };
  };
}

describe('Hugging Face revocation row', () => {
  it('sends the raw token in the body of the unauthenticated revoke call, only when the leaked key was chosen', async () => {
    const cred = leaked(HUGGINGFACE_ROW);
    harness = await rowHarness(HUGGINGFACE_ROW, hub(cred.secret));
    expect(await revokeWithRow(HUGGINGFACE_ROW, cred, harness.ctx(), {})).toMatchObject({ state: 'refused', code: 'no-operator-credential', message: expect.stringContaining('--use-leaked-key') });
    expect(harness.seen).toHaveLength(0);

    const ctx = harness.ctx();
    const result = await revokeWithRow(HUGGINGFACE_ROW, cred, ctx, { useLeakedCredential: true });
    expect(result, JSON.stringify(result)).toMatchObject({ state: 'ok', value: { action: expect.stringMatching(/"notebook" \(read\) of alice — done \(HTTP 202\), with the leaked key itself/) } });
    const revoke = harness.seen.find((r) => r.path === '/api/credentials/revoke')!;
    expect(json(revoke)).toEqual({ credentials: [cred.secret] });
    expect(revoke.headers.authorization).toBeUndefined();
    expect(JSON.stringify(ctx.records)).not.toContain(cred.secret);
  });

  it('reports a token Hugging Face already refuses as contained, without calling the revoke endpoint', async () => {
    const cred = leaked(HUGGINGFACE_ROW);
    harness = await rowHarness(HUGGINGFACE_ROW, hub(null));
    expect(await revokeWithRow(HUGGINGFACE_ROW, cred, harness.ctx(), { useLeakedCredential: true })).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('already revoked') } });
    expect(harness.seen.some((r) => r.path === '/api/credentials/revoke')).toBe(false);
  });
});
