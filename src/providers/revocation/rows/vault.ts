/**
 * HashiCorp Vault, on the operator's own server (VAULT_ADDR, and VAULT_NAMESPACE on Enterprise).
 *
 * Tokens: the operator's token looks the leaked one up (`auth/token/lookup`) and revokes it by its
 * accessor (`auth/token/revoke-accessor`), child tokens included, as `vault token revoke -accessor`
 * does. The explicit self path (`--use-leaked-key`) is `auth/token/revoke-self`. A batch token cannot
 * be revoked on its own (it dies at its TTL or with its parent), so the row refuses it.
 *
 * AppRole secret-ids: a secret-id does not name its role, so the operator's token asks every role of
 * the AppRole mount (`auth/approle`, or SPILLKIT_VAULT_APPROLE_MOUNT) whether it knows the secret-id
 * (`secret-id/lookup`); exactly one must, and the secret-id is then destroyed by its accessor.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok, refused, type Credential, type Outcome } from '../../contract.js';
import type { JsonResponse } from '../../http.js';
import type { Located, RevocationRow, RowCall, RowRequest } from '../row.js';
import { alreadyInvalid, arrayAt, denialOf, objectAt, tail } from './shared.js';

/** Roles asked at most for a secret-id: a mount with more is answered with `vault list`. */
const MAX_ROLES = 200;

/** Vault's error words (`{"errors": ["permission denied"]}`). */
const errorsOf = (res: JsonResponse): string => arrayAt(res.body, 'errors').filter((e): e is string => typeof e === 'string').join('; ');

/** Every call carries the operator's namespace, when one is set. */
function send(call: RowCall, req: RowRequest): ReturnType<RowCall> {
  const namespace = call.setting('namespace');
  return call(namespace.state === 'ok' ? { ...req, headers: { ...req.headers, 'X-Vault-Namespace': namespace.value } } : req);
}

const isBatch = (cred: Credential): boolean => cred.finding.rule === 'vault-batch-token' || cred.secret.startsWith('hvb.');

/** A token lookup's answer, as a located key (the accessor names it; the value never leaves). */
function tokenTarget(res: JsonResponse, id: string): Located {
  const data = objectAt(res.body, 'data') ?? {};
  const name = field(data, 'display_name');
  const policies = arrayAt(data, 'policies').filter((p): p is string => typeof p === 'string');
  return {
    id,
    label: `token${id === 'self' ? '' : ` ${tail(id)}`}${name ? ` "${name}"` : ''}${policies.length ? ` (policies ${policies.join(', ')})` : ''}`,
    owner: name,
    account: field(data, 'entity_id'),
    params: { kind: 'token' },
  };
}

async function locateToken(call: RowCall, cred: Credential, authority: string): Promise<Outcome<Located>> {
  if (isBatch(cred)) return refused('manual', 'a Vault batch token cannot be revoked on its own: it ends at its TTL, or with its parent token (revoke that one)');
  if (authority === 'leaked') {
    const self = await send(call, { method: 'GET', path: '/v1/auth/token/lookup-self', label: 'GET /v1/auth/token/lookup-self', as: 'leaked' });
    if (self.state !== 'ok') return self;
    // Vault answers an unknown token 403 "permission denied" here.
    if (self.value.status === 401 || self.value.status === 403) return alreadyInvalid('Vault', `lookup-self answered ${self.value.status}`);
    if (self.value.status !== 200) return denialOf('Vault', 'GET /v1/auth/token/lookup-self', self.value);
    return ok(tokenTarget(self.value, 'self'));
  }
  const lookup = await send(call, { method: 'POST', path: '/v1/auth/token/lookup', label: 'POST /v1/auth/token/lookup', json: { token: cred.secret } });
  if (lookup.state !== 'ok') return lookup;
  const res = lookup.value;
  // The operator's own token being wrong reads "permission denied"; the leaked one being unknown, "bad token".
  if ((res.status === 400 || res.status === 403) && /bad token|invalid token/i.test(errorsOf(res))) return alreadyInvalid('Vault', 'auth/token/lookup answered bad token');
  if (res.status !== 200) return refused(res.status === 403 ? 'denied' : 'unexpected-answer', `Vault answered HTTP ${res.status} to POST /v1/auth/token/lookup${errorsOf(res) ? ` (${errorsOf(res)})` : ''}: the operator's token must be allowed to update auth/token/lookup`);
  const accessor = field(res.body, 'data', 'accessor');
  if (!accessor) return refused('ambiguous', 'Vault did not give the token\'s accessor (a batch token has none), so it cannot be revoked by accessor: revoke it with its own value or let it expire');
  return ok(tokenTarget(res, accessor));
}

