import { afterEach, describe, expect, it } from 'vitest';
import { revokeWithRow } from '../../../src/providers/revocation/engine.js';
import { ANTHROPIC_ROW } from '../../../src/providers/revocation/rows/anthropic.js';
import type { EmuRequest, EmuResponse } from '../../emulators/saas.js';
import { json, leaked, otherTail, rowHarness, type Harness } from './row-harness.js';

/**
 * What the table test cannot script for Anthropic: the key on a later page (`after_id`), two keys with
 * the leaked key's hint, a key the Admin API already lists as inactive, no matching key (dead, or
 * another organization's), and the exact update sent (status inactive, the admin key, the version).
 */

let harness: Harness | undefined;
afterEach(async () => harness?.close());

const hint = (secret: string, tail = secret.slice(-4)): string => `${secret.slice(0, 16)}...${tail}`;
const key = (id: string, partial: string, status = 'active') => ({ id, type: 'api_key', name: id, partial_key_hint: partial, status, workspace_id: null, created_by: { id: 'user_9', type: 'user' } });

function organization(pages: unknown[][], opts: { modelsStatus?: number } = {}) {
  return (req: EmuRequest): EmuResponse => {
    if (req.headers['anthropic-version'] !== '2023-06-01') return { status: 400, body: { type: 'error', error: { message: 'anthropic-version: header is required' } } };
    if (req.path === '/v1/models') return { status: opts.modelsStatus ?? 200, body: { data: [] } };
    if (req.path === '/v1/organizations/api_keys') {
      const page = Number(req.query.get('after_id')?.replace('page', '') ?? 0);
      return { status: 200, body: { data: pages[page], has_more: page + 1 < pages.length, last_id: `page${page + 1}` } };
    }
    if (req.path === '/v1/organizations/users/user_9') return { status: 200, body: { id: 'user_9', email: 'ml@example.com' } };
    if (req.method === 'POST') return { status: 200, body: { id: 'x', status: 'inactive' } };
    return { status: 404, body: { type: 'error', error: { message: 'not found' } } };
  };
}

describe('Anthropic revocation row', () => {
  it('pages through the keys, then sets the matching one inactive with the admin key', async () => {
    const cred = leaked(ANTHROPIC_ROW);
    harness = await rowHarness(ANTHROPIC_ROW, organization([[key('apikey_a', hint(cred.secret, otherTail(cred.secret)))], [key('apikey_b', hint(cred.secret))]]));
    const result = await revokeWithRow(ANTHROPIC_ROW, cred, harness.ctx(), {});
    expect(result, JSON.stringify(result)).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('ml@example.com @ default workspace'), reversible: true } });
    const update = harness.seen.find((r) => r.method === 'POST')!;
    expect(update.path).toBe('/v1/organizations/api_keys/apikey_b');
    expect(json(update)).toEqual({ status: 'inactive' });
    expect(update.headers['x-api-key']).toBe(harness.operator);
  });

  it('refuses two keys with the same hint, and changes nothing', async () => {
    const cred = leaked(ANTHROPIC_ROW);
    harness = await rowHarness(ANTHROPIC_ROW, organization([[key('apikey_a', hint(cred.secret)), key('apikey_b', hint(cred.secret))]]));
    expect(await revokeWithRow(ANTHROPIC_ROW, cred, harness.ctx(), {})).toMatchObject({ state: 'refused', code: 'ambiguous' });
    expect(harness.seen.some((r) => r.method === 'POST')).toBe(false);
  });

  it('reports a key already listed inactive as contained, without touching it', async () => {
    const cred = leaked(ANTHROPIC_ROW);
    harness = await rowHarness(ANTHROPIC_ROW, organization([[key('apikey_a', hint(cred.secret), 'inactive')]]));
    expect(await revokeWithRow(ANTHROPIC_ROW, cred, harness.ctx(), {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('lists it as inactive') } });
    expect(harness.seen.some((r) => r.method === 'POST')).toBe(false);
  });

  it('with no matching key, asks the key itself: dead is contained, live is another organization\'s', async () => {
    const cred = leaked(ANTHROPIC_ROW);
    harness = await rowHarness(ANTHROPIC_ROW, organization([[]], { modelsStatus: 401 }));
    expect(await revokeWithRow(ANTHROPIC_ROW, cred, harness.ctx(), {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('already revoked') } });
    expect(harness.seen.find((r) => r.path === '/v1/models')?.headers['x-api-key']).toBe(cred.secret);
    await harness.close();
    harness = await rowHarness(ANTHROPIC_ROW, organization([[]]));
    expect(await revokeWithRow(ANTHROPIC_ROW, cred, harness.ctx(), {})).toMatchObject({ state: 'refused', code: 'ambiguous', message: expect.stringContaining('another organization') });
  });
});
