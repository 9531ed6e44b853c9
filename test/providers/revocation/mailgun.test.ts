import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { revokeWithRow, rotateWithRow } from '../../../src/providers/revocation/engine.js';
import { MAILGUN_ROW } from '../../../src/providers/revocation/rows/mailgun.js';
import { expandTemplate } from '../../../src/rules/fake-secret.js';
import { credentialFor, recordingContext } from '../../emulators/saas.js';
import { bodyOf, startRowEmulator, type RowEmulator } from './harness.js';

/**
 * What the table test cannot reach for Mailgun: a key the account's list does not hold (a webhook
 * signing key has the same form) is refused, a disabled key is already contained, and a rotation
 * copies the old key's role, kind and domain.
 */

let mailgun: RowEmulator;
let leaked: string;
let disabled = false;
const idOf = (key: string): string => key.slice(-17);

beforeAll(async () => {
  mailgun = await startRowEmulator();
  mailgun.answer = (req) => {
    if (req.method === 'GET' && req.path === '/v1/keys') {
      return { status: 200, body: { total_count: 1, items: [{ id: idOf(leaked), description: 'mailer', kind: 'domain', role: 'sending', domain_name: 'mg.example.com', requestor: 'ops@example.com', is_disabled: disabled }] } };
    }
    if (req.method === 'POST' && req.path === '/v1/keys') return { status: 200, body: { message: 'great success', key: { id: 'aaaa1111-bbbb2222', secret: 'new-mailgun-secret', kind: 'domain', role: 'sending' } } };
    if (req.method === 'DELETE') return { status: 200, body: { message: 'key deleted' } };
    return { status: 404, body: { message: 'no route' } };
  };
});
afterAll(() => mailgun.loopback.close());
beforeEach(() => {
  mailgun.requests.length = 0;
  disabled = false;
  leaked = expandTemplate('$[hex:32]-$[hex:8]-$[hex:8]', randomBytes(6).toString('hex'));
});

const env = (): Record<string, string> => ({ MAILGUN_API_URL: mailgun.loopback.url, MAILGUN_API_KEY: `op-${randomBytes(8).toString('hex')}`, SPILLKIT_HTTP_RETRIES: '0' });

describe('Mailgun revocation', () => {
  it('refuses a key whose id the account does not list, deleting nothing', async () => {
    const stranger = expandTemplate('$[hex:32]-$[hex:8]-$[hex:8]', 'webhook signing key');
    const result = await revokeWithRow(MAILGUN_ROW, credentialFor('mailgun', 'mailgun-api-key', stranger), recordingContext(env()), {});
    expect(result).toMatchObject({ state: 'refused', code: 'ambiguous', message: expect.stringContaining('webhook signing key') });
    expect(mailgun.writes()).toHaveLength(0);
  });

  it('takes a disabled key as contained', async () => {
    disabled = true;
    expect(await revokeWithRow(MAILGUN_ROW, credentialFor('mailgun', 'mailgun-api-key', leaked), recordingContext(env()), {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('the key is disabled') } });
    expect(mailgun.writes()).toHaveLength(0);
  });

  it('rotates into a key with the same role, kind and domain, then deletes the old one by its id', async () => {
    const ctx = recordingContext(env());
    const result = await rotateWithRow(MAILGUN_ROW, credentialFor('mailgun', 'mailgun-api-key', leaked), ctx, { delivery: { kind: 'env-file', file: '/nonexistent/.env' }, deleteOld: true });
    expect(result).toMatchObject({ state: 'ok', value: { old: 'deleted' } });
    const create = mailgun.writes().find((r) => r.method === 'POST')!;
    expect(bodyOf(create)).toMatchObject({ role: 'sending', kind: 'domain', domain_name: 'mg.example.com' });
    expect(mailgun.writes().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/keys', `DELETE /v1/keys/${idOf(leaked)}`]);
    expect(Object.values(ctx.deliveries[0]!.values)).toEqual(['new-mailgun-secret']);
  });
});