async function locateSecretId(call: RowCall, cred: Credential, authority: string): Promise<Outcome<Located>> {
  if (authority === 'leaked') return refused('no-self-revoke', 'an AppRole secret-id cannot act on its own (it needs its role-id): set VAULT_TOKEN to an operator token');
  const mountSetting = call.setting('approleMount');
  const mount = mountSetting.state === 'ok' ? mountSetting.value.replace(/^\/+|\/+$/g, '') : 'approle';
  const base = `/v1/auth/${mount.split('/').map(encodeURIComponent).join('/')}`;
  const list = await send(call, { method: 'GET', path: `${base}/role?list=true`, label: 'LIST /v1/auth/{mount}/role' });
  if (list.state !== 'ok') return list;
  if (list.value.status === 404) return refused('ambiguous', `no AppRole role is listed under auth/${mount}: if AppRole is mounted elsewhere, set SPILLKIT_VAULT_APPROLE_MOUNT`);
  if (list.value.status !== 200) return denialOf('Vault', 'LIST /v1/auth/{mount}/role', list.value);
  const roles = arrayAt(list.value.body, 'data', 'keys').filter((r): r is string => typeof r === 'string');
  if (roles.length > MAX_ROLES) return refused('ambiguous', `auth/${mount} has ${roles.length} roles: find the secret-id's role with the Vault CLI, then destroy it there`);
  const owners: Array<{ role: string; accessor: string }> = [];
  for (const role of roles) {
    const answer = await send(call, { method: 'POST', path: `${base}/role/${encodeURIComponent(role)}/secret-id/lookup`, label: 'POST /v1/auth/{mount}/role/{role}/secret-id/lookup', json: { secret_id: cred.secret } });
    if (answer.state !== 'ok') return answer;
    if (answer.value.status === 401 || answer.value.status === 403) return denialOf('Vault', 'POST /v1/auth/{mount}/role/{role}/secret-id/lookup', answer.value);
    const accessor = answer.value.status === 200 ? field(answer.value.body, 'data', 'secret_id_accessor') : null;
    if (accessor) owners.push({ role, accessor });
  }
  if (owners.length !== 1) {
    return refused('ambiguous', owners.length === 0
      ? `no role under auth/${mount} knows this secret-id: it was destroyed or expired already, or AppRole is mounted elsewhere (set SPILLKIT_VAULT_APPROLE_MOUNT)`
      : `${owners.length} roles answer to this secret-id, so its role cannot be told: destroy it with the Vault CLI`);
  }
  const { role, accessor } = owners[0]!;
  return ok({ id: accessor, label: `secret-id ${tail(accessor)} of AppRole role "${role}"`, owner: role, account: `auth/${mount}`, params: { kind: 'secret-id', role, base } });
}

/** Vault answers an accessor it does not know 400 "invalid accessor": the key is already gone. */
function gone(answer: Outcome<JsonResponse>): Outcome<JsonResponse> {
  if (answer.state === 'ok' && answer.value.status === 400 && /invalid accessor|not found|bad token/i.test(errorsOf(answer.value))) return ok({ ...answer.value, status: 404 });
  return answer;
}

export const VAULT_ROW: RevocationRow = {
  provider: 'vault',
  title: 'HashiCorp Vault',
  rules: ['vault-service-token', 'vault-legacy-token', 'vault-batch-token', 'vault-approle-secret-id'],
  baseFrom: ['VAULT_ADDR'],
  envVar: 'VAULT_API_URL',
  leakedAuth: { kind: 'header', name: 'X-Vault-Token' },
  operator: { env: ['VAULT_TOKEN'], auth: { kind: 'header', name: 'X-Vault-Token' }, needs: 'may update auth/token/lookup and auth/token/revoke-accessor (for AppRole: list auth/approle/role, update its secret-id/lookup and secret-id-accessor/destroy)' },
  settings: {
    namespace: { env: ['VAULT_NAMESPACE'], what: 'the Vault Enterprise namespace of the token' },
    approleMount: { env: ['SPILLKIT_VAULT_APPROLE_MOUNT'], what: 'the path AppRole is mounted at (default approle)' },
  },
  selfRevoke: true,
  reversible: false,
  effect: 'revoke',
  locate: (call, cred, authority) => (cred.finding.rule === 'vault-approle-secret-id' ? locateSecretId(call, cred, authority) : locateToken(call, cred, authority)),
  async revoke(call, target, authority) {
    if (target.params?.kind === 'secret-id') {
      return gone(await send(call, { method: 'POST', path: `${target.params.base}/role/${encodeURIComponent(target.params.role!)}/secret-id-accessor/destroy`, label: 'POST /v1/auth/{mount}/role/{role}/secret-id-accessor/destroy', json: { secret_id_accessor: target.id }, write: true, idempotent: true }));
    }
    if (authority === 'leaked') return send(call, { method: 'POST', path: '/v1/auth/token/revoke-self', label: 'POST /v1/auth/token/revoke-self', write: true, idempotent: true });
    return gone(await send(call, { method: 'POST', path: '/v1/auth/token/revoke-accessor', label: 'POST /v1/auth/token/revoke-accessor', json: { accessor: target.id }, write: true, idempotent: true }));
  },
  sample: {
    secret: (seed) => expandTemplate('hvs.CAESI$[a-zA-Z0-9_-:86]', seed),
    routes(secret) {
      const data = { accessor: expandTemplate('$[alnum:24]', `accessor ${secret}`), display_name: 'approle-deployer', policies: ['default', 'deploy'], type: 'service', entity_id: expandTemplate('$[uuid]', `entity ${secret}`), ttl: 2764800 };
      return [
        { method: 'POST', path: '/v1/auth/token/lookup', auth: 'operator', body: { data } },
        { method: 'GET', path: '/v1/auth/token/lookup-self', auth: 'leaked', body: { data } },
        { method: 'POST', path: '/v1/auth/token/revoke-accessor', auth: 'operator', status: 204, revokes: true },
        { method: 'POST', path: '/v1/auth/token/revoke-self', auth: 'leaked', status: 204, selfRevokes: true },
      ];
    },
  },
};
