/**
 * Cloudflare user API tokens: the leaked token names its own id (`GET /user/tokens/verify`, read-only),
 * the operator's token (permission "API Tokens Write" on the same user) reads and deletes it; a 404
 * means the token belongs to another user. Rotation copies the old token's policies into a new token,
 * never "roll", which would kill the old value before the new one is delivered.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok, refused, type Outcome } from '../../contract.js';
import type { JsonResponse } from '../../http.js';
import type { RevocationRow, RowCall } from '../row.js';
import { alreadyInvalid, arrayAt, denialOf, objectAt, tail } from './shared.js';

const API = '/client/v4';

async function readToken(call: RowCall, id: string): Promise<Outcome<JsonResponse>> {
  const answer = await call({ method: 'GET', path: `${API}/user/tokens/${encodeURIComponent(id)}`, label: `GET ${API}/user/tokens/{id}` });
  if (answer.state !== 'ok') return answer;
  if (answer.value.status === 404) return refused('not-owner', 'the token is not one of the operator user\'s tokens (Cloudflare answers 404): its own user must delete it, or choose --use-leaked-key');
  if (answer.value.status !== 200) return denialOf('Cloudflare', `GET ${API}/user/tokens/{id}`, answer.value);
  return answer;
}

/** A token's policies as the create call takes them: without the ids the API assigned. */
function policiesOf(token: unknown): unknown[] {
  return arrayAt(token, 'result', 'policies').map((p) => {
    const { id: _id, ...rest } = (p ?? {}) as Record<string, unknown>;
    const groups = arrayAt(rest, 'permission_groups').map((g) => ({ id: field(g, 'id') }));
    return { ...rest, permission_groups: groups };
  });
}

export const CLOUDFLARE_ROW: RevocationRow = {
  provider: 'cloudflare',
  title: 'Cloudflare',
  rules: ['cloudflare-api-token', 'cloudflare-api-token-context', 'cloudflare-api-token-prefixed'],
  base: 'https://api.cloudflare.com',
  envVar: 'CLOUDFLARE_API_URL',
  leakedAuth: { kind: 'bearer' },
  operator: { env: ['CLOUDFLARE_API_TOKEN', 'CF_API_TOKEN'], auth: { kind: 'bearer' }, needs: 'has "API Tokens Write" on the same Cloudflare user' },
  selfRevoke: true,
  reversible: false,
  effect: 'delete the API token',
  async locate(call, cred) {
    if (cred.secret.startsWith('cfat_')) return refused('manual', 'an account-owned Cloudflare token is deleted under its account (Manage Account → API Tokens): see the manual steps');
    const verify = await call({ method: 'GET', path: `${API}/user/tokens/verify`, as: 'leaked' });
    if (verify.state !== 'ok') return verify;
    if (verify.value.status === 401 || verify.value.status === 400) return alreadyInvalid('Cloudflare', `tokens/verify answered ${verify.value.status}`);
    const id = field(verify.value.body, 'result', 'id');
    if (verify.value.status !== 200 || !id) return denialOf('Cloudflare', `GET ${API}/user/tokens/verify`, verify.value);
    const token = await readToken(call, id);
    if (token.state !== 'ok') return token;
    const user = await call({ method: 'GET', path: `${API}/user` });
    const owner = user.state === 'ok' && user.value.status === 200 ? field(user.value.body, 'result', 'email') : null;
    const name = field(token.value.body, 'result', 'name');
    return ok({ id, label: `API token ${tail(id)}${name ? ` "${name}"` : ''}`, owner, account: null });
  },
  revoke: (call, target) => call({ method: 'DELETE', path: `${API}/user/tokens/${encodeURIComponent(target.id)}`, label: `DELETE ${API}/user/tokens/{id}`, write: true }),
  rotate: {
    async create(call, old) {
      const token = await readToken(call, old.id);
      if (token.state !== 'ok') return token;
      const result = objectAt(token.value.body, 'result') ?? {};
      const name = `${field(result, 'name') ?? 'token'} (rotated by spillkit ${new Date().toISOString().slice(0, 10)})`;
      const body: Record<string, unknown> = { name, policies: policiesOf(token.value.body) };
      for (const key of ['condition', 'expires_on', 'not_before']) if (result[key] !== undefined && result[key] !== null) body[key] = result[key];
      const answer = await call({ method: 'POST', path: `${API}/user/tokens`, json: body, write: true });
      if (answer.state !== 'ok') return answer;
      if (answer.value.status !== 200) return denialOf('Cloudflare', `POST ${API}/user/tokens`, answer.value, /limit|maximum/i);
      const secret = field(answer.value.body, 'result', 'value');
      const id = field(answer.value.body, 'result', 'id');
      if (!secret || !id) return refused('unexpected-answer', 'Cloudflare created a token but did not return its value: delete the newest token in the console');
      return ok({ secret, id, label: `API token ${tail(id)} "${name}"` });
    },
    discard: async (call, created) => {
      const answer = await call({ method: 'DELETE', path: `${API}/user/tokens/${encodeURIComponent(created.id)}`, label: `DELETE ${API}/user/tokens/{id}`, write: true });
      return answer.state === 'ok' && answer.value.status < 300 ? ok(undefined) : refused('discard-failed', answer.state === 'ok' ? `HTTP ${answer.value.status}` : answer.message);
    },
  },
  sample: {
    secret: (seed) => expandTemplate('$[alnum:40]', seed),
    routes(secret) {
      const id = `tok${secret.slice(0, 10)}`;
      return [
        { method: 'GET', path: `${API}/user/tokens/verify`, auth: 'leaked', body: { success: true, result: { id, status: 'active' } } },
        { method: 'GET', path: `${API}/user/tokens/${id}`, auth: 'operator', body: { success: true, result: { id, name: 'dns-edit', status: 'active', policies: [{ id: 'p1', effect: 'allow', resources: { 'com.cloudflare.api.account.zone.*': '*' }, permission_groups: [{ id: 'g1', name: 'DNS Write' }] }] } } },
        { method: 'GET', path: `${API}/user`, auth: 'operator', body: { success: true, result: { email: 'ops@example.com' } } },
        { method: 'DELETE', path: `${API}/user/tokens/${id}`, auth: 'operator', revokes: true, body: { success: true, result: { id } } },
        { method: 'POST', path: `${API}/user/tokens`, auth: 'operator', creates: true, body: { success: true, result: { id: '{new-id}', value: '{new-secret}' } } },
        { method: 'DELETE', path: `${API}/user/tokens/{new-id}`, auth: 'operator', body: { success: true } },
      ];
    },
  },
};
