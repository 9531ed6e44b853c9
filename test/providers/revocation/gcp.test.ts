import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { revokeWithRow } from '../../../src/providers/revocation/engine.js';
import { GCP_ROW } from '../../../src/providers/revocation/rows/gcp.js';
import { selfSignedCertificate } from '../../../src/providers/revocation/rows/self-signed.js';
import { credentialFor, recordingContext, type EmuResponse } from '../../emulators/saas.js';
import { startRowEmulator, type RowEmulator } from './harness.js';

/**
 * What the table test cannot reach for Google Cloud: the project is required, service accounts come
 * page by page, only the key whose certificate holds the leaked key's public half is disabled (another
 * key of another account is left alone), a key already disabled, and a private key that cannot be read.
 */

const keyFile = (): { secret: string; certificate: string } => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { secret: pem.replace(/\n/g, '\\n'), certificate: Buffer.from(selfSignedCertificate(privateKey, createPublicKey(privateKey), 'k')).toString('base64') };
};

let iam: RowEmulator;
const leaked = keyFile();
const other = keyFile();
let leakedDisabled = false;
const operator = 'ya29.operator-token';
const env = (extra: Record<string, string> = {}): Record<string, string> => ({ GCP_IAM_API_URL: iam.loopback.url, CLOUDSDK_AUTH_ACCESS_TOKEN: operator, GOOGLE_CLOUD_PROJECT: 'acme-prod', SPILLKIT_HTTP_RETRIES: '0', ...extra });
const sa = (name: string): string => `/v1/projects/acme-prod/serviceAccounts/${name}%40acme-prod.iam.gserviceaccount.com`;

beforeAll(async () => {
  iam = await startRowEmulator();
  iam.answer = (req): EmuResponse => {
    if (req.path === '/v1/projects/acme-prod/serviceAccounts') {
      return req.query.get('pageToken') === 'p2'
        ? { status: 200, body: { accounts: [{ email: 'deployer@acme-prod.iam.gserviceaccount.com' }] } }
        : { status: 200, body: { accounts: [{ email: 'reader@acme-prod.iam.gserviceaccount.com' }], nextPageToken: 'p2' } };
    }
    if (req.path === `${sa('reader')}/keys`) return { status: 200, body: { keys: [{ name: 'projects/acme-prod/serviceAccounts/reader@acme-prod.iam.gserviceaccount.com/keys/k-reader', keyType: 'USER_MANAGED' }] } };
    if (req.path === `${sa('deployer')}/keys`) return { status: 200, body: { keys: [{ name: 'projects/acme-prod/serviceAccounts/deployer@acme-prod.iam.gserviceaccount.com/keys/k-deployer', keyType: 'USER_MANAGED', disabled: leakedDisabled }] } };
    if (req.path === `${sa('reader')}/keys/k-reader`) return { status: 200, body: { publicKeyData: other.certificate } };
    if (req.path === `${sa('deployer')}/keys/k-deployer`) return { status: 200, body: { publicKeyData: leaked.certificate } };
    if (req.method === 'POST' && req.path.endsWith(':disable')) return { status: 200, body: {} };
    return { status: 404, body: { error: { code: 404, message: 'not found', status: 'NOT_FOUND' } } };
  };
});
afterAll(() => iam.loopback.close());
beforeEach(() => {
  iam.requests.length = 0;
  leakedDisabled = false;
});

describe('Google Cloud service-account key revocation', () => {
  it('needs the project of the key file, and calls nothing without it', async () => {
    const result = await revokeWithRow(GCP_ROW, credentialFor('gcp', 'gcp-service-account-key', leaked.secret), recordingContext(env({ GOOGLE_CLOUD_PROJECT: '' })), {});
    expect(result).toMatchObject({ state: 'refused', code: 'missing-setting', message: expect.stringContaining('GOOGLE_CLOUD_PROJECT') });
    expect(iam.requests).toHaveLength(0);
  });

  it('disables only the key whose certificate holds the leaked public half, across pages of service accounts', async () => {
    const result = await revokeWithRow(GCP_ROW, credentialFor('gcp', 'gcp-service-account-key', leaked.secret), recordingContext(env()), { expectOwner: 'deployer@acme-prod.iam.gserviceaccount.com' });
    expect(result).toMatchObject({ state: 'ok', value: { reversible: true } });
    expect(iam.writes().map((r) => `${r.method} ${r.path} ${String(r.headers.authorization)}`)).toEqual([`POST ${sa('deployer')}/keys/k-deployer:disable Bearer ${operator}`]);
    expect(iam.requests.filter((r) => r.path.endsWith('/keys/k-reader')).map((r) => r.query.get('publicKeyType'))).toEqual(['TYPE_X509_PEM_FILE']);
  });

  it('takes a key already disabled as contained, and refuses a key file whose private key cannot be read', async () => {
    leakedDisabled = true;
    expect(await revokeWithRow(GCP_ROW, credentialFor('gcp', 'gcp-service-account-key', leaked.secret), recordingContext(env()), {})).toMatchObject({ state: 'ok', value: { action: expect.stringContaining('the key is disabled') } });
    iam.requests.length = 0;
    const broken = leaked.secret.replace(/(PRIVATE KEY-----\\n)[A-Za-z0-9+/]{8}/, '$1AAAAAAAA');
    expect(await revokeWithRow(GCP_ROW, credentialFor('gcp', 'gcp-service-account-key', broken), recordingContext(env()), {})).toMatchObject({ state: 'refused', code: 'ambiguous' });
    expect(iam.requests).toHaveLength(0);
    expect(iam.writes()).toHaveLength(0);
  });

  it('refuses a key no account of the project holds', async () => {
    const stranger = keyFile();
    expect(createPrivateKey(stranger.secret.replace(/\\n/g, '\n'))).toBeTruthy();
    expect(await revokeWithRow(GCP_ROW, credentialFor('gcp', 'gcp-service-account-key', stranger.secret), recordingContext(env()), {})).toMatchObject({ state: 'refused', code: 'ambiguous', message: expect.stringContaining('no user-managed key of project acme-prod') });
    expect(iam.writes()).toHaveLength(0);
  });
});
