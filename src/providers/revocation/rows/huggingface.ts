/**
 * Hugging Face user access tokens (`hf_…`). Hugging Face offers no API with which an operator deletes
 * a user's token; it offers a public leaked-token endpoint instead: `POST /api/credentials/revoke`
 * with the raw token in the body, no authentication, answered 202 whether or not the token existed
 * (so it cannot be used to probe), and the owner is emailed. Possession of the token is the proof, so
 * this is the leaked key revoking itself: offered only with --use-leaked-key, journaled as such.
 * The row first asks the token who it is (`/api/whoami-v2`) so the owner can be checked and a dead
 * token is reported as such. Tokens cannot be created through an API: no rotation.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok, refused } from '../../contract.js';
import type { Located, RevocationRow } from '../row.js';
import { alreadyInvalid, denialOf } from './shared.js';

/**
 * The raw token each located key stands for. The revoke call must send it, and `Located` never holds
 * a secret, so it stays here, keyed by the very object locate returned (the engine hands that object
 * to `revoke`), and is collected with it.
 */
const RAW = new WeakMap<Located, string>();

export const HUGGINGFACE_ROW: RevocationRow = {
  provider: 'huggingface',
  title: 'Hugging Face',
  rules: ['huggingface-access-token'],
  base: 'https://huggingface.co',
  envVar: 'HUGGINGFACE_API_URL',
  leakedAuth: { kind: 'bearer' },
  selfRevoke: true,
  reversible: false,
  effect: 'invalidate the access token (Hugging Face emails its owner)',
  async locate(call, cred) {
    const who = await call({ method: 'GET', path: '/api/whoami-v2', as: 'leaked' });
    if (who.state !== 'ok') return who;
    if (who.value.status === 401) return alreadyInvalid('Hugging Face', '/api/whoami-v2 answered 401');
    if (who.value.status !== 200) return denialOf('Hugging Face', 'GET /api/whoami-v2', who.value);
    const name = field(who.value.body, 'auth', 'accessToken', 'displayName');
    const role = field(who.value.body, 'auth', 'accessToken', 'role');
    const located: Located = {
      id: name ?? 'access token',
      label: `access token${name ? ` "${name}"` : ''}${role ? ` (${role})` : ''}`,
      owner: field(who.value.body, 'name'),
      account: null,
    };
    RAW.set(located, cred.secret);
    return ok(located);
  },
  async revoke(call, target) {
    const raw = RAW.get(target);
    if (!raw) return refused('unexpected-answer', 'the token to invalidate was not located first');
    // No Authorization header: the endpoint takes the token in the body and nothing else.
    return call({ method: 'POST', path: '/api/credentials/revoke', label: 'POST /api/credentials/revoke', json: { credentials: [raw] }, as: 'none', write: true, idempotent: true });
  },
  sample: {
    secret: (seed) => expandTemplate('hf_$[A-Za-z:34]', seed),
    routes: () => [
      { method: 'GET', path: '/api/whoami-v2', auth: 'leaked', body: { type: 'user', name: 'ml-team-bot', auth: { type: 'access_token', accessToken: { displayName: 'ci-upload', role: 'write' } } } },
      { method: 'POST', path: '/api/credentials/revoke', auth: 'none', status: 202, revokes: true },
    ],
  },
};
