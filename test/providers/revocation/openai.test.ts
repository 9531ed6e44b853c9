import { afterEach, describe, expect, it } from 'vitest';
import { revokeWithRow, rotateWithRow } from '../../../src/providers/revocation/engine.js';
import { OPENAI_ROW } from '../../../src/providers/revocation/rows/openai.js';
import { bearer, type EmuRequest, type EmuResponse } from '../../emulators/saas.js';
import { leaked, otherTail, rowHarness, type Harness } from './row-harness.js';

/**
 * What the table test cannot script for OpenAI: the leaked key found on a later page of a later
 * project, two keys sharing its visible hint, no key matching (a dead key, or another organization's),
 * a user's project key (which the API cannot re-create), and the account's key limit on creation.
 */

const PROJECT_KEY = 'sk-proj-$[b64url:74]T3BlbkFJ$[b64url:74]';
let harness: Harness | undefined;
afterEach(async () => harness?.close());

const hint = (secret: string, tail = secret.slice(-4)): string => `${secret.slice(0, 14)}...${tail}`;
const list = (data: unknown[], more = false, last?: string) => ({ status: 200, body: { object: 'list', data, has_more: more, ...(last ? { last_id: last } : {}) } });
const userKey = (id: string, redacted: string) => ({ id, name: id, redacted_value: redacted, owner: { type: 'user', user: { id: 'user_1', email: 'dev@example.com' } } });

/** An organization with two projects; `keysOf` answers each project's key listing. */
function organization(keysOf: (project: string, req: EmuRequest) => EmuResponse, opts: { modelsStatus?: number } = {}) {
  return (req: EmuRequest): EmuResponse => {
    if (req.path === '/v1/models') return { status: opts.modelsStatus ?? 200, body: { object: 'list', data: [] } };
    if (req.path === '/v1/organization/projects') {
      return req.query.get('after') === 'proj_a' ? list([{ id: 'proj_b', name: 'billing' }]) : list([{ id: 'proj_a', name: 'web' }], true, 'proj_a');
    }
    const keys = /^\/v1\/organization\/projects\/([^/]+)\/api_keys$/.exec(req.path);
    if (keys && req.method === 'GET') return keysOf(keys[1]!, req);
    if (req.method === 'DELETE') return { status: 200, body: { deleted: true } };
    return { status: 404, body: { error: { message: 'Invalid URL' } } };
  };
}

describe('OpenAI revocation row', () => {
  it('finds the key on the second page of the second project, asking for keys of every owner', async () => {
    const cred = leaked(OPENAI_ROW, 'openai-project-key', PROJECT_KEY);
    harness = await rowHarness(OPENAI_ROW, organization((project, req) => {
      if (project === 'proj_a') return list([userKey('key_a', hint(cred.secret, otherTail(cred.secret)))]);
      return req.query.get('after') === 'key_b1' ? list([userKey('key_b2', hint(cred.secret))]) : list([userKey('key_b1', 'sk-proj-zz...0000')], true, 'key_b1');
    }));
    const result = await revokeWithRow(OPENAI_ROW, cred, harness.ctx(), {});
    expect(result, JSON.stringify(result)).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('dev@example.com') } });
    const listings = harness.seen.filter((r) => r.path.endsWith('/api_keys'));
    expect(listings.every((r) => r.query.get('owner_project_access') === 'any')).toBe(true);
    expect(harness.seen.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/v1/organization/projects/proj_b/api_keys/key_b2']);
    expect(harness.seen.every((r) => r.path === '/v1/models' || bearer(r) === harness!.operator)).toBe(true);
  });

  it('refuses when two keys show the same hint, and deletes nothing', async () => {
    const cred = leaked(OPENAI_ROW);
    harness = await rowHarness(OPENAI_ROW, organization((project) => list([userKey(`key_${project}`, hint(cred.secret))])));
    const result = await revokeWithRow(OPENAI_ROW, cred, harness.ctx(), {});
    expect(result).toMatchObject({ state: 'refused', code: 'ambiguous', message: expect.stringMatching(/^2 OpenAI keys/) });
    expect(harness.seen.some((r) => r.method === 'DELETE')).toBe(false);
  });

  it('reads no match as already revoked when the key itself is refused, else as another organization\'s', async () => {
    const cred = leaked(OPENAI_ROW);
    harness = await rowHarness(OPENAI_ROW, organization(() => list([]), { modelsStatus: 401 }));
    expect(await revokeWithRow(OPENAI_ROW, cred, harness.ctx(), {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('already revoked') } });
    await harness.close();

    harness = await rowHarness(OPENAI_ROW, organization(() => list([])));
    expect(await revokeWithRow(OPENAI_ROW, cred, harness.ctx(), {})).toMatchObject({ state: 'refused', code: 'ambiguous', message: expect.stringContaining('another organization') });
    expect(harness.seen.find((r) => r.path === '/v1/models')?.headers.authorization).toBe(`Bearer ${cred.secret}`);
  });

  it('does not rotate a user\'s project key: the API creates keys only for service accounts', async () => {
    const cred = leaked(OPENAI_ROW, 'openai-project-key', PROJECT_KEY);
    harness = await rowHarness(OPENAI_ROW, organization((project) => list(project === 'proj_a' ? [userKey('key_1', hint(cred.secret))] : [])));
    const result = await rotateWithRow(OPENAI_ROW, cred, harness.ctx(), { delivery: { kind: 'env-file', file: '/nonexistent/.env' }, deleteOld: true });
    expect(result).toMatchObject({ state: 'refused', code: 'no-rotate', message: expect.stringContaining('left active') });
    expect(harness.seen.some((r) => r.method === 'POST' || r.method === 'DELETE')).toBe(false);
  });

  it('leaves the old service-account key when the account holds as many keys as it may', async () => {
    const cred = leaked(OPENAI_ROW);
    const saKey = { id: 'key_sa', name: 'deploy', redacted_value: hint(cred.secret), owner: { type: 'service_account', service_account: { id: 'svc_1', name: 'bot' } } };
    harness = await rowHarness(OPENAI_ROW, (req) => {
      if (req.method === 'GET' && req.path.endsWith('/api_keys/key_sa')) return { status: 200, body: saKey };
      if (req.method === 'POST') return { status: 400, body: { error: { message: 'You have reached the maximum number of API keys for this service account.' } } };
      return organization((project) => list(project === 'proj_a' ? [saKey] : []))(req);
    });
    const result = await rotateWithRow(OPENAI_ROW, cred, harness.ctx(), { delivery: { kind: 'env-file', file: '/nonexistent/.env' }, deleteOld: true });
    expect(result).toMatchObject({ state: 'refused', code: 'limit-reached', message: expect.stringContaining('left active') });
    const post = harness.seen.find((r) => r.method === 'POST')!;
    expect(post.path).toBe('/v1/organization/projects/proj_a/service_accounts/svc_1/api_keys');
    expect(JSON.parse(post.body)).toMatchObject({ name: expect.stringMatching(/^deploy \(rotated by spillkit/) });
    expect(harness.seen.some((r) => r.method === 'DELETE')).toBe(false);
  });
});
