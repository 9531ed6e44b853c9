/**
 * Vercel tokens: the leaked token names its own id (`GET /v5/user/tokens/current`, read-only), the
 * operator's token (another token of the same Vercel user: tokens belong to the user who made them)
 * reads it by id, where a 404 means another user's token, and deletes it. Chosen explicitly, the leaked
 * token deletes itself by the id it just named (the same token `current` denotes), so the call is the
 * same whoever signs it.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok, refused } from '../../contract.js';
import type { JsonResponse } from '../../http.js';
import type { RevocationRow } from '../row.js';
import { alreadyInvalid, denialOf, tail } from './shared.js';

/** Vercel answers a token it does not know with 403 `invalidToken` (or 401), not with 404. */
const rejected = (res: JsonResponse): boolean =>
  res.status === 401 || (res.status === 403 && (res.body as { error?: { invalidToken?: unknown } } | null)?.error?.invalidToken === true);

export const VERCEL_ROW: RevocationRow = {
  provider: 'vercel',
  title: 'Vercel',
  // Integration and app tokens (vci_, vca_) are not user tokens: they keep the console steps.
  rules: ['vercel-personal-access-token', 'vercel-access-token', 'vercel-cli-token'],
  base: 'https://api.vercel.com',
  envVar: 'VERCEL_API_URL',
  leakedAuth: { kind: 'bearer' },
  operator: { env: ['VERCEL_TOKEN'], auth: { kind: 'bearer' }, needs: 'is another token of the same Vercel user (a user sees and deletes only their own tokens)' },
  selfRevoke: true,
  reversible: false,
  effect: 'delete the token',
  async locate(call, _cred, authority) {
    const current = await call({ method: 'GET', path: '/v5/user/tokens/current', as: 'leaked' });
    if (current.state !== 'ok') return current;
    if (rejected(current.value)) return alreadyInvalid('Vercel', `tokens/current answered ${current.value.status}`);
    const id = field(current.value.body, 'token', 'id');
    if (current.value.status !== 200 || !id) return denialOf('Vercel', 'GET /v5/user/tokens/current', current.value);
    if (authority === 'operator') {
      const seen = await call({ method: 'GET', path: `/v5/user/tokens/${encodeURIComponent(id)}`, label: 'GET /v5/user/tokens/{id}' });
      if (seen.state !== 'ok') return seen;
      if (seen.value.status === 404) return refused('not-owner', 'the token is not one of the operator user\'s tokens (Vercel answers 404): its own user must delete it, or choose --use-leaked-key');
      if (seen.value.status !== 200) return denialOf('Vercel', 'GET /v5/user/tokens/{id}', seen.value);
    }
    const user = await call({ method: 'GET', path: '/v2/user' });
    const owner = user.state === 'ok' && user.value.status === 200 ? field(user.value.body, 'user', 'username') ?? field(user.value.body, 'user', 'email') : null;
    const name = field(current.value.body, 'token', 'name');
    return ok({ id, label: `token ${tail(id)}${name ? ` "${name}"` : ''}`, owner, account: field(current.value.body, 'token', 'teamId') });
  },
  revoke: (call, target) => call({ method: 'DELETE', path: `/v3/user/tokens/${encodeURIComponent(target.id)}`, label: 'DELETE /v3/user/tokens/{id}', write: true }),
  sample: {
    secret: (seed) => expandTemplate('vcp_$[b64url:56]', seed),
    routes(secret) {
      const id = `tok${secret.slice(4, 16).replace(/[^A-Za-z0-9]/g, 'x')}`;
      return [
        { method: 'GET', path: '/v5/user/tokens/current', auth: 'leaked', body: { token: { id, name: 'ci-deploy', type: 'oauth2-token', origin: 'manual', activeAt: 1700000000000, createdAt: 1690000000000 } } },
        { method: 'GET', path: `/v5/user/tokens/${id}`, auth: 'operator', body: { token: { id, name: 'ci-deploy', type: 'oauth2-token', activeAt: 1700000000000, createdAt: 1690000000000 } } },
        { method: 'GET', path: '/v2/user', auth: 'operator', body: { user: { id: 'usr1', username: 'acme-ops', email: 'ops@example.com' } } },
        { method: 'DELETE', path: `/v3/user/tokens/${id}`, auth: 'operator', revokes: true, body: { tokenId: id } },
      ];
    },
  },
};
