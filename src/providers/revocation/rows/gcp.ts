/**
 * Google Cloud service-account keys. The scan captures the key file's `private_key` (a JSON-escaped
 * PEM), not its `client_email` or `private_key_id`, so the key is found by its public half: the
 * operator's token (GOOGLE_OAUTH_ACCESS_TOKEN, or CLOUDSDK_AUTH_ACCESS_TOKEN as `gcloud auth
 * print-access-token` gives it) lists the service accounts of the project (GOOGLE_CLOUD_PROJECT: the
 * file's `project_id`), their user-managed keys, and each key's public certificate; the key whose public
 * key is the leaked private key's is the one. It is then disabled (`keys.disable`), which stops it at
 * once and can be undone; deleting it is left to the console once nothing breaks.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok, refused, type Outcome } from '../../contract.js';
import type { RevocationRow, RowCall } from '../row.js';
import { selfSignedCertificate } from './self-signed.js';
import { alreadyInvalid, arrayAt, denialOf, tail } from './shared.js';

/** Key certificates read at most: a project with more keys is answered in the console. */
const MAX_KEY_READS = 500;
const MAX_PAGES = 20;

/** The leaked key's public half (SubjectPublicKeyInfo DER), or null when the PEM cannot be read. */
export function publicHalf(secret: string): Buffer | null {
  try {
    return createPublicKey(createPrivateKey(secret.replace(/\\n/g, '\n'))).export({ type: 'spki', format: 'der' });
  } catch {
    return null;
  }
}

/** The public key of a `keys.get` answer (`publicKeyData`: base64 of an X.509 PEM), or null. */
function certificateKey(publicKeyData: string | null): Buffer | null {
  if (!publicKeyData) return null;
  try {
    return new X509Certificate(Buffer.from(publicKeyData, 'base64').toString('utf8')).publicKey.export({ type: 'spki', format: 'der' });
  } catch {
    return null;
  }
}

const accountPath = (project: string, email: string): string => `/v1/projects/${encodeURIComponent(project)}/serviceAccounts/${encodeURIComponent(email)}`;

async function serviceAccounts(call: RowCall, project: string): Promise<Outcome<string[]>> {
  const emails: string[] = [];
  let pageToken: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const path = `/v1/projects/${encodeURIComponent(project)}/serviceAccounts?pageSize=100${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`;
    const answer = await call({ method: 'GET', path, label: 'GET /v1/projects/{project}/serviceAccounts' });
    if (answer.state !== 'ok') return answer;
    if (answer.value.status !== 200) return denialOf('Google Cloud IAM', 'GET /v1/projects/{project}/serviceAccounts', answer.value);
    for (const account of arrayAt(answer.value.body, 'accounts')) {
      const email = field(account, 'email');
      if (email) emails.push(email);
    }
    pageToken = field(answer.value.body, 'nextPageToken');
    if (!pageToken) return ok(emails);
  }
  return refused('ambiguous', `project ${project} has more than ${MAX_PAGES * 100} service accounts: disable the key in the console by its private_key_id`);
}

interface Match {
  email: string;
  keyId: string;
  disabled: boolean;
}

