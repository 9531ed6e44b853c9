import { afterEach, describe, expect, it } from 'vitest';
import { revokeWithRow, rotateWithRow } from '../../../src/providers/revocation/engine.js';
import { DATADOG_ROW } from '../../../src/providers/revocation/rows/datadog.js';
import type { EmuRequest, EmuResponse } from '../../emulators/saas.js';
import { leaked, rowHarness, type Harness } from './row-harness.js';

/**
 * What the table test cannot script for Datadog: the operator's pair in its two headers, keys sharing
 * the leaked key's last four characters (told apart where Datadog shows the full key, refused where
 * it does not), a later page of the listing, application keys (their own endpoints, no rotation), and
 * no match at all (a dead API key, or another organization's).
 */

let harness: Harness | undefined;
afterEach(async () => harness?.close());

interface Key {
  id: string;
  last4: string;
  /** The full key, where this organization shows it. */
  key?: string;
}

function organization(kind: 'api_keys' | 'application_keys', keys: Key[], opts: { validateStatus?: number } = {}) {
  return (req: EmuRequest): EmuResponse => {
    if (req.path === '/api/v1/validate') return { status: opts.validateStatus ?? 200, body: opts.validateStatus === 403 ? { errors: ['Forbidden'] } : { valid: true } };
    if (req.method === 'GET' && req.path === `/api/v2/${kind}`) {
      const size = Number(req.query.get('page[size]') ?? 10);
      const page = Number(req.query.get('page[number]') ?? 0);
      const data = keys.slice(page * size, (page + 1) * size).map((k) => ({ id: k.id, type: kind, attributes: { name: k.id, last4: k.last4 } }));
      return { status: 200, body: { data, meta: { page: { total_filtered_count: keys.length } } } };
    }
    const one = new RegExp(`^/api/v2/${kind}/([^/]+)$`).exec(req.path);
    const found = keys.find((k) => k.id === one?.[1]);
    if (req.method === 'GET' && found) return { status: 200, body: { data: { id: found.id, type: kind, attributes: { name: found.id, last4: found.last4, ...(found.key ? { key: found.key } : {}) } } } };
    if (req.method === 'DELETE' && found) return { status: 204 };
    return { status: 404, body: { errors: ['Not found'] } };
  };
}

describe('Datadog revocation row', () => {
  it('sends the operator pair in DD-APPLICATION-KEY and DD-API-KEY, and picks the key Datadog shows in full', async () => {
    const cred = leaked(DATADOG_ROW);
    const last4 = cred.secret.slice(-4);
    harness = await rowHarness(DATADOG_ROW, organization('api_keys', [{ id: 'k-other', last4, key: `${'0'.repeat(28)}${last4}` }, { id: 'k-leaked', last4, key: cred.secret }]));
    const result = await revokeWithRow(DATADOG_ROW, cred, harness.ctx(), {});
    expect(result, JSON.stringify(result)).toMatchObject({ state: 'ok' });
    expect(harness.seen.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/api/v2/api_keys/k-leaked']);
    for (const req of harness.seen) {
      expect(req.headers['dd-application-key']).toBe(harness.operator);
      expect(req.headers['dd-api-key']).toBe(harness.operatorUser);
    }
  });

  it('refuses two keys with the same last four characters when Datadog does not show them in full', async () => {
    const cred = leaked(DATADOG_ROW);
    const last4 = cred.secret.slice(-4);
    harness = await rowHarness(DATADOG_ROW, organization('api_keys', [{ id: 'k1', last4 }, { id: 'k2', last4 }]));
    expect(await revokeWithRow(DATADOG_ROW, cred, harness.ctx(), {})).toMatchObject({ state: 'refused', code: 'ambiguous', message: expect.stringMatching(/^2 Datadog API keys/) });
    expect(harness.seen.some((r) => r.method === 'DELETE')).toBe(false);
  });

  it('reads the listing page by page until a short page', async () => {
    const cred = leaked(DATADOG_ROW);
    const keys: Key[] = Array.from({ length: 130 }, (_, i) => ({ id: `k${i}`, last4: `x${String(i).padStart(3, '0')}` }));
    keys[117] = { id: 'k-leaked', last4: cred.secret.slice(-4) };
    harness = await rowHarness(DATADOG_ROW, organization('api_keys', keys));
    expect(await revokeWithRow(DATADOG_ROW, cred, harness.ctx(), {})).toMatchObject({ state: 'ok' });
    expect(harness.seen.filter((r) => r.path === '/api/v2/api_keys').map((r) => r.query.get('page[number]'))).toEqual(['0', '1']);
    expect(harness.seen.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/api/v2/api_keys/k-leaked']);
  });

  it('revokes an application key through its own endpoints, and does not rotate it', async () => {
    const cred = leaked(DATADOG_ROW, 'datadog-app-key', '$[hex:40]');
    harness = await rowHarness(DATADOG_ROW, organization('application_keys', [{ id: 'app-1', last4: cred.secret.slice(-4) }]));
    expect(await revokeWithRow(DATADOG_ROW, cred, harness.ctx(), {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('application key') } });
    expect(harness.seen.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/api/v2/application_keys/app-1']);
    const rotated = await rotateWithRow(DATADOG_ROW, cred, harness.ctx(), { delivery: { kind: 'env-file', file: '/nonexistent/.env' }, deleteOld: true });
    expect(rotated).toMatchObject({ state: 'refused', code: 'no-rotate', message: expect.stringContaining('left active') });
    expect(harness.seen.some((r) => r.method === 'POST')).toBe(false);
  });

  it('with no matching key, reads a refused API key as contained and a live one as another organization\'s', async () => {
    const cred = leaked(DATADOG_ROW);
    harness = await rowHarness(DATADOG_ROW, organization('api_keys', [], { validateStatus: 403 }));
    expect(await revokeWithRow(DATADOG_ROW, cred, harness.ctx(), {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('already revoked') } });
    expect(harness.seen.find((r) => r.path === '/api/v1/validate')?.headers['dd-api-key']).toBe(cred.secret);
    await harness.close();
    harness = await rowHarness(DATADOG_ROW, organization('api_keys', []));
    expect(await revokeWithRow(DATADOG_ROW, cred, harness.ctx(), {})).toMatchObject({ state: 'refused', code: 'ambiguous', message: expect.stringContaining('DATADOG_API_URL') });
  });
});
