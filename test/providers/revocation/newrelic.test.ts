import { afterEach, describe, expect, it } from 'vitest';
import { revokeWithRow } from '../../../src/providers/revocation/engine.js';
import { NEWRELIC_ROW } from '../../../src/providers/revocation/rows/newrelic.js';
import type { EmuRequest, EmuResponse } from '../../emulators/saas.js';
import { json, leaked, rowHarness, type Harness } from './row-harness.js';

/**
 * The New Relic row against a NerdGraph emulator that reads the GraphQL operation (every call is
 * `POST /graphql`, which the table test's routes cannot tell apart): another user's key found by its
 * masked value and deleted with the operator's key, a user key deleting itself when chosen, license
 * keys, the mutation's own errors read as gone or denied, masked values that match twice, a dead key,
 * the search's second page, and a dry run that sends no mutation.
 */

let harness: Harness | undefined;
afterEach(async () => harness?.close());

interface Key {
  id: string;
  key: string;
  type: 'USER' | 'INGEST';
  userId?: string;
  ingestType?: string;
}

interface Nerdgraph {
  /** Keys each signing key may see, by the value of its API-Key header (anything else: 401). */
  views: Record<string, { user: { id: string; email: string }; keys: Key[] }>;
  /** The errors apiAccessDeleteKeys answers with instead of deleting. */
  deleteError?: { errorType: string; message: string };
  pageSize?: number;
}

function nerdgraph(state: Nerdgraph) {
  return (req: EmuRequest): EmuResponse => {
    if (req.method !== 'POST' || req.path !== '/graphql') return { status: 404, body: {} };
    const view = state.views[String(req.headers['api-key'])];
    if (!view) return { status: 401, body: { errors: [{ message: 'Invalid API key' }] } };
    const { query, variables } = json(req) as { query: string; variables?: Record<string, unknown> };
    if (query.includes('apiAccessDeleteKeys')) {
      const keys = variables!.keys as { userKeyIds?: string[]; ingestKeyIds?: string[] };
      const ids = [...(keys.userKeyIds ?? []), ...(keys.ingestKeyIds ?? [])];
      if (state.deleteError) return { status: 200, body: { data: { apiAccessDeleteKeys: { deletedKeys: [], errors: [{ ...state.deleteError, type: 'USER' }] } } } };
      return { status: 200, body: { data: { apiAccessDeleteKeys: { deletedKeys: ids.map((id) => ({ id })), errors: [] } } } };
    }
    if (query.includes('keySearch')) {
      const types = (variables!.query as { types: string[] }).types;
      const visible = view.keys.filter((k) => types.includes(k.type));
      const size = state.pageSize ?? 100;
      const from = Number(variables!.cursor ?? 0);
      const page = visible.slice(from, from + size);
      const next = from + size < visible.length ? String(from + size) : null;
      return { status: 200, body: { data: { actor: { user: view.user, apiAccess: { keySearch: { keys: page.map((k) => ({ ...k, name: `key ${k.id}`, accountId: 3141 })), nextCursor: next } } } } } };
    }
    return { status: 200, body: { data: { actor: { user: { id: view.user.id } } } } };
  };
}

const masked = (secret: string): string => `${secret.slice(0, 8)}...${secret.slice(-4)}`;
const operations = (h: Harness): string[] => h.seen.map((r) => ((json(r).query as string).includes('apiAccessDeleteKeys') ? 'delete' : (json(r).query as string).includes('keySearch') ? 'search' : 'whoami'));

/** A NerdGraph whose views are filled in once the harness has made the operator's key. */
async function start(fill: (h: Harness) => Nerdgraph): Promise<Harness> {
  const state: Nerdgraph = { views: {} };
  const h = await rowHarness(NEWRELIC_ROW, (req) => nerdgraph(state)(req));
  Object.assign(state, fill(h));
  return h;
}