export const GCP_ROW: RevocationRow = {
  provider: 'gcp',
  title: 'Google Cloud',
  rules: ['gcp-service-account-key'],
  base: 'https://iam.googleapis.com',
  envVar: 'GCP_IAM_API_URL',
  operator: { env: ['GOOGLE_OAUTH_ACCESS_TOKEN', 'CLOUDSDK_AUTH_ACCESS_TOKEN'], auth: { kind: 'bearer' }, needs: 'may list service accounts and their keys and disable keys in the project (roles/iam.serviceAccountKeyAdmin)' },
  settings: { project: { env: ['GOOGLE_CLOUD_PROJECT', 'CLOUDSDK_CORE_PROJECT', 'GCLOUD_PROJECT'], what: 'the project_id written in the leaked key file' } },
  reversible: true,
  effect: 'disable the service-account key',
  async locate(call, cred) {
    const leaked = publicHalf(cred.secret);
    if (!leaked) return refused('ambiguous', 'the private key of this key file cannot be read, so its public half cannot be matched: disable the key by its private_key_id in the console');
    const project = call.setting('project');
    if (project.state !== 'ok') return project;
    const emails = await serviceAccounts(call, project.value);
    if (emails.state !== 'ok') return emails;
    const matches: Match[] = [];
    let reads = 0;
    for (const email of emails.value) {
      const list = await call({ method: 'GET', path: `${accountPath(project.value, email)}/keys?keyTypes=USER_MANAGED`, label: 'GET /v1/projects/{project}/serviceAccounts/{email}/keys' });
      if (list.state !== 'ok') return list;
      if (list.value.status !== 200) return denialOf('Google Cloud IAM', 'GET /v1/projects/{project}/serviceAccounts/{email}/keys', list.value);
      for (const key of arrayAt(list.value.body, 'keys')) {
        const keyId = (field(key, 'name') ?? '').split('/').pop() ?? '';
        if (!/^[A-Za-z0-9_-]+$/.test(keyId)) continue;
        if (++reads > MAX_KEY_READS) return refused('ambiguous', `project ${project.value} has more than ${MAX_KEY_READS} service-account keys: disable the key in the console by its private_key_id`);
        const read = await call({ method: 'GET', path: `${accountPath(project.value, email)}/keys/${encodeURIComponent(keyId)}?publicKeyType=TYPE_X509_PEM_FILE`, label: 'GET /v1/projects/{project}/serviceAccounts/{email}/keys/{key}' });
        if (read.state !== 'ok') return read;
        if (read.value.status !== 200) continue;
        const other = certificateKey(field(read.value.body, 'publicKeyData'));
        if (other && other.equals(leaked)) matches.push({ email, keyId, disabled: (key as Record<string, unknown>).disabled === true });
      }
    }
    if (matches.length !== 1) {
      return refused('ambiguous', matches.length === 0
        ? `no user-managed key of project ${project.value} has this key's public half: it was deleted already, or the file belongs to another project (set GOOGLE_CLOUD_PROJECT to its project_id)`
        : `${matches.length} keys of project ${project.value} share this public key, so the leaked one cannot be told: disable them in the console`);
    }
    const match = matches[0]!;
    if (match.disabled) return alreadyInvalid('Google Cloud', 'the key is disabled');
    return ok({ id: match.keyId, label: `key ${tail(match.keyId)} of ${match.email}`, owner: match.email, account: project.value, params: { project: project.value, email: match.email } });
  },
  revoke: (call, target) =>
    call({
      method: 'POST',
      path: `${accountPath(target.params!.project!, target.params!.email!)}/keys/${encodeURIComponent(target.id)}:disable`,
      label: 'POST /v1/projects/{project}/serviceAccounts/{email}/keys/{key}:disable',
      json: {},
      write: true,
      idempotent: true,
    }),
  sample: {
    // A real key pair, made at run time: locate matches public halves, which a random PEM body has not
    // (1024 bits keep the table test quick; the size does not matter to the match).
    secret: () => generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n'),
    env: { GOOGLE_CLOUD_PROJECT: 'acme-prod' },
    routes(secret) {
      const privateKey = createPrivateKey(secret.replace(/\\n/g, '\n'));
      const certificate = selfSignedCertificate(privateKey, createPublicKey(privateKey), 'deployer');
      const keyId = expandTemplate('$[hex:40]', `key ${secret.slice(-48)}`);
      const email = 'deployer@acme-prod.iam.gserviceaccount.com';
      const account = accountPath('acme-prod', email);
      return [
        {
          method: 'GET', path: '/v1/projects/acme-prod/serviceAccounts', auth: 'operator', body: {
            accounts: [
              { name: `projects/acme-prod/serviceAccounts/${email}`, email, projectId: 'acme-prod', uniqueId: '104729301957361842077' },
              { name: 'projects/acme-prod/serviceAccounts/reader@acme-prod.iam.gserviceaccount.com', email: 'reader@acme-prod.iam.gserviceaccount.com', projectId: 'acme-prod', uniqueId: '118273645019283746501' },
            ],
          },
        },
        { method: 'GET', path: `${account}/keys`, auth: 'operator', body: { keys: [{ name: `projects/acme-prod/serviceAccounts/${email}/keys/${keyId}`, keyAlgorithm: 'KEY_ALG_RSA_2048', keyOrigin: 'GOOGLE_PROVIDED', keyType: 'USER_MANAGED', validAfterTime: '2025-01-10T09:00:00Z', validBeforeTime: '9999-12-31T23:59:59Z' }] } },
        { method: 'GET', path: `${accountPath('acme-prod', 'reader@acme-prod.iam.gserviceaccount.com')}/keys`, auth: 'operator', body: {} },
        { method: 'GET', path: `${account}/keys/${keyId}`, auth: 'operator', body: { name: `projects/acme-prod/serviceAccounts/${email}/keys/${keyId}`, publicKeyData: Buffer.from(certificate).toString('base64'), keyType: 'USER_MANAGED' } },
        { method: 'POST', path: `${account}/keys/${keyId}:disable`, auth: 'operator', body: {}, revokes: true },
      ];
    },
  },
};
