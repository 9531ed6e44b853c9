import { afterEach, describe, expect, it } from 'vitest';
import { revokeWithRow } from '../../../src/providers/revocation/engine.js';
import { SENTRY_ROW, sentryTokenPayload } from '../../../src/providers/revocation/rows/sentry.js';
import { expandTemplate } from '../../../src/rules/fake-secret.js';
import { credentialFor, type EmuRequest, type EmuResponse } from '../../emulators/saas.js';
import { rowHarness, type Harness } from './row-harness.js';

/**
 * What the table test cannot script for Sentry org auth tokens: tokens of the organization sharing the
 * leaked token's last characters (told apart by the creation time inside the token, refused when that
 * does not either), an organization the operator cannot see, no matching token (revoked, or issued by
 * another Sentry server), and a token whose readable part names no organization.
 */

let harness: Harness | undefined;
afterEach(async () => harness?.close());

/** An org auth token of `org` issued at `iat`, built as Sentry builds one. */
function orgToken(org: string, iat: number, url = 'https://sentry.io'): string {
  const payload = Buffer.from(JSON.stringify({ iat, url, region_url: 'https://us.sentry.io', org })).toString('base64').replace(/=+$/, '');
  return `sntrys_${payload}_${expandTemplate('$[b64:43]', `${org}-${iat}`)}`;
}

const ISSUED = 1738000000;
const at = (seconds: number): string => new Date(seconds * 1000).toISOString();

function organization(tokens: unknown[] | null, opts: { validateStatus?: number } = {}) {
  return (req: EmuRequest): EmuResponse => {
    if (req.path === '/api/0/auth/validate/') return { status: opts.validateStatus ?? 200, body: {} };
    if (req.method === 'GET' && req.path === '/api/0/organizations/acme/org-auth-tokens/') return tokens ? { status: 200, body: tokens } : { status: 404, body: { detail: 'The requested resource does not exist' } };
    if (req.method === 'DELETE' && /^\/api\/0\/organizations\/acme\/org-auth-tokens\/\d+\/$/.test(req.path)) return { status: 204 };
    return { status: 404, body: { detail: 'not found' } };
  };
}

describe('Sentry org auth token revocation row', () => {
  it('reads the organization and issue time from the token', () => {
    expect(sentryTokenPayload(orgToken('acme', ISSUED, 'https://sentry.acme.internal'))).toEqual({ org: 'acme', iat: ISSUED, host: 'sentry.acme.internal' });
    expect(sentryTokenPayload(`sntrys_${Buffer.from('{"iat":1}').toString('base64')}_${expandTemplate('$[b64:43]', 'x')}`)).toBeNull();
  });

  it('tells tokens with the same last characters apart by their creation time', async () => {
    const secret = orgToken('acme', ISSUED);
    const last4 = secret.slice(-4);
    harness = await rowHarness(SENTRY_ROW, organization([
      { id: '3', name: 'older', tokenLastCharacters: last4, dateCreated: at(ISSUED - 86400) },
      { id: '4', name: 'ci', tokenLastCharacters: last4, dateCreated: at(ISSUED + 1) },
    ]));
    const result = await revokeWithRow(SENTRY_ROW, credentialFor('sentry', 'sentry-org-auth-token', secret), harness.ctx(), {});
    expect(result, JSON.stringify(result)).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('"ci" of acme') } });
    expect(harness.seen.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/api/0/organizations/acme/org-auth-tokens/4/']);
  });

  it('refuses when the creation time does not tell them apart either', async () => {
    const secret = orgToken('acme', ISSUED);
    const last4 = secret.slice(-4);
    harness = await rowHarness(SENTRY_ROW, organization([
      { id: '3', tokenLastCharacters: last4, dateCreated: at(ISSUED) },
      { id: '4', tokenLastCharacters: last4, dateCreated: at(ISSUED + 2) },
    ]));
    expect(await revokeWithRow(SENTRY_ROW, credentialFor('sentry', 'sentry-org-auth-token', secret), harness.ctx(), {})).toMatchObject({ state: 'refused', code: 'ambiguous' });
    expect(harness.seen.some((r) => r.method === 'DELETE')).toBe(false);
  });

  it('refuses an organization the operator cannot see', async () => {
    harness = await rowHarness(SENTRY_ROW, organization(null));
    expect(await revokeWithRow(SENTRY_ROW, credentialFor('sentry', 'sentry-org-auth-token', orgToken('acme', ISSUED)), harness.ctx(), {})).toMatchObject({ state: 'refused', code: 'not-owner' });
  });

  it('with no matching token, reads a refused token as revoked, and a live one as another server\'s', async () => {
    const secret = orgToken('acme', ISSUED, 'https://sentry.acme.internal');
    harness = await rowHarness(SENTRY_ROW, organization([], { validateStatus: 401 }));
    expect(await revokeWithRow(SENTRY_ROW, credentialFor('sentry', 'sentry-org-auth-token', secret), harness.ctx(), {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('already revoked') } });
    expect(harness.seen.find((r) => r.path === '/api/0/auth/validate/')?.headers.authorization).toBe(`Bearer ${secret}`);
    await harness.close();
    harness = await rowHarness(SENTRY_ROW, organization([]));
    expect(await revokeWithRow(SENTRY_ROW, credentialFor('sentry', 'sentry-org-auth-token', secret), harness.ctx(), {})).toMatchObject({
      state: 'refused', code: 'ambiguous', message: expect.stringContaining('issued by sentry.acme.internal: set SENTRY_API_URL'),
    });
  });
});
