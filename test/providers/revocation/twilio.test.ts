import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Credential } from '../../../src/providers/contract.js';
import { revokeWithRow, rotateWithRow } from '../../../src/providers/revocation/engine.js';
import { TWILIO_ROW } from '../../../src/providers/revocation/rows/twilio.js';
import { expandTemplate } from '../../../src/rules/fake-secret.js';
import { credentialFor, recordingContext, type EmuRequest } from '../../emulators/saas.js';
import { bodyOf, startRowEmulator, type RowEmulator } from './harness.js';

/**
 * What the table test cannot reach for Twilio: a leaked secret without its SID (refused), and with it
 * (the pair names the key); rotation from the secret finding, which keeps the key's policy and delivers
 * the new SID beside the new secret; rotation without the account SID; and the operator's two kinds of
 * credential, each variable taken with its own partner.
 */

let twilio: RowEmulator;
let sid: string;
let keySecret: string;
const accountSid = expandTemplate('AC$[hex:32]', 'test account');
const authToken = `tok${randomBytes(14).toString('hex')}`;

beforeAll(async () => {
  twilio = await startRowEmulator();
});
afterAll(() => twilio.loopback.close());
beforeEach(() => {
  twilio.requests.length = 0;
  sid = expandTemplate('SK$[hex:32]', randomBytes(6).toString('hex'));
  keySecret = expandTemplate('$[alnum:32]', randomBytes(6).toString('hex'));
  twilio.answer = (req) => {
    if (req.method === 'GET' && req.path === `/v1/Keys/${sid}`) return { status: 200, body: { sid, friendly_name: 'sms', policy: { allow: ['/twilio/messaging/messages/create'] } } };
    if (req.method === 'POST' && req.path === '/v1/Keys') return { status: 201, body: { sid: 'SKfresh', friendly_name: 'sms (rotated)', secret: 'fresh-secret-value', policy: { allow: ['/twilio/messaging/messages/create'] } } };
    if (req.method === 'DELETE') return { status: 204 };
    return { status: 404, body: { code: 20404, message: 'The requested resource was not found', status: 404 } };
  };
});

/** The leaked secret, paired (or not) with the SID the scan found beside it. */
function secretFinding(paired: boolean): Credential {
  const cred = credentialFor('twilio', 'twilio-api-key-secret', keySecret);
  if (paired) cred.pair = { finding: credentialFor('twilio', 'twilio-api-key', sid).finding, secret: sid };
  return cred;
}

const basicUser = (req: EmuRequest): string => Buffer.from(String(req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
const env = (extra: Record<string, string> = {}): Record<string, string> => ({ TWILIO_API_URL: twilio.loopback.url, TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, SPILLKIT_HTTP_RETRIES: '0', ...extra });

describe('Twilio revocation', () => {
  it('refuses a leaked secret found without its SID, calling nothing', async () => {
    const result = await revokeWithRow(TWILIO_ROW, secretFinding(false), recordingContext(env()), {});
    expect(result).toMatchObject({ state: 'refused', code: 'ambiguous', message: expect.stringContaining('without its API key SID') });
    expect(twilio.requests).toHaveLength(0);
  });

  it('deletes the key its pair names, signed by the account SID and auth token when no API key pair is set', async () => {
    // TWILIO_API_KEY without TWILIO_API_SECRET must not be mixed with the auth token.
    const result = await revokeWithRow(TWILIO_ROW, secretFinding(true), recordingContext(env({ TWILIO_API_KEY: 'SKunpaired' })), {});
    expect(result).toMatchObject({ state: 'ok' });
    expect(twilio.writes().map((r) => `${r.method} ${r.path} ${basicUser(r)}`)).toEqual([`DELETE /v1/Keys/${sid} ${accountSid}:${authToken}`]);
  });

  it('rotates from the SID finding: same policy, the new SID where the old one was, the new secret beside it', async () => {
    const ctx = recordingContext(env());
    const result = await rotateWithRow(TWILIO_ROW, credentialFor('twilio', 'twilio-api-key', sid), ctx, { delivery: { kind: 'env-file', file: '/nonexistent/.env' }, deleteOld: true });
    expect(result).toMatchObject({ state: 'ok', value: { old: 'deleted' } });
    const create = twilio.requests.find((r) => r.method === 'POST')!;
    expect(bodyOf(create)).toMatchObject({ AccountSid: accountSid, KeyType: 'restricted', Policy: JSON.stringify({ allow: ['/twilio/messaging/messages/create'] }) });
    expect(ctx.deliveries[0]!.values).toEqual({ TWILIO_API_KEY: 'SKfresh', TWILIO_API_SECRET: 'fresh-secret-value' });
    expect(twilio.writes().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/Keys', `DELETE /v1/Keys/${sid}`]);
    expect(JSON.stringify(ctx.records)).not.toContain('fresh-secret-value');
  });

  it('refuses to rotate from the secret finding, whose variable cannot say where the new SID goes', async () => {
    const result = await rotateWithRow(TWILIO_ROW, secretFinding(true), recordingContext(env()), { delivery: { kind: 'env-file', file: '/nonexistent/.env' }, deleteOld: true });
    expect(result).toMatchObject({ state: 'refused', code: 'rotate-from-sid' });
    expect(twilio.writes()).toHaveLength(0);
  });

  it('creates nothing without the account SID the new key must belong to', async () => {
    const result = await rotateWithRow(TWILIO_ROW, credentialFor('twilio', 'twilio-api-key', sid), recordingContext(env({ TWILIO_ACCOUNT_SID: '', TWILIO_API_KEY: 'SKmain', TWILIO_API_SECRET: 'main-secret' })), { delivery: { kind: 'env-file', file: '/nonexistent/.env' }, deleteOld: true });
    expect(result).toMatchObject({ state: 'refused', message: expect.stringContaining('TWILIO_ACCOUNT_SID') });
    expect(twilio.writes()).toHaveLength(0);
  });
});
