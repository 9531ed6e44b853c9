/**
 * Datadog API keys and application keys, through Key Management (API v2) with the operator's pair:
 * an application key (`DD_APP_KEY`) of a user allowed to manage keys, and an API key of the same
 * organization beside it (`DD_API_KEY`). A key carries no id: the row lists the organization's keys,
 * keeps those with the leaked key's last four characters, and reads each one: where Datadog shows the
 * full key, it must equal the leaked one; where it does not, a single candidate is the key and two are
 * a refusal. Another site (EU, US3, US5, AP1, Gov) is reached with `DATADOG_API_URL=https://api.<site>`.
 *
 * API keys rotate (a new key with the same name, delivered and validated before the old is deleted);
 * application keys do not: Datadog creates them only for the calling user, not for their owner.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok, refused, type Credential, type Outcome } from '../../contract.js';
import type { Located, RevocationRow, RowCall, SampleRoute } from '../row.js';
import { MAX_PAGES, onlyMatch } from './hints.js';
import { alreadyInvalid, arrayAt, denialOf, tail } from './shared.js';

type Kind = 'api_keys' | 'application_keys';

const PAGE = 100;
const kindOf = (cred: Credential): Kind => (cred.finding.rule.startsWith('datadog-app-key') ? 'application_keys' : 'api_keys');
const noun = (kind: Kind): string => (kind === 'api_keys' ? 'API key' : 'application key');
const ownerLink = (kind: Kind): string => (kind === 'api_keys' ? 'created_by' : 'owned_by');

/** Every listed key of the kind whose last four characters are the leaked key's. */
async function candidates(call: RowCall, kind: Kind, last4: string): Promise<Outcome<string[]>> {
  const found: string[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await call({ method: 'GET', path: `/api/v2/${kind}?page%5Bsize%5D=${PAGE}&page%5Bnumber%5D=${page}`, label: `GET /api/v2/${kind}` });
    if (answer.state !== 'ok') return answer;
    if (answer.value.status !== 200) return denialOf('Datadog', `GET /api/v2/${kind}`, answer.value);
    const data = arrayAt(answer.value.body, 'data');
    for (const key of data) {
      const id = field(key, 'id');
      if (id && field(key, 'attributes', 'last4') === last4) found.push(id);
    }
    if (data.length < PAGE) return ok(found);
  }
  return refused('unexpected-answer', `Datadog kept paging past ${MAX_PAGES} pages of ${kind}: revoke the key in the console`);
}

interface Read {
  id: string;
  name: string | null;
  /** The full key where Datadog shows it (orgs with one-time-read keys do not). */
  key: string | null;
  owner: string | null;
}

/** One key with its owner (`include`), read by id. */
async function readKey(call: RowCall, kind: Kind, id: string): Promise<Outcome<Read>> {
  const link = ownerLink(kind);
  const answer = await call({ method: 'GET', path: `/api/v2/${kind}/${encodeURIComponent(id)}?include=${link}`, label: `GET /api/v2/${kind}/{id}` });
  if (answer.state !== 'ok') return answer;
  if (answer.value.status !== 200) return denialOf('Datadog', `GET /api/v2/${kind}/{id}`, answer.value);
  const body = answer.value.body;
  const ownerId = field(body, 'data', 'relationships', link, 'data', 'id');
  const user = arrayAt(body, 'included').find((item) => field(item, 'type') === 'users' && field(item, 'id') === ownerId);
  return ok({
    id,
    name: field(body, 'data', 'attributes', 'name'),
    key: field(body, 'data', 'attributes', 'key'),
    owner: user ? field(user, 'attributes', 'email') ?? field(user, 'attributes', 'handle') : null,
  });
}

const deleteKey = (call: RowCall, kind: Kind, id: string) =>
  call({ method: 'DELETE', path: `/api/v2/${kind}/${encodeURIComponent(id)}`, label: `DELETE /api/v2/${kind}/{id}`, write: true });

