/**
 * Heroku API keys and OAuth authorizations: a key carries no id, so the authorization is found in the
 * user's list (`GET /oauth/authorizations`, paged with `Range`/`Next-Range`) by the token it shows. The
 * operator's credential must be another key of the same user (authorizations are per user); when no
 * entry shows this token, or some entries show none, it cannot be told which authorization it is, and
 * the row refuses. The account's own API Key (the default authorization, `~`) is regenerated, as the
 * dashboard does; any other authorization is deleted.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok, refused, type Outcome } from '../../contract.js';
import type { RevocationRow, RowCall } from '../row.js';
import { alreadyInvalid, arrayAt, denialOf, tail } from './shared.js';

/** Pages followed at most: Heroku returns up to 1000 authorizations a page. */
const MAX_PAGES = 20;

interface Authorization {
  id: string;
  token: string | null;
  description: string | null;
  email: string | null;
}

async function listAuthorizations(call: RowCall): Promise<Outcome<Authorization[]>> {
  const found: Authorization[] = [];
  let range = 'id ..; max=1000';
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await call({ method: 'GET', path: '/oauth/authorizations', headers: { range } });
    if (answer.state !== 'ok') return answer;
    const res = answer.value;
    if (res.status !== 200 && res.status !== 206) return denialOf('Heroku', 'GET /oauth/authorizations', res);
    for (const entry of Array.isArray(res.body) ? res.body : []) {
      const id = field(entry, 'id');
      if (id) found.push({ id, token: field(entry, 'access_token', 'token'), description: field(entry, 'description'), email: field(entry, 'user', 'email') });
    }
    const next = res.headers.get('next-range');
    if (res.status !== 206 || !next) return ok(found);
    range = next;
  }
  return refused('ambiguous', `Heroku listed more than ${MAX_PAGES} pages of authorizations: revoke the key in the dashboard (Account settings → Applications)`);
}

export const HEROKU_ROW: RevocationRow = {
  provider: 'heroku',
  title: 'Heroku',
  rules: ['heroku-api-key', 'heroku-api-key-legacy'],
  base: 'https://api.heroku.com',
  envVar: 'HEROKU_API_URL',
  headers: { accept: 'application/vnd.heroku+json; version=3' },
  leakedAuth: { kind: 'bearer' },
  operator: { env: ['HEROKU_API_KEY'], auth: { kind: 'bearer' }, needs: 'is another API key or authorization of the same Heroku user (authorizations are listed per user)' },
  selfRevoke: true,
  reversible: false,
  effect: 'revoke the OAuth authorization (the account API Key is regenerated instead)',
  async locate(call, cred, authority) {
    const listed = await listAuthorizations(call);
    if (listed.state !== 'ok') return listed;
    const matches = listed.value.filter((a) => a.token === cred.secret);
    if (matches.length > 1) return refused('ambiguous', `${matches.length} Heroku authorizations show this token: revoke it in the dashboard (Account settings → Applications)`);
    if (matches.length === 0) {
      const hidden = listed.value.filter((a) => !a.token).length;
      if (hidden > 0) return refused('ambiguous', `Heroku does not show the token of ${hidden} authorization(s), so which one this key is cannot be told: as its owner run \`heroku authorizations\`, then \`heroku authorizations:revoke <id>\``);
      if (authority === 'leaked') return refused('ambiguous', 'no authorization in the key\'s own list shows this token: revoke it in the dashboard (Account settings → Applications)');
      const whose = await call({ method: 'GET', path: '/account', as: 'leaked' });
      if (whose.state === 'ok' && whose.value.status === 401) return alreadyInvalid('Heroku', 'GET /account answered 401');
      const other = whose.state === 'ok' && whose.value.status === 200 ? field(whose.value.body, 'email') : null;
      return refused('not-owner', `the key is not one of the operator user's authorizations${other ? `: it belongs to ${other}` : ''}; its own user must revoke it, or choose --use-leaked-key`);
    }
    const match = matches[0]!;
    // The default authorization is the account's API Key: it is regenerated, never deleted.
    const fallback = await call({ method: 'GET', path: '/oauth/authorizations/~', label: 'GET /oauth/authorizations/~' });
    const isApiKey = fallback.state === 'ok' && fallback.value.status === 200 && field(fallback.value.body, 'id') === match.id;
    const what = isApiKey ? `API Key (authorization ${tail(match.id)}; Heroku issues a new one: reveal it under Account settings)` : `authorization ${tail(match.id)}${match.description ? ` "${match.description}"` : ''}`;
    return ok({ id: match.id, label: what, owner: match.email, account: null, ...(isApiKey ? { params: { defaultAuthorization: match.id } } : {}) });
  },
  revoke: (call, target) =>
    target.params?.defaultAuthorization === target.id
      ? call({ method: 'POST', path: `/oauth/authorizations/${encodeURIComponent(target.id)}/actions/regenerate-tokens`, label: 'POST /oauth/authorizations/{id}/actions/regenerate-tokens', write: true })
      : call({ method: 'DELETE', path: `/oauth/authorizations/${encodeURIComponent(target.id)}`, label: 'DELETE /oauth/authorizations/{id}', write: true }),
  sample: {
    secret: (seed) => expandTemplate('HRKU-AA$[a-zA-Z0-9_-:58]', seed),
    routes(secret) {
      const id = `auth-${secret.slice(7, 19).replace(/[^A-Za-z0-9]/g, 'x')}`;
      const user = { id: 'user1', email: 'ops@example.com' };
      const other = expandTemplate('HRKU-AA$[a-zA-Z0-9_-:58]', `other-${secret}`);
      return [
        {
          method: 'GET', path: '/oauth/authorizations', auth: 'operator',
          body: [
            { id: 'auth-cli-login', description: 'Heroku CLI login', access_token: { id: 't1', token: other, expires_in: null }, user },
            { id, description: 'deploy bot', access_token: { id: 't2', token: secret, expires_in: null }, user },
          ],
        },
        { method: 'GET', path: '/oauth/authorizations/~', auth: 'operator', body: { id: 'auth-api-key', description: 'API Key', user } },
        { method: 'DELETE', path: `/oauth/authorizations/${id}`, auth: 'operator', revokes: true, body: { id, description: 'deploy bot', user } },
      ];
    },
  },
};
