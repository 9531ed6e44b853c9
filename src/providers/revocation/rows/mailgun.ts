/**
 * Mailgun API keys (`<32 hex>-<8 hex>-<8 hex>`), through the Keys API: the operator's key (an Admin
 * role) lists the account's keys and the leaked one is the key whose id is the leaked key's last two
 * groups, the form of every id the Keys API returns. Exactly one must match: none means a webhook
 * signing key, a key of another account or one already deleted, and the row refuses. The legacy
 * `key-…` account key has no id in it and keeps the console steps. EU accounts set
 * MAILGUN_API_URL=https://api.eu.mailgun.net.
 *
 * Rotation creates a key with the same role, kind, domain and description, then deletes the old one.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok, refused, type Outcome } from '../../contract.js';
import type { Located, RevocationRow, RowCall } from '../row.js';
import { alreadyInvalid, arrayAt, denialOf, tail } from './shared.js';

const KEY = /^[a-f0-9]{32}-([a-f0-9]{8}-[a-f0-9]{8})$/;

interface MailgunKey {
  id: string;
  description: string | null;
  kind: string | null;
  role: string | null;
  domain: string | null;
  requestor: string | null;
  userName: string | null;
  disabled: boolean;
}

function keyOf(item: unknown): MailgunKey {
  const record = (item ?? {}) as Record<string, unknown>;
  return {
    id: field(item, 'id') ?? '',
    description: field(item, 'description'),
    kind: field(item, 'kind'),
    role: field(item, 'role'),
    domain: field(item, 'domain_name'),
    requestor: field(item, 'requestor'),
    userName: field(item, 'user_name'),
    disabled: record.is_disabled === true,
  };
}

/** The account's key with this id, read from the key list (the Keys API has no read by id). */
async function findKey(call: RowCall, id: string): Promise<Outcome<MailgunKey>> {
  const answer = await call({ method: 'GET', path: '/v1/keys', label: 'GET /v1/keys' });
  if (answer.state !== 'ok') return answer;
  if (answer.value.status !== 200) return denialOf('Mailgun', 'GET /v1/keys', answer.value);
  const matches = arrayAt(answer.value.body, 'items').map(keyOf).filter((k) => k.id === id);
  if (matches.length === 1) return ok(matches[0]!);
  return refused('ambiguous', matches.length === 0
    ? 'no API key of the operator\'s account has the id this key ends with: it may be a webhook signing key, another account\'s key, or one already deleted; check Settings → API keys in the console'
    : `${matches.length} keys of the account answer to this id, so the leaked one cannot be told: delete it in the console`);
}

const describe = (key: MailgunKey): string => [key.role, key.kind, key.domain].filter(Boolean).join(', ');

const deleteKey = (call: RowCall, id: string) => call({ method: 'DELETE', path: `/v1/keys/${encodeURIComponent(id)}`, label: 'DELETE /v1/keys/{id}', write: true });

export const MAILGUN_ROW: RevocationRow = {
  provider: 'mailgun',
  title: 'Mailgun',
  rules: ['mailgun-api-key'],
  base: 'https://api.mailgun.net',
  envVar: 'MAILGUN_API_URL',
  operator: { env: ['MAILGUN_API_KEY'], auth: { kind: 'basic', as: 'password', other: 'api' }, needs: 'has the Admin role (only admins manage API keys)' },
  reversible: false,
  effect: 'delete the API key',
  async locate(call, cred) {
    const id = KEY.exec(cred.secret)?.[1];
    if (!id) return refused('ambiguous', 'this Mailgun key is not in the <hex>-<hex>-<hex> form, so its id cannot be told: delete it in the console');
    const key = await findKey(call, id);
    if (key.state !== 'ok') return key;
    if (key.value.disabled) return alreadyInvalid('Mailgun', 'the key is disabled');
    const owner = key.value.requestor ?? key.value.userName;
    return ok({ id, label: `API key ${tail(id)}${key.value.description ? ` "${key.value.description}"` : ''}${describe(key.value) ? ` (${describe(key.value)})` : ''}`, owner, account: key.value.domain });
  },
  revoke: (call, target) => deleteKey(call, target.id),
  rotate: {
    async create(call, old: Located) {
      const key = await findKey(call, old.id);
      if (key.state !== 'ok') return key;
      const { role, kind, domain, requestor, userName, description } = key.value;
      if (!role) return refused('unexpected-answer', 'Mailgun did not say the key\'s role, so a replacement with the same access cannot be made: create it in the console');
      // A web key lives a day at most: it is replaced by signing in again, not by a copy.
      if (kind === 'web') return refused('manual', 'a Mailgun web key expires within a day and is reissued by signing in: just revoke it');
      const name = `${description ?? 'key'} (rotated by spillkit ${new Date().toISOString().slice(0, 10)})`;
      const form: Record<string, string> = { role, description: name, ...(kind ? { kind } : {}), ...(domain ? { domain_name: domain } : {}) };
      if (kind !== 'domain' && requestor) form.email = requestor;
      if (kind !== 'domain' && userName) form.user_name = userName;
      const answer = await call({ method: 'POST', path: '/v1/keys', label: 'POST /v1/keys', form, write: true });
      if (answer.state !== 'ok') return answer;
      const res = answer.value;
      if (res.status !== 200 && res.status !== 201) return denialOf('Mailgun', 'POST /v1/keys', res, /limit|maximum/i);
      const secret = field(res.body, 'key', 'secret');
      const id = field(res.body, 'key', 'id');
      if (!secret || !id) return refused('unexpected-answer', 'Mailgun created a key but did not return it: delete the newest key in the console');
      return ok({ secret, id, label: `API key ${tail(id)} "${name}"` });
    },
    discard: async (call, created) => {
      const answer = await deleteKey(call, created.id);
      return answer.state === 'ok' && answer.value.status < 300 ? ok(undefined) : refused('discard-failed', answer.state === 'ok' ? `HTTP ${answer.value.status}` : answer.message);
    },
  },
  sample: {
    secret: (seed) => expandTemplate('$[hex:32]-$[hex:8]-$[hex:8]', seed),
    routes(secret) {
      const id = KEY.exec(secret)![1]!;
      const item = (keyId: string, description: string) => ({ id: keyId, description, kind: 'domain', role: 'sending', created_at: '2025-01-02T15:04:05', updated_at: '2025-01-02T15:04:05', domain_name: 'mg.example.com', requestor: 'ops@example.com', user_name: null, is_disabled: false });
      return [
        { method: 'GET', path: '/v1/keys', auth: 'operator', body: { total_count: 2, items: [item('0badc0de-00000001', 'other'), item(id, 'mailer')] } },
        { method: 'DELETE', path: `/v1/keys/${id}`, auth: 'operator', body: { message: 'key deleted' }, revokes: true },
        { method: 'POST', path: '/v1/keys', auth: 'operator', creates: true, body: { message: 'great success', key: { ...item('{new-id}', 'mailer (rotated)'), secret: '{new-secret}' } } },
        { method: 'DELETE', path: '/v1/keys/{new-id}', auth: 'operator', body: { message: 'key deleted' } },
      ];
    },
  },
};
