/**
 * Linear OAuth access tokens revoke themselves: `POST /oauth/revoke` signed by the token ends it (200;
 * 400 when Linear cannot). Nobody else's credential can, so the row has no operator and acts only when
 * the user chooses --use-leaked-key. The token's viewer (read-only GraphQL) names its user and workspace
 * first. Personal API keys (lin_api_) have no public API to delete them since Linear removed the
 * internal `apiKeyDelete` mutation from its schema: they keep the console steps.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok } from '../../contract.js';
import type { JsonResponse } from '../../http.js';
import type { RevocationRow } from '../row.js';
import { alreadyInvalid, denialOf } from './shared.js';

const VIEWER = '{ viewer { id email organization { name urlKey } } }';

/** Linear reports a rejected token as a GraphQL authentication error, whatever the HTTP status. */
function unauthenticated(res: JsonResponse): boolean {
  const errors = (res.body as { errors?: unknown } | null)?.errors;
  return res.status === 401 || (Array.isArray(errors) && errors.some((e) => field(e, 'extensions', 'code') === 'AUTHENTICATION_ERROR' || field(e, 'extensions', 'type') === 'authentication error'));
}

export const LINEAR_ROW: RevocationRow = {
  provider: 'linear',
  title: 'Linear',
  rules: ['linear-oauth-token'],
  base: 'https://api.linear.app',
  envVar: 'LINEAR_API_URL',
  leakedAuth: { kind: 'bearer' },
  selfRevoke: true,
  reversible: false,
  effect: 'revoke the OAuth access token',
  async locate(call, cred) {
    const viewer = await call({ method: 'POST', path: '/graphql', json: { query: VIEWER }, as: 'leaked', idempotent: true });
    if (viewer.state !== 'ok') return viewer;
    if (unauthenticated(viewer.value)) return alreadyInvalid('Linear', `the viewer query answered ${viewer.value.status} with an authentication error`);
    if (viewer.value.status !== 200 || !field(viewer.value.body, 'data', 'viewer', 'id')) return denialOf('Linear', 'POST /graphql (viewer)', viewer.value);
    // The revoke call names the token by signing with it: there is no other id.
    return ok({
      id: 'current',
      label: cred.finding.redacted,
      owner: field(viewer.value.body, 'data', 'viewer', 'email'),
      account: field(viewer.value.body, 'data', 'viewer', 'organization', 'urlKey') ?? field(viewer.value.body, 'data', 'viewer', 'organization', 'name'),
    });
  },
  revoke: (call) => call({ method: 'POST', path: '/oauth/revoke', write: true, idempotent: true }),
  sample: {
    secret: (seed) => expandTemplate('lin_oauth_$[hex:64]', seed),
    routes: () => [
      { method: 'POST', path: '/graphql', auth: 'leaked', body: { data: { viewer: { id: 'u-42', email: 'dev@example.com', organization: { name: 'Acme', urlKey: 'acme' } } } } },
      { method: 'POST', path: '/oauth/revoke', auth: 'leaked', revokes: true, body: {} },
    ],
  },
};
