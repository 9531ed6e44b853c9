/**
 * Fly.io user tokens (fo1_, from `fly auth login`) end themselves: the GraphQL `logOut` mutation signed
 * by the token is what `fly auth logout` sends to revoke it. Only the token itself can, so the row acts
 * only when the user chooses --use-leaked-key, and it makes that one call: a read before it would share
 * the one GraphQL endpoint, so the key's owner is not looked up. Deploy and organization macaroons
 * (fm1/fm2) are revoked by id (`fly tokens revoke`), and nothing in the documented API tells which id
 * a leaked macaroon has: they keep the console steps.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok } from '../../contract.js';
import type { JsonResponse } from '../../http.js';
import type { RevocationRow } from '../row.js';

/**
 * GraphQL answers 200 with `errors`: read as the status the engine understands (401 the token is not
 * accepted, so already gone when it signs its own revocation; 400 Fly refused).
 */
function logOutAnswer(res: JsonResponse): JsonResponse {
  if (res.status !== 200) return res;
  const errors = (res.body as { errors?: unknown } | null)?.errors;
  if (Array.isArray(errors) && errors.length > 0) {
    const message = field(errors[0], 'message') ?? 'GraphQL error';
    const code = field(errors[0], 'extensions', 'code') ?? '';
    const auth = /UNAUTH/i.test(code) || /authenticat|unauthori[sz]ed|invalid token/i.test(message);
    return { ...res, status: auth ? 401 : 400, body: { message } };
  }
  const done = (res.body as { data?: { logOut?: { ok?: unknown } } } | null)?.data?.logOut?.ok === true;
  return done ? res : { ...res, status: 400, body: { message: 'logOut did not answer ok' } };
}

export const FLYIO_ROW: RevocationRow = {
  provider: 'flyio',
  title: 'Fly.io',
  rules: ['flyio-oauth-token'],
  base: 'https://api.fly.io',
  envVar: 'FLYIO_API_URL',
  leakedAuth: { kind: 'bearer' },
  selfRevoke: true,
  reversible: false,
  effect: 'log out (revoke) the user token',
  locate: async (_call, cred) => ok({ id: 'current', label: cred.finding.redacted, owner: null, account: null }),
  async revoke(call) {
    const answer = await call({ method: 'POST', path: '/graphql', label: 'POST /graphql (logOut)', json: { query: 'mutation { logOut(input: {}) { ok } }' }, write: true, idempotent: true });
    return answer.state === 'ok' ? ok(logOutAnswer(answer.value)) : answer;
  },
  sample: {
    secret: (seed) => expandTemplate('fo1_$[b64url:43]', seed),
    routes: () => [{ method: 'POST', path: '/graphql', auth: 'leaked', revokes: true, body: { data: { logOut: { ok: true } } } }],
  },
};
