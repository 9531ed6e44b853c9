import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { revokeWithRow } from '../../../src/providers/revocation/engine.js';
import { AZURE_ROW } from '../../../src/providers/revocation/rows/azure.js';
import { expandTemplate } from '../../../src/rules/fake-secret.js';
import { credentialFor, recordingContext, type EmuResponse } from '../../emulators/saas.js';
import { bodyOf, startRowEmulator, type RowEmulator } from './harness.js';

/**
 * What the table test cannot reach for Azure Storage: no AZURE_SUBSCRIPTION_ID (every enabled
 * subscription is searched, disabled ones are not), an account whose keys the operator may not read
 * (skipped), the key told from its sibling by value, and a value neither key holds (refused).
 */

let arm: RowEmulator;
let leaked: string;
const operator = `op-${randomBytes(12).toString('hex')}`;
const key = (tag: string): string => expandTemplate('$[b64bytes:64]', `${tag} ${randomBytes(4).toString('hex')}`);
const account = (sub: string, name: string): string => `/subscriptions/${sub}/resourceGroups/rg-${name}/providers/Microsoft.Storage/storageAccounts/${name}`;
const env = (): Record<string, string> => ({ AZURE_API_URL: arm.loopback.url, AZURE_ACCESS_TOKEN: operator, SPILLKIT_HTTP_RETRIES: '0' });

beforeAll(async () => {
  arm = await startRowEmulator();
});
afterAll(() => arm.loopback.close());
beforeEach(() => {
  arm.requests.length = 0;
  leaked = key('leaked');
  const siblings = { a: key('a1'), b: key('b2') };
  arm.answer = (req): EmuResponse => {
    if (req.path === '/subscriptions') return { status: 200, body: { value: [{ subscriptionId: 'sub-dev', state: 'Enabled' }, { subscriptionId: 'sub-old', state: 'Disabled' }, { subscriptionId: 'sub-prod', state: 'Enabled' }] } };
    if (req.path === '/subscriptions/sub-dev/providers/Microsoft.Storage/storageAccounts') return { status: 200, body: { value: [{ id: account('sub-dev', 'devlogs') }] } };
    if (req.path === '/subscriptions/sub-prod/providers/Microsoft.Storage/storageAccounts') return { status: 200, body: { value: [{ id: account('sub-prod', 'locked') }, { id: account('sub-prod', 'prodblobs') }] } };
    if (req.path === `${account('sub-dev', 'devlogs')}/listKeys`) return { status: 200, body: { keys: [{ keyName: 'key1', value: siblings.a }, { keyName: 'key2', value: siblings.b }] } };
    if (req.path === `${account('sub-prod', 'locked')}/listKeys`) return { status: 403, body: { error: { code: 'AuthorizationFailed', message: 'no listKeys here' } } };
    if (req.path === `${account('sub-prod', 'prodblobs')}/listKeys`) return { status: 200, body: { keys: [{ keyName: 'key1', value: leaked }, { keyName: 'key2', value: siblings.b }] } };
    if (req.path === `${account('sub-prod', 'prodblobs')}/regenerateKey`) return { status: 200, body: { keys: [] } };
    return { status: 404, body: { error: { code: 'ResourceNotFound', message: 'no such resource' } } };
  };
});

describe('Azure storage key revocation', () => {
  it('searches every enabled subscription, skips an account it may not read, and regenerates the key holding the value', async () => {
    const ctx = recordingContext(env());
    const result = await revokeWithRow(AZURE_ROW, credentialFor('azure', 'azure-storage-account-key', leaked), ctx, { expectOwner: 'prodblobs' });
    expect(result).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('key1 of storage account prodblobs') } });
    expect(arm.requests.some((r) => r.path.startsWith('/subscriptions/sub-old'))).toBe(false);
    const regenerate = arm.requests.filter((r) => r.path.endsWith('/regenerateKey'));
    expect(regenerate.map((r) => r.path)).toEqual([`${account('sub-prod', 'prodblobs')}/regenerateKey`]);
    expect(bodyOf(regenerate[0]!)).toEqual({ keyName: 'key1' });
    expect(regenerate[0]!.query.get('api-version')).toBe('2023-05-01');
    expect(JSON.stringify(ctx.records)).not.toContain(leaked);
  });

  it('refuses a value that neither key of any account holds, regenerating nothing', async () => {
    const result = await revokeWithRow(AZURE_ROW, credentialFor('azure', 'azure-storage-account-key', key('stranger')), recordingContext(env()), {});
    expect(result).toMatchObject({ state: 'refused', code: 'ambiguous', message: expect.stringContaining('(3 seen)') });
    expect(arm.requests.filter((r) => r.path.endsWith('/regenerateKey'))).toHaveLength(0);
  });
});
