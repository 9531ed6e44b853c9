import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { revokeWithRow } from '../../../src/providers/revocation/engine.js';
import { TERRAFORM_ROW } from '../../../src/providers/revocation/rows/terraform.js';
import { bearer, credentialFor, recordingContext, startLoopback, type EmuRequest, type EmuResponse, type Loopback } from '../../emulators/saas.js';

/**
 * What the table test cannot reach for HCP Terraform: team and organization tokens (told apart by the
 * account details' authenticated-resource), a token the operator may not see, details that do not name
 * the token, and the organization endpoint's 404 that means "not authorized" while the token still works.
 */

const operator = `op-${randomBytes(8).toString('hex')}`;
const leaked = TERRAFORM_ROW.sample.secret(randomBytes(4).toString('hex'));
const cred = credentialFor('terraform', 'terraform-cloud-token', leaked);

let loopback: Loopback;
let details: unknown;
let leakedDead = false;
let operatorSees = true;
let orgDelete: EmuResponse = { status: 204 };
/** Whether the organization token stops working when its DELETE answers 404 (deleted by someone else meanwhile). */
let goneOn404 = false;

const account = (type: string, id: string, tokenLink: string | null): unknown => ({
  data: {
    id: 'user-svc', type: 'users', attributes: { username: `api-${id}`, 'is-service-account': true },
    relationships: { 'authenticated-resource': { data: { id, type } } },
    links: tokenLink ? { 'auth-token': tokenLink } : {},
  },
});

beforeAll(async () => {
  loopback = await startLoopback((req: EmuRequest): EmuResponse => {
    const who = bearer(req);
    if (req.path === '/api/v2/account/details') return who === leaked && !leakedDead ? { status: 200, body: details } : { status: 401, body: { errors: [{ status: '401', title: 'unauthorized' }] } };
    if (who !== operator) return { status: 401, body: { errors: [{ status: '401', title: 'unauthorized' }] } };
    if (req.method === 'GET' && req.path.startsWith('/api/v2/authentication-tokens/')) {
      return operatorSees ? { status: 200, body: { data: { id: req.path.split('/').pop(), attributes: { description: 'ci team token' } } } } : { status: 404, body: { errors: [{ status: '404', title: 'not found' }] } };
    }
    if (req.method === 'DELETE' && req.path.startsWith('/api/v2/authentication-tokens/')) return { status: 204 };
    if (req.method === 'DELETE' && req.path === '/api/v2/organizations/acme/authentication-token') {
      if (orgDelete.status === 204 || goneOn404) leakedDead = true;
      return orgDelete;
    }
    return { status: 404, body: { errors: [{ status: '404', title: 'not found' }] } };
  });
});
afterAll(() => loopback.close());
beforeEach(() => {
  loopback.calls.length = 0;
  leakedDead = false;
  operatorSees = true;
  orgDelete = { status: 204 };
  goneOn404 = false;
});

const ctx = () => recordingContext({ TERRAFORM_API_URL: loopback.url, TFE_TOKEN: operator, SPILLKIT_HTTP_RETRIES: '0' });
const writes = (): string[] => loopback.calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path}`);

describe('HCP Terraform revocation row', () => {
  it('deletes a team token by the id its account details name', async () => {
    details = account('teams', 'team-Y7Ry', '/api/v2/authentication-tokens/at-team1234abcd');
    const result = await revokeWithRow(TERRAFORM_ROW, cred, ctx(), { expectOwner: 'team-Y7Ry' });
    expect(result, JSON.stringify(result)).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('team token') } });
    expect(writes()).toEqual(['DELETE /api/v2/authentication-tokens/at-team1234abcd']);
  });

  it('refuses a token the operator cannot see, and details that do not name the token', async () => {
    details = account('users', 'user-other', '/api/v2/authentication-tokens/at-user1234abcd');
    operatorSees = false;
    expect(await revokeWithRow(TERRAFORM_ROW, cred, ctx(), {})).toMatchObject({ state: 'refused', code: 'not-owner', message: expect.stringContaining('same user') });
    details = account('users', 'user-other', null);
    expect(await revokeWithRow(TERRAFORM_ROW, cred, ctx(), {})).toMatchObject({ state: 'refused', code: 'ambiguous' });
    expect(writes()).toEqual([]);
  });

  it('deletes the organization token under its organization', async () => {
    details = account('organizations', 'acme', null);
    const result = await revokeWithRow(TERRAFORM_ROW, cred, ctx(), { expectOwner: 'acme' });
    expect(result).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('organization token of acme') } });
    expect(writes()).toEqual(['DELETE /api/v2/organizations/acme/authentication-token']);
  });

  it('reads the organization endpoint\'s 404 as denied while the token still works, as gone once it does not', async () => {
    details = account('organizations', 'acme', null);
    orgDelete = { status: 404, body: { errors: [{ status: '404', title: 'not found' }] } };
    expect(await revokeWithRow(TERRAFORM_ROW, cred, ctx(), {})).toMatchObject({ state: 'refused', code: 'denied', message: expect.stringContaining('owners team') });
    goneOn404 = true;
    expect(await revokeWithRow(TERRAFORM_ROW, cred, ctx(), {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('already gone') } });
  });
});
