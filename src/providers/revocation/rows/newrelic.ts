/**
 * New Relic user keys (`NRAK-`) and the ingest keys NerdGraph manages (license `…NRAL`, browser
 * `NRJS-`), through NerdGraph's `apiAccess` with the operator's user key (`NEW_RELIC_API_KEY`). A key
 * carries no id: the row searches the keys the acting user can see (`keySearch`) and takes the one whose
 * value is the leaked key (another user's user keys come back masked: then the visible part must match
 * one key only), then deletes it by id (`apiAccessDeleteKeys`). A user key may also delete itself, when
 * the user chooses --use-leaked-key. EU accounts are reached with `NEWRELIC_API_URL=https://api.eu.newrelic.com`.
 *
 * NerdGraph answers HTTP 200 with the outcome in the body; the revoke call reads it and hands the
 * engine the status it means (deleted 200, NOT_FOUND 404, FORBIDDEN 403, anything else 400).
 *
 * Not in REVOCATION_ROWS yet: the table test's emulator tells calls apart by method and path only,
 * and every NerdGraph call is `POST /graphql`; test/providers/revocation/newrelic.test.ts drives the
 * row against an emulator that reads the GraphQL operation instead.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok, refused, type Outcome } from '../../contract.js';
import type { JsonResponse } from '../../http.js';
import type { RevocationRow, RowCall } from '../row.js';
import { hintMatches, MAX_PAGES, onlyMatch } from './hints.js';
import { alreadyInvalid, arrayAt, denialOf } from './shared.js';

const KEY_FIELDS = 'id key name type ... on ApiAccessUserKey { accountId userId } ... on ApiAccessIngestKey { accountId ingestType }';
const SEARCH = `query($query: ApiAccessKeySearchQuery!) { actor { user { id email } apiAccess { keySearch(query: $query) { keys { ${KEY_FIELDS} } nextCursor } } } }`;
// The cursor is sent only when NerdGraph said more keys follow.
const SEARCH_MORE = `query($query: ApiAccessKeySearchQuery!, $cursor: String) { actor { apiAccess { keySearch(query: $query, cursor: $cursor) { keys { ${KEY_FIELDS} } nextCursor } } } }`;
const DELETE = 'mutation($keys: ApiAccessDeleteInput!) { apiAccessDeleteKeys(keys: $keys) { deletedKeys { id } errors { message ... on ApiAccessUserKeyError { errorType } ... on ApiAccessIngestKeyError { errorType } } } }';
const WHOAMI = '{ actor { user { id } } }';

type KeyType = 'USER' | 'INGEST';

const graphql = (call: RowCall, label: string, query: string, variables?: Record<string, unknown>, as?: 'leaked') =>
  call({ method: 'POST', path: '/graphql', label: `POST /graphql (${label})`, json: { query, ...(variables ? { variables } : {}) }, ...(as ? { as } : {}) });

/** The first GraphQL error message of an answer, if any. */
const graphqlError = (res: JsonResponse): string | null => field(arrayAt(res.body, 'errors')[0], 'message');

/**
 * Whether an answer says the key that signed it is not accepted. Not 403: a key of the other region
 * (US/EU) is answered 403, and must not be read as revoked.
 */
const rejected = (res: JsonResponse): boolean =>
  res.status === 401 || (res.body !== null && field(res.body, 'data', 'actor', 'user', 'id') === null && /api.?key|unauthori[sz]ed|authenticat/i.test(graphqlError(res) ?? ''));

interface Search {
  keys: unknown[];
  /** The acting user, to name the owner of their own keys. */
  user: { id: string | null; email: string | null };
}

async function searchKeys(call: RowCall, type: KeyType): Promise<Outcome<Search>> {
  const query = { types: [type] };
  const first = await graphql(call, 'keySearch', SEARCH, { query });
  if (first.state !== 'ok') return first;
  if (rejected(first.value)) return refused('operator-rejected', `New Relic does not accept the key that signed the keySearch (${graphqlError(first.value) ?? `HTTP ${first.value.status}`})`);
  if (first.value.status !== 200 || graphqlError(first.value)) return denialOf('New Relic', `NerdGraph keySearch${graphqlError(first.value) ? ` (${graphqlError(first.value)})` : ''}`, first.value);
  const result: Search = {
    keys: [...arrayAt(first.value.body, 'data', 'actor', 'apiAccess', 'keySearch', 'keys')],
    user: { id: field(first.value.body, 'data', 'actor', 'user', 'id'), email: field(first.value.body, 'data', 'actor', 'user', 'email') },
  };
  let cursor = field(first.value.body, 'data', 'actor', 'apiAccess', 'keySearch', 'nextCursor');
  for (let page = 1; cursor && page < MAX_PAGES; page++) {
    const next = await graphql(call, 'keySearch', SEARCH_MORE, { query, cursor });
    if (next.state !== 'ok') return next;
    if (next.value.status !== 200 || graphqlError(next.value)) return denialOf('New Relic', 'NerdGraph keySearch (next page)', next.value);
    result.keys.push(...arrayAt(next.value.body, 'data', 'actor', 'apiAccess', 'keySearch', 'keys'));
    cursor = field(next.value.body, 'data', 'actor', 'apiAccess', 'keySearch', 'nextCursor');
  }
  return ok(result);
}