describe('New Relic revocation row', () => {
  it('finds another user\'s key by its masked value and deletes it with the operator\'s key', async () => {
    const cred = leaked(NEWRELIC_ROW);
    harness = await start((h) => ({ views: { [h.operator]: { user: { id: '1', email: 'admin@example.com' }, keys: [{ id: 'K-8', key: 'NRAK-ZZZ...0000', type: 'USER', userId: '43' }, { id: 'K-9', key: masked(cred.secret), type: 'USER', userId: '42' }] } } }));
    const result = await revokeWithRow(NEWRELIC_ROW, cred, harness.ctx(), {});
    expect(result, JSON.stringify(result)).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('user key "key K-9" of user 42 @ 3141') } });
    const del = harness.seen.find((r) => (json(r).query as string).includes('apiAccessDeleteKeys'))!;
    expect(json(del).variables).toEqual({ keys: { userKeyIds: ['K-9'] } });
    expect(harness.seen.every((r) => r.headers['api-key'] === harness!.operator)).toBe(true);
  });

  it('lets a user key delete itself only when chosen, naming its own user', async () => {
    const cred = leaked(NEWRELIC_ROW);
    harness = await start(() => ({ views: { [cred.secret]: { user: { id: '42', email: 'dev@example.com' }, keys: [{ id: 'K-1', key: cred.secret, type: 'USER', userId: '42' }] } } }));
    const ctx = harness.ctx({ operator: false });
    expect(await revokeWithRow(NEWRELIC_ROW, cred, ctx, {})).toMatchObject({ state: 'refused', code: 'no-operator-credential' });
    const result = await revokeWithRow(NEWRELIC_ROW, cred, ctx, { useLeakedCredential: true });
    expect(result, JSON.stringify(result)).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('of dev@example.com @ 3141') } });
    expect(operations(harness)).toEqual(['search', 'delete']);
    expect(ctx.records.some((r) => r.type === 'revoke-with-leaked-key')).toBe(true);
    expect(JSON.stringify(ctx.records)).not.toContain(cred.secret);
  });

  it('deletes a license key through ingestKeyIds, and never lets an ingest key act for itself', async () => {
    const cred = leaked(NEWRELIC_ROW, 'newrelic-license-key', '$[hex:36]NRAL');
    harness = await start((h) => ({ views: { [h.operator]: { user: { id: '1', email: 'admin@example.com' }, keys: [{ id: 'I-5', key: cred.secret, type: 'INGEST', ingestType: 'LICENSE' }] } } }));
    expect(await revokeWithRow(NEWRELIC_ROW, cred, harness.ctx(), { useLeakedCredential: true })).toMatchObject({ state: 'refused', code: 'no-self-revoke' });
    expect(harness.seen).toHaveLength(0);
    expect(await revokeWithRow(NEWRELIC_ROW, cred, harness.ctx(), {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('license key') } });
    expect(json(harness.seen.at(-1)!).variables).toEqual({ keys: { ingestKeyIds: ['I-5'] } });
  });

  it('reads the mutation\'s own errors: NOT_FOUND as already gone, FORBIDDEN as denied', async () => {
    const cred = leaked(NEWRELIC_ROW);
    const view = (h: Harness, error: Nerdgraph['deleteError']): Nerdgraph => ({ views: { [h.operator]: { user: { id: '1', email: 'a@example.com' }, keys: [{ id: 'K-1', key: cred.secret, type: 'USER', userId: '1' }] } }, deleteError: error });
    harness = await start((h) => view(h, { errorType: 'NOT_FOUND', message: 'Key not found' }));
    expect(await revokeWithRow(NEWRELIC_ROW, cred, harness.ctx(), {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('already gone') } });
    await harness.close();
    harness = await start((h) => view(h, { errorType: 'FORBIDDEN', message: 'You do not have permission' }));
    expect(await revokeWithRow(NEWRELIC_ROW, cred, harness.ctx(), {})).toMatchObject({ state: 'refused', code: 'denied', message: expect.stringContaining('You do not have permission') });
  });

  it('refuses two keys with the same masked value, and deletes nothing', async () => {
    const cred = leaked(NEWRELIC_ROW);
    harness = await start((h) => ({ views: { [h.operator]: { user: { id: '1', email: 'a@example.com' }, keys: [{ id: 'K-1', key: masked(cred.secret), type: 'USER', userId: '5' }, { id: 'K-2', key: masked(cred.secret), type: 'USER', userId: '6' }] } } }));
    expect(await revokeWithRow(NEWRELIC_ROW, cred, harness.ctx(), {})).toMatchObject({ state: 'refused', code: 'ambiguous' });
    expect(operations(harness)).toEqual(['search']);
  });

  it('with no matching key, asks the leaked key itself: refused means already revoked', async () => {
    const cred = leaked(NEWRELIC_ROW);
    harness = await start((h) => ({ views: { [h.operator]: { user: { id: '1', email: 'a@example.com' }, keys: [] } } }));
    expect(await revokeWithRow(NEWRELIC_ROW, cred, harness.ctx(), {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('already revoked') } });
    expect(harness.seen.at(-1)!.headers['api-key']).toBe(cred.secret);
  });

  it('follows the search to its next page, and sends nothing that changes state in a dry run', async () => {
    const cred = leaked(NEWRELIC_ROW);
    const others: Key[] = Array.from({ length: 3 }, (_, i) => ({ id: `K-${i}`, key: `NRAK-AAA...${1000 + i}`, type: 'USER', userId: '7' }));
    harness = await start((h) => ({ pageSize: 2, views: { [h.operator]: { user: { id: '1', email: 'a@example.com' }, keys: [...others, { id: 'K-last', key: masked(cred.secret), type: 'USER', userId: '7' }] } } }));
    expect(await revokeWithRow(NEWRELIC_ROW, cred, harness.ctx({ dryRun: true }), {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('dry run') } });
    expect(operations(harness)).toEqual(['search', 'search']);
    expect(json(harness.seen[1]!).variables).toMatchObject({ cursor: '2' });
  });
});
