/**
 * Anthropic API keys, through the Admin API with the operator's Admin key (`ANTHROPIC_ADMIN_KEY`,
 * `sk-ant-admin01-…`). A key carries no id: the row lists the organization's keys and matches the
 * leaked key against each `partial_key_hint`; one match or a refusal. The Admin API cannot delete or
 * create keys: it sets a key's status, so the leaked key is set `inactive` (reversible; archive it in
 * the Console once nothing uses it) and there is no rotation.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok, refused, type Outcome } from '../../contract.js';
import type { RevocationRow, RowCall } from '../row.js';
import { hintMatches, MAX_PAGES, onlyMatch } from './hints.js';
import { alreadyInvalid, arrayAt, denialOf, tail } from './shared.js';

const KEYS = '/v1/organizations/api_keys';

/** Every key of the organization, page by page (`has_more`, `last_id` → `after_id`). */
async function listKeys(call: RowCall): Promise<Outcome<unknown[]>> {
  const keys: unknown[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await call({ method: 'GET', path: `${KEYS}?limit=100${after ? `&after_id=${encodeURIComponent(after)}` : ''}`, label: `GET ${KEYS}` });
    if (answer.state !== 'ok') return answer;
    if (answer.value.status !== 200) return denialOf('Anthropic', `GET ${KEYS}`, answer.value);
    keys.push(...arrayAt(answer.value.body, 'data'));
    after = field(answer.value.body, 'last_id');
    if ((answer.value.body as { has_more?: unknown } | null)?.has_more !== true || !after) return ok(keys);
  }
  return refused('unexpected-answer', `Anthropic kept paging past ${MAX_PAGES} pages of keys: deactivate the key in the Console`);
}

export const ANTHROPIC_ROW: RevocationRow = {
  provider: 'anthropic',
  title: 'Anthropic',
  rules: ['anthropic-api-key'],
  base: 'https://api.anthropic.com',
  envVar: 'ANTHROPIC_API_URL',
  headers: { 'anthropic-version': '2023-06-01' },
  // Only to tell a dead key from another organization's when no listed key matches.
  leakedAuth: { kind: 'header', name: 'x-api-key' },
  operator: { env: ['ANTHROPIC_ADMIN_KEY', 'ANTHROPIC_ADMIN_API_KEY'], auth: { kind: 'header', name: 'x-api-key' }, needs: 'is an Admin API key (sk-ant-admin01-…) of the key\'s organization' },
  reversible: true,
  effect: 'set the API key inactive',
  async locate(call, cred) {
    const keys = await listKeys(call);
    if (keys.state !== 'ok') return keys;
    const match = onlyMatch(keys.value.filter((key) => hintMatches(field(key, 'partial_key_hint'), cred.secret)));
    if (match.kind === 'many') {
      return refused('ambiguous', `${match.count} Anthropic keys show the same hint as the leaked key: deactivate it in the Console (Settings → API keys), where their names and workspaces tell them apart`);
    }
    if (match.kind === 'none') {
      const check = await call({ method: 'GET', path: '/v1/models?limit=1', label: 'GET /v1/models', as: 'leaked' });
      if (check.state === 'ok' && check.value.status === 401) return alreadyInvalid('Anthropic', '/v1/models answered 401');
      return refused('ambiguous', `none of the ${keys.value.length} keys the Admin key lists shows the leaked key's hint: it belongs to another organization, so deactivate it there`);
    }
    const key = match.item;
    const id = field(key, 'id');
    if (!id) return refused('unexpected-answer', 'Anthropic listed the key without an id: deactivate it in the Console');
    const status = field(key, 'status');
    if (status && status !== 'active') return alreadyInvalid('Anthropic', `the Admin API lists it as ${status}`);
    let owner: string | null = null;
    const creator = field(key, 'created_by', 'id');
    if (creator && field(key, 'created_by', 'type') === 'user') {
      const user = await call({ method: 'GET', path: `/v1/organizations/users/${encodeURIComponent(creator)}`, label: 'GET /v1/organizations/users/{id}' });
      owner = user.state === 'ok' && user.value.status === 200 ? field(user.value.body, 'email') : null;
    }
    const name = field(key, 'name');
    return ok({
      id,
      label: `API key ${tail(id)}${name ? ` "${name}"` : ''}`,
      owner: owner ?? creator,
      account: field(key, 'workspace_id') ?? 'default workspace',
    });
  },
  // Setting a status twice is harmless, so a lost answer may be retried.
  revoke: (call, target) => call({ method: 'POST', path: `${KEYS}/${encodeURIComponent(target.id)}`, label: `POST ${KEYS}/{id}`, json: { status: 'inactive' }, write: true, idempotent: true }),
  sample: {
    secret: (seed) => expandTemplate('sk-ant-api03-$[b64url:93]AA', seed),
    routes(secret) {
      const head = secret.slice(0, 16);
      const last = secret.slice(-4);
      const other = `${last[0] === 'Q' ? 'R' : 'Q'}${last.slice(1)}`;
      const key = (id: string, name: string, hint: string) => ({
        id, type: 'api_key', name, partial_key_hint: hint, status: 'active', workspace_id: 'wrkspc_backend', created_at: '2025-03-01T10:00:00Z',
        created_by: { id: 'user_dev', type: 'user' },
      });
      return [
        { method: 'GET', path: KEYS, auth: 'operator', body: { data: [key('apikey_laptop', 'laptop', `${head}...${other}`), key('apikey_backend', 'backend', `${head}...${last}`)], has_more: false, first_id: 'apikey_laptop', last_id: 'apikey_backend' } },
        { method: 'GET', path: '/v1/organizations/users/user_dev', auth: 'operator', body: { id: 'user_dev', type: 'user', email: 'dev@example.com', name: 'Dev', role: 'developer' } },
        { method: 'POST', path: `${KEYS}/apikey_backend`, auth: 'operator', revokes: true, body: { ...key('apikey_backend', 'backend', `${head}...${last}`), status: 'inactive' } },
      ];
    },
  },
};
