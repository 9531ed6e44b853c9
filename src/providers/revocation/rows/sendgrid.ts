/**
 * SendGrid: a key `SG.<key id>.<secret>` carries its own id, so the operator's key (scope
 * `api_keys.read`/`api_keys.delete`, or full access) reads it by id (a 404 means another account's key)
 * and deletes it. Rotation creates a key with the same name and scopes first.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok, refused, type Outcome } from '../../contract.js';
import type { Located, RevocationRow, RowCall } from '../row.js';
import { denialOf, fieldList, tail } from './shared.js';

const KEY_ID = /^SG\.([A-Za-z0-9_-]{20,24})\.[A-Za-z0-9_-]{39,50}$/;

async function readKey(call: RowCall, id: string): Promise<Outcome<{ name: string | null; scopes: string[] }>> {
  const answer = await call({ method: 'GET', path: `/v3/api_keys/${encodeURIComponent(id)}`, label: 'GET /v3/api_keys/{id}' });
  if (answer.state !== 'ok') return answer;
  const res = answer.value;
  if (res.status === 404) return refused('not-owner', 'the key is not one of the operator account\'s keys (SendGrid answers 404): its own account must delete it');
  if (res.status !== 200) return denialOf('SendGrid', 'GET /v3/api_keys/{id}', res);
  return ok({ name: field(res.body, 'name'), scopes: fieldList(res.body, 'scopes') });
}

export const SENDGRID_ROW: RevocationRow = {
  provider: 'sendgrid',
  title: 'SendGrid',
  rules: ['sendgrid-api-key'],
  base: 'https://api.sendgrid.com',
  envVar: 'SENDGRID_API_URL',
  leakedAuth: { kind: 'bearer' },
  operator: { env: ['SENDGRID_ADMIN_API_KEY'], auth: { kind: 'bearer' }, needs: 'may manage API keys (api_keys scopes, or full access)' },
  selfRevoke: true,
  reversible: false,
  effect: 'delete the API key',
  async locate(call, cred) {
    const id = KEY_ID.exec(cred.secret)?.[1];
    if (!id) return refused('ambiguous', 'this SendGrid key is not in the SG.<id>.<secret> form, so its id cannot be told: delete it in the console by its name');
    const key = await readKey(call, id);
    if (key.state !== 'ok') return key;
    const user = await call({ method: 'GET', path: '/v3/user/username' });
    const owner = user.state === 'ok' && user.value.status === 200 ? field(user.value.body, 'username') : null;
    return ok({ id, label: `API key ${tail(id)}${key.value.name ? ` "${key.value.name}"` : ''}`, owner, account: null });
  },
  revoke: (call, target) => call({ method: 'DELETE', path: `/v3/api_keys/${encodeURIComponent(target.id)}`, label: 'DELETE /v3/api_keys/{id}', write: true }),
  rotate: {
    async create(call, old: Located) {
      const key = await readKey(call, old.id);
      if (key.state !== 'ok') return key;
      const name = `${key.value.name ?? 'key'} (rotated by spillkit ${new Date().toISOString().slice(0, 10)})`;
      const answer = await call({ method: 'POST', path: '/v3/api_keys', json: { name, scopes: key.value.scopes }, write: true });
      if (answer.state !== 'ok') return answer;
      const res = answer.value;
      if (res.status !== 201 && res.status !== 200) return denialOf('SendGrid', 'POST /v3/api_keys', res, /maximum|limit/i);
      const secret = field(res.body, 'api_key');
      const id = field(res.body, 'api_key_id');
      if (!secret || !id) return refused('unexpected-answer', 'SendGrid created a key but did not return it: delete the newest key in the console');
      return ok({ secret, id, label: `API key ${tail(id)} "${name}"` });
    },
    discard: async (call, created) => {
      const answer = await call({ method: 'DELETE', path: `/v3/api_keys/${encodeURIComponent(created.id)}`, label: 'DELETE /v3/api_keys/{id}', write: true });
      return answer.state === 'ok' && answer.value.status < 300 ? ok(undefined) : refused('discard-failed', answer.state === 'ok' ? `HTTP ${answer.value.status}` : answer.message);
    },
  },
  sample: {
    secret: (seed) => expandTemplate('SG.$[b64url:22].$[b64url:43]', seed),
    routes(secret) {
      const id = KEY_ID.exec(secret)![1]!;
      return [
        { method: 'GET', path: `/v3/api_keys/${id}`, auth: 'operator', body: { api_key_id: id, name: 'mailer', scopes: ['mail.send'] } },
        { method: 'GET', path: '/v3/user/username', auth: 'operator', body: { username: 'acme-mail', user_id: 7 } },
        { method: 'DELETE', path: `/v3/api_keys/${id}`, auth: 'operator', status: 204, revokes: true },
        { method: 'POST', path: '/v3/api_keys', auth: 'operator', status: 201, creates: true, body: { api_key: '{new-secret}', api_key_id: '{new-id}', name: 'mailer (rotated)', scopes: ['mail.send'] } },
        { method: 'DELETE', path: '/v3/api_keys/{new-id}', auth: 'operator', status: 204 },
      ];
    },
  },
};