/** The HTTP status a delete mutation's answer means, for the engine's reading. */
function deleteStatus(res: JsonResponse, id: string): { status: number; message: string } {
  if (res.status !== 200) return { status: res.status, message: graphqlError(res) ?? '' };
  const deleted = arrayAt(res.body, 'data', 'apiAccessDeleteKeys', 'deletedKeys').some((k) => field(k, 'id') === id);
  if (deleted) return { status: 200, message: '' };
  const error = arrayAt(res.body, 'data', 'apiAccessDeleteKeys', 'errors')[0];
  const message = field(error, 'message') ?? graphqlError(res) ?? 'NerdGraph deleted nothing';
  const type = field(error, 'errorType');
  if (type === 'NOT_FOUND') return { status: 404, message };
  if (type === 'FORBIDDEN' || rejected(res)) return { status: 403, message };
  return { status: 400, message };
}

export const NEWRELIC_ROW: RevocationRow = {
  provider: 'newrelic',
  title: 'New Relic',
  rules: ['newrelic-user-api-key', 'newrelic-license-key', 'newrelic-browser-api-key'],
  base: 'https://api.newrelic.com',
  envVar: 'NEWRELIC_API_URL',
  leakedAuth: { kind: 'header', name: 'API-Key' },
  operator: { env: ['NEW_RELIC_API_KEY'], auth: { kind: 'header', name: 'API-Key' }, needs: 'is a user key of a user who may manage the keys of the key\'s account (its own user keys, or an admin\'s)' },
  selfRevoke: true,
  reversible: false,
  effect: 'delete the key',
  async locate(call, cred, authority) {
    const type: KeyType = cred.finding.rule === 'newrelic-user-api-key' ? 'USER' : 'INGEST';
    if (type === 'INGEST' && authority === 'leaked') return refused('no-self-revoke', 'an ingest key cannot call NerdGraph: set NEW_RELIC_API_KEY to a user key that may manage the account\'s keys');
    const found = await searchKeys(call, type);
    if (found.state !== 'ok') {
      // The leaked user key acting for itself and refused: it is dead already.
      return found.code === 'operator-rejected' && authority === 'leaked' ? alreadyInvalid('New Relic', 'NerdGraph refused it') : found;
    }
    const exact = found.value.keys.filter((k) => field(k, 'key') === cred.secret);
    const match = onlyMatch(exact.length ? exact : found.value.keys.filter((k) => hintMatches(field(k, 'key'), cred.secret)));
    if (match.kind === 'many') return refused('ambiguous', `${match.count} New Relic keys show the same visible characters as the leaked one: delete it in the API keys UI by its name`);
    if (match.kind === 'none') {
      if (type === 'USER' && authority === 'operator') {
        const check = await graphql(call, 'actor.user', WHOAMI, undefined, 'leaked');
        if (check.state === 'ok' && rejected(check.value)) return alreadyInvalid('New Relic', 'NerdGraph refused it');
      }
      return refused('ambiguous', `none of the ${found.value.keys.length} keys the acting user can see is the leaked one: it belongs to another account or region (EU: NEWRELIC_API_URL=https://api.eu.newrelic.com), or to a user whose keys this user may not manage`);
    }
    const key = match.item;
    const id = field(key, 'id');
    if (!id) return refused('unexpected-answer', 'NerdGraph listed the key without an id: delete it in the API keys UI');
    const userId = field(key, 'userId');
    const name = field(key, 'name');
    const kind = type === 'USER' ? 'user key' : `${(field(key, 'ingestType') ?? 'ingest').toLowerCase()} key`;
    const owner = userId && userId === found.value.user.id ? found.value.user.email : userId ? `user ${userId}` : null;
    return ok({ id, label: `${kind}${name ? ` "${name}"` : ''}`, owner, account: field(key, 'accountId'), params: { type, ...(userId ? { userId } : {}) } });
  },
  async revoke(call, target) {
    const ids = target.params?.type === 'INGEST' ? { ingestKeyIds: [target.id] } : { userKeyIds: [target.id] };
    const answer = await graphql(call, 'apiAccessDeleteKeys', DELETE, { keys: ids });
    if (answer.state !== 'ok') return answer;
    const { status, message } = deleteStatus(answer.value, target.id);
    return ok({ ...answer.value, status, body: message ? { message } : answer.value.body });
  },
  sample: {
    secret: (seed) => expandTemplate('NRAK-$[A-Z0-9:27]', seed),
    // One route can only stand for one NerdGraph operation; the row's own test scripts the rest.
    routes: () => [{ method: 'POST', path: '/graphql', auth: 'operator', revokes: true, body: { data: { apiAccessDeleteKeys: { deletedKeys: [{ id: 'key-1' }], errors: [] } } } }],
  },
};