export const DATADOG_ROW: RevocationRow = {
  provider: 'datadog',
  title: 'Datadog',
  rules: ['datadog-api-key', 'datadog-api-key-context', 'datadog-app-key', 'datadog-app-key-context'],
  base: 'https://api.datadoghq.com',
  envVar: 'DATADOG_API_URL',
  // Only to tell a dead API key from another organization's when no listed key matches.
  leakedAuth: { kind: 'header', name: 'DD-API-KEY' },
  operator: {
    env: ['DD_APP_KEY', 'DATADOG_APP_KEY'],
    userEnv: ['DD_API_KEY', 'DATADOG_API_KEY'],
    auth: { kind: 'header', name: 'DD-APPLICATION-KEY', pairName: 'DD-API-KEY' },
    needs: 'belongs to a user with api_keys_write (API keys) or org_app_keys_write (application keys), beside an API key of the same organization',
  },
  reversible: false,
  effect: 'delete the key',
  async locate(call, cred) {
    const kind = kindOf(cred);
    const last4 = cred.secret.slice(-4);
    const listed = await candidates(call, kind, last4);
    if (listed.state !== 'ok') return listed;
    const reads: Read[] = [];
    for (const id of listed.value) {
      const read = await readKey(call, kind, id);
      if (read.state !== 'ok') return read;
      reads.push(read.value);
    }
    // A key Datadog shows in full decides; otherwise only a single candidate may stand for it.
    const exact = reads.filter((r) => r.key === cred.secret);
    const match = exact.length ? onlyMatch(exact) : onlyMatch(reads.filter((r) => r.key === null));
    if (match.kind === 'many') {
      return refused('ambiguous', `${match.count} Datadog ${noun(kind)}s end with the same four characters and Datadog does not show them in full: revoke the leaked one in the console by its name`);
    }
    if (match.kind === 'none') {
      if (kind === 'api_keys') {
        const check = await call({ method: 'GET', path: '/api/v1/validate', as: 'leaked' });
        if (check.state === 'ok' && (check.value.status === 403 || check.value.status === 401)) return alreadyInvalid('Datadog', `/api/v1/validate answered ${check.value.status}`);
      }
      return refused('ambiguous', `no ${noun(kind)} of the operator's Datadog organization is the leaked one: it belongs to another organization or site (set DATADOG_API_URL to https://api.<site>), or was deleted already`);
    }
    const key = match.item;
    return ok({ id: key.id, label: `${noun(kind)} ${tail(key.id)}${key.name ? ` "${key.name}"` : ''}`, owner: key.owner, account: null, params: { kind } });
  },
  revoke: (call, target) => deleteKey(call, (target.params?.kind as Kind | undefined) ?? 'api_keys', target.id),
  rotate: {
    async create(call, old: Located) {
      if (old.params?.kind === 'application_keys') {
        return refused('no-rotate', 'Datadog creates application keys only for the calling user: its owner creates the new one (Personal Settings → Application Keys), then deliver it and run spillkit revoke');
      }
      const read = await readKey(call, 'api_keys', old.id);
      if (read.state !== 'ok') return read;
      const name = `${read.value.name ?? 'key'} (rotated by spillkit ${new Date().toISOString().slice(0, 10)})`;
      const answer = await call({ method: 'POST', path: '/api/v2/api_keys', json: { data: { type: 'api_keys', attributes: { name } } }, write: true });
      if (answer.state !== 'ok') return answer;
      if (answer.value.status !== 201 && answer.value.status !== 200) return denialOf('Datadog', 'POST /api/v2/api_keys', answer.value, /limit|maximum/i);
      const secret = field(answer.value.body, 'data', 'attributes', 'key');
      const id = field(answer.value.body, 'data', 'id');
      if (!secret || !id) return refused('unexpected-answer', 'Datadog created an API key but did not return it: delete the newest API key in the console');
      return ok({ secret, id, label: `API key ${tail(id)} "${name}"` });
    },
    discard: async (call, created) => {
      const answer = await deleteKey(call, 'api_keys', created.id);
      return answer.state === 'ok' && answer.value.status < 300 ? ok(undefined) : refused('discard-failed', answer.state === 'ok' ? `HTTP ${answer.value.status}` : answer.message);
    },
  },
  sample: {
    secret: (seed) => expandTemplate('$[hex:32]', seed),
    routes(secret) {
      const last4 = secret.slice(-4);
      const other = `${last4[0] === 'a' ? 'b' : 'a'}${last4.slice(1)}`;
      const listed = (id: string, name: string, last: string) => ({ id, type: 'api_keys', attributes: { name, last4: last, created_at: '2025-02-01T09:00:00.000Z' } });
      const routes: SampleRoute[] = [
        { method: 'GET', path: '/api/v2/api_keys', auth: 'operator', body: { data: [listed('key-agents', 'agents', last4), listed('key-ci', 'ci', other)], meta: { page: { total_filtered_count: 2 } } } },
        {
          method: 'GET', path: '/api/v2/api_keys/key-agents', auth: 'operator',
          body: {
            data: { id: 'key-agents', type: 'api_keys', attributes: { name: 'agents', last4, key: secret }, relationships: { created_by: { data: { id: 'user-ops', type: 'users' } } } },
            included: [{ id: 'user-ops', type: 'users', attributes: { email: 'ops@example.com', handle: 'ops@example.com' } }],
          },
        },
        { method: 'DELETE', path: '/api/v2/api_keys/key-agents', auth: 'operator', status: 204, revokes: true },
        { method: 'POST', path: '/api/v2/api_keys', auth: 'operator', status: 201, creates: true, body: { data: { id: '{new-id}', type: 'api_keys', attributes: { name: 'agents (rotated)', key: '{new-secret}' } } } },
        { method: 'DELETE', path: '/api/v2/api_keys/{new-id}', auth: 'operator', status: 204 },
      ];
      return routes;
    },
  },
};
