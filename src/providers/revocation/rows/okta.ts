/**
 * Okta API tokens (SSWS), on the organisation's own domain (OKTA_ORG_URL). Okta's token metadata holds
 * no hint of the value, so the leaked token is found through its user: the token itself answers
 * `GET /api/v1/users/me` (read-only), and the operator's token (a super admin's) lists the API tokens
 * and keeps the ones of that user. One token: that is the leaked one. Several: Okta cannot say which,
 * and the row refuses; the explicit self path (`--use-leaked-key`) revokes exactly the leaked token
 * through `DELETE /api/v1/api-tokens/current`.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok, refused, type Outcome } from '../../contract.js';
import type { RevocationRow, RowCall } from '../row.js';
import { alreadyInvalid, arrayAt, denialOf, tail } from './shared.js';

const TOKENS = '/api/v1/api-tokens';
/** Pages of 200 tokens read at most: an organisation with more is answered in the console. */
const MAX_PAGES = 10;

/** The `after` cursor of a `Link: <…>; rel="next"` header, or null on the last page. */
export function nextCursor(link: string | null): string | null {
  for (const part of (link ?? '').split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) {
      try {
        return new URL(match[1]!, 'https://okta.invalid').searchParams.get('after');
      } catch {
        return null;
      }
    }
  }
  return null;
}

interface OktaToken {
  id: string;
  name: string | null;
  userId: string | null;
}

/** Every active API token the operator may see, page by page. */
async function listTokens(call: RowCall): Promise<Outcome<OktaToken[]>> {
  const tokens: OktaToken[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await call({ method: 'GET', path: `${TOKENS}?limit=200${after ? `&after=${encodeURIComponent(after)}` : ''}`, label: `GET ${TOKENS}` });
    if (answer.state !== 'ok') return answer;
    if (answer.value.status !== 200) return denialOf('Okta', `GET ${TOKENS}`, answer.value);
    for (const item of arrayAt(answer.value.body)) tokens.push({ id: field(item, 'id') ?? '', name: field(item, 'name'), userId: field(item, 'userId') });
    after = nextCursor(answer.value.headers.get('link'));
    if (!after) return ok(tokens);
  }
  return refused('ambiguous', `the organisation has more than ${MAX_PAGES * 200} API tokens: revoke the leaked one in the Admin Console (Security → API → Tokens)`);
}

export const OKTA_ROW: RevocationRow = {
  provider: 'okta',
  title: 'Okta',
  rules: ['okta-api-token', 'okta-api-token-header'],
  baseFrom: ['OKTA_ORG_URL', 'OKTA_CLIENT_ORGURL'],
  envVar: 'OKTA_API_URL',
  leakedAuth: { kind: 'scheme', scheme: 'SSWS' },
  operator: { env: ['OKTA_API_TOKEN', 'OKTA_CLIENT_TOKEN'], auth: { kind: 'scheme', scheme: 'SSWS' }, needs: 'belongs to a super admin (only they see and revoke other users\' API tokens)' },
  selfRevoke: true,
  reversible: false,
  effect: 'revoke the API token',
  async locate(call, _cred, authority) {
    const me = await call({ method: 'GET', path: '/api/v1/users/me', label: 'GET /api/v1/users/me', as: 'leaked' });
    if (me.state !== 'ok') return me;
    if (me.value.status === 401) return alreadyInvalid('Okta', 'users/me answered 401');
    const userId = field(me.value.body, 'id');
    if (me.value.status !== 200 || !userId) return denialOf('Okta', 'GET /api/v1/users/me', me.value);
    const login = field(me.value.body, 'profile', 'login');
    if (authority === 'leaked') return ok({ id: 'current', label: `the API token in use${login ? ` of ${login}` : ''}`, owner: login, account: null });
    const tokens = await listTokens(call);
    if (tokens.state !== 'ok') return tokens;
    const theirs = tokens.value.filter((t) => t.userId === userId && t.id);
    const who = login ?? 'the token\'s user';
    if (theirs.length === 0) return refused('not-owner', `the operator sees no API token of ${who}: only a super admin's token lists other users' tokens (or choose --use-leaked-key)`);
    if (theirs.length > 1) {
      return refused('ambiguous', `${who} has ${theirs.length} API tokens and Okta does not say which one leaked: choose --use-leaked-key (it revokes exactly this token through api-tokens/current), or revoke it in the Admin Console`);
    }
    const token = theirs[0]!;
    return ok({ id: token.id, label: `API token ${tail(token.id)}${token.name ? ` "${token.name}"` : ''}`, owner: login, account: null });
  },
  revoke: (call, target, authority) =>
    authority === 'leaked'
      ? call({ method: 'DELETE', path: `${TOKENS}/current`, label: `DELETE ${TOKENS}/current`, write: true })
      : call({ method: 'DELETE', path: `${TOKENS}/${encodeURIComponent(target.id)}`, label: `DELETE ${TOKENS}/{id}`, write: true }),
  sample: {
    secret: (seed) => expandTemplate('00$[a-zA-Z0-9_-:40]', seed),
    routes() {
      const userId = '00u1ab2cd3EF4gh5ij6k';
      return [
        { method: 'GET', path: '/api/v1/users/me', auth: 'leaked', body: { id: userId, status: 'ACTIVE', profile: { login: 'ci-bot@example.com' } } },
        {
          method: 'GET', path: TOKENS, auth: 'operator', body: [
            { id: '00T1aa2bb3cc4dd5ee6f', name: 'terraform', userId: '00u9zz8yy7xx6ww5vv4u', clientName: 'Okta API' },
            { id: '00T7kk8ll9mm0nn1oo2p', name: 'ci', userId, clientName: 'Okta API' },
          ],
        },
        { method: 'DELETE', path: `${TOKENS}/00T7kk8ll9mm0nn1oo2p`, auth: 'operator', status: 204, revokes: true },
        { method: 'DELETE', path: `${TOKENS}/current`, auth: 'leaked', status: 204, selfRevokes: true },
      ];
    },
  },
};
