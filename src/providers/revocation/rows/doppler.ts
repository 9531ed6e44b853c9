/**
 * Doppler: a token names itself (`GET /v3/me`: its name, type and workplace), and Doppler revokes a
 * token by its value (`POST /v3/auth/revoke {token}`), signed by the operator's token of the same
 * workplace (`DOPPLER_TOKEN`), or, when chosen, by the leaked token itself.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok } from '../../contract.js';
import type { RevocationRow } from '../row.js';
import { alreadyInvalid, denialOf } from './shared.js';

export const DOPPLER_ROW: RevocationRow = {
  provider: 'doppler',
  title: 'Doppler',
  rules: ['doppler-api-token', 'doppler-service-token'],
  base: 'https://api.doppler.com',
  envVar: 'DOPPLER_API_URL',
  leakedAuth: { kind: 'bearer' },
  operator: { env: ['DOPPLER_TOKEN'], auth: { kind: 'bearer' }, needs: 'belongs to the same Doppler workplace and may manage its tokens' },
  selfRevoke: true,
  reversible: false,
  effect: 'revoke the token',
  async locate(call) {
    const me = await call({ method: 'GET', path: '/v3/me', as: 'leaked' });
    if (me.state !== 'ok') return me;
    if (me.value.status === 401) return alreadyInvalid('Doppler', 'GET /v3/me answered 401');
    if (me.value.status !== 200) return denialOf('Doppler', 'GET /v3/me', me.value);
    const name = field(me.value.body, 'name');
    const type = field(me.value.body, 'type') ?? 'token';
    const slug = field(me.value.body, 'slug') ?? 'token';
    return ok({ id: slug, label: `${type.replace(/_/g, ' ')}${name ? ` "${name}"` : ''}`, owner: name, account: field(me.value.body, 'workplace', 'name') });
  },
  revoke: (call) => call({ method: 'POST', path: '/v3/auth/revoke', label: 'POST /v3/auth/revoke', leakedIn: { json: 'token' }, write: true, idempotent: true }),
  sample: {
    secret: (seed) => expandTemplate('dp.pt.$[alnum:43]', seed),
    routes: () => [
      { method: 'GET', path: '/v3/me', auth: 'leaked', body: { name: 'ci-reader', slug: 'tok_ci', type: 'personal', workplace: { name: 'acme' } } },
      { method: 'POST', path: '/v3/auth/revoke', auth: 'operator', revokes: true, body: { success: true } },
    ],
  },
};
