/**
 * OpenAI project and service-account keys, through the Administration API with the operator's Admin
 * key (`OPENAI_ADMIN_KEY`, `sk-admin-…`). A key carries no id, so the row lists every project's keys
 * (all owners, `owner_project_access=any`) and matches the leaked key against each `redacted_value`;
 * one match or a refusal. Deleting a key by id works for user and service-account keys alike.
 *
 * Rotation exists only for service-account keys: the API creates keys for a service account
 * (`POST …/service_accounts/{id}/api_keys`), never for a user, so a leaked user project key is
 * replaced in the console. The old key's scopes are copied when the API shows them.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok, refused, type Outcome } from '../../contract.js';
import type { JsonResponse } from '../../http.js';
import type { Located, RevocationRow, RowCall, SampleRoute } from '../row.js';
import { hintMatches, MAX_PAGES, onlyMatch } from './hints.js';
import { alreadyInvalid, arrayAt, denialOf, fieldList, tail } from './shared.js';

const ORG = '/v1/organization';
const PROJECTS = `${ORG}/projects`;
const keysPath = (project: string): string => `${PROJECTS}/${encodeURIComponent(project)}/api_keys`;
const keyPath = (project: string, id: string): string => `${keysPath(project)}/${encodeURIComponent(id)}`;

interface Project {
  id: string;
  name: string | null;
}

interface Listed {
  project: Project;
  key: Record<string, unknown>;
}

/** Every page of an OpenAI list (`data`, `has_more`, `last_id`), or why not. */
async function listAll(call: RowCall, path: string, label: string, extra: string): Promise<Outcome<unknown[]>> {
  const items: unknown[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query: string = `?limit=100${extra}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    const answer: Outcome<JsonResponse> = await call({ method: 'GET', path: `${path}${query}`, label });
    if (answer.state !== 'ok') return answer;
    if (answer.value.status !== 200) return denialOf('OpenAI', label, answer.value);
    const data = arrayAt(answer.value.body, 'data');
    items.push(...data);
    const more = (answer.value.body as { has_more?: unknown } | null)?.has_more === true;
    after = field(answer.value.body, 'last_id') ?? field(data[data.length - 1], 'id');
    if (!more || !after) return ok(items);
  }
  return refused('unexpected-answer', `OpenAI kept paging past ${MAX_PAGES} pages of ${label}: revoke the key in the console`);
}

/** Who holds a listed key: the user's email, or the service account's name. */
function ownerOf(key: unknown): { owner: string | null; serviceAccount: string | null } {
  if (field(key, 'owner', 'type') === 'service_account') {
    const name = field(key, 'owner', 'service_account', 'name');
    return { owner: name ? `service account ${name}` : 'a service account', serviceAccount: field(key, 'owner', 'service_account', 'id') };
  }
  return { owner: field(key, 'owner', 'user', 'email') ?? field(key, 'owner', 'user', 'name'), serviceAccount: null };
}

export const OPENAI_ROW: RevocationRow = {
  provider: 'openai',
  title: 'OpenAI',
  // Service-account keys first: the only kind the API can create, so the table test rotates it.
  rules: ['openai-service-account-key', 'openai-project-key'],
  base: 'https://api.openai.com',
  envVar: 'OPENAI_API_URL',
  // Only to tell a dead key from another organization's when no listed key matches.
  leakedAuth: { kind: 'bearer' },
  operator: { env: ['OPENAI_ADMIN_KEY'], auth: { kind: 'bearer' }, needs: 'is an Admin API key (sk-admin-…) of the key\'s organization with write access to projects' },
  reversible: false,
  effect: 'delete the API key',
  async locate(call, cred) {
    const projects = await listAll(call, PROJECTS, `GET ${PROJECTS}`, '');
    if (projects.state !== 'ok') return projects;
    const matches: Listed[] = [];
    for (const entry of projects.value) {
      const id = field(entry, 'id');
      if (!id) continue;
      const keys = await listAll(call, keysPath(id), `GET ${PROJECTS}/{id}/api_keys`, '&owner_project_access=any');
      if (keys.state !== 'ok') return keys;
      for (const key of keys.value) {
        if (hintMatches(field(key, 'redacted_value'), cred.secret)) matches.push({ project: { id, name: field(entry, 'name') }, key: key as Record<string, unknown> });
      }
    }
    const match = onlyMatch(matches);
    if (match.kind === 'many') {
      return refused('ambiguous', `${match.count} OpenAI keys show the same visible start and end as the leaked key: revoke it in the console, where their names and creation dates tell them apart`);
    }
    if (match.kind === 'none') {
      const check = await call({ method: 'GET', path: '/v1/models', as: 'leaked' });
      if (check.state === 'ok' && check.value.status === 401) return alreadyInvalid('OpenAI', '/v1/models answered 401');
      return refused('ambiguous', `no key in the ${projects.value.length} active project(s) the Admin key sees matches the leaked key: it belongs to another organization or an archived project, so revoke it there in the console`);
    }
    const { project, key } = match.item;
    const id = field(key, 'id');
    if (!id) return refused('unexpected-answer', 'OpenAI listed the key without an id: revoke it in the console');
    const { owner, serviceAccount } = ownerOf(key);
    const name = field(key, 'name');
    return ok({
      id,
      label: `API key ${tail(id)}${name ? ` "${name}"` : ''} in project ${project.name ? `"${project.name}"` : project.id}`,
      owner,
      account: project.id,
      params: { project: project.id, ...(serviceAccount ? { serviceAccount } : {}) },
    });
  },
  revoke: (call, target) => call({ method: 'DELETE', path: keyPath(target.params!.project!, target.id), label: `DELETE ${PROJECTS}/{id}/api_keys/{id}`, write: true }),
  rotate: {
    async create(call, old: Located) {
      const project = old.params?.project;
      const serviceAccount = old.params?.serviceAccount;
      if (!project || !serviceAccount) {
        return refused('no-rotate', 'OpenAI\'s API creates keys only for service accounts: create the new project key at https://platform.openai.com/api-keys, deliver it, then run spillkit revoke');
      }
      const read = await call({ method: 'GET', path: keyPath(project, old.id), label: `GET ${PROJECTS}/{id}/api_keys/{id}` });
      if (read.state !== 'ok') return read;
      if (read.value.status !== 200) return denialOf('OpenAI', `GET ${PROJECTS}/{id}/api_keys/{id}`, read.value);
      const name = `${field(read.value.body, 'name') ?? 'key'} (rotated by spillkit ${new Date().toISOString().slice(0, 10)})`;
      const scopes = fieldList(read.value.body, 'scopes');
      const path = `${PROJECTS}/${encodeURIComponent(project)}/service_accounts/${encodeURIComponent(serviceAccount)}/api_keys`;
      const label = `POST ${PROJECTS}/{id}/service_accounts/{id}/api_keys`;
      const answer = await call({ method: 'POST', path, label, json: { name, ...(scopes.length ? { scopes } : {}) }, write: true });
      if (answer.state !== 'ok') return answer;
      if (answer.value.status !== 200 && answer.value.status !== 201) return denialOf('OpenAI', label, answer.value, /limit|maximum/i);
      const secret = field(answer.value.body, 'value');
      const id = field(answer.value.body, 'id');
      if (!secret || !id) return refused('unexpected-answer', 'OpenAI created a key but did not return it: delete the service account\'s newest key in the console');
      // The key object shows no permissions to copy: say so rather than imply they match.
      const caveat = scopes.length ? '' : ' (OpenAI shows no permissions for the old key: check the new key\'s in the console)';
      return ok({ secret, id, label: `API key ${tail(id)} "${name}"${caveat}` });
    },
    discard: async (call, created, old) => {
      const answer = await call({ method: 'DELETE', path: keyPath(old.params!.project!, created.id), label: `DELETE ${PROJECTS}/{id}/api_keys/{id}`, write: true });
      return answer.state === 'ok' && answer.value.status < 300 ? ok(undefined) : refused('discard-failed', answer.state === 'ok' ? `HTTP ${answer.value.status}` : answer.message);
    },
  },
  sample: {
    secret: (seed) => expandTemplate('sk-svcacct-$[b64url:74]T3BlbkFJ$[b64url:74]', seed),
    routes(secret) {
      const project = 'proj_web';
      const head = secret.slice(0, 14);
      const last = secret.slice(-4);
      // Another key of the project that shares the visible start: only the tail tells them apart.
      const other = `${last[0] === 'Q' ? 'R' : 'Q'}${last.slice(1)}`;
      const target = {
        object: 'organization.project.api_key', id: 'key_deploy', name: 'deploy', redacted_value: `${head}...${last}`, created_at: 1719000000,
        owner: { type: 'service_account', service_account: { id: 'svc_acct_deploy', name: 'deploy-bot', role: 'member' } },
      };
      const decoy = { object: 'organization.project.api_key', id: 'key_laptop', name: 'laptop', redacted_value: `${head}...${other}`, owner: { type: 'user', user: { id: 'user_dev', email: 'dev@example.com' } } };
      const routes: SampleRoute[] = [
        { method: 'GET', path: PROJECTS, auth: 'operator', body: { object: 'list', data: [{ id: project, object: 'organization.project', name: 'web', status: 'active' }], has_more: false } },
        { method: 'GET', path: keysPath(project), auth: 'operator', body: { object: 'list', data: [decoy, target], has_more: false } },
        { method: 'GET', path: keyPath(project, 'key_deploy'), auth: 'operator', body: target },
        { method: 'DELETE', path: keyPath(project, 'key_deploy'), auth: 'operator', revokes: true, body: { object: 'organization.project.api_key.deleted', id: 'key_deploy', deleted: true } },
        { method: 'POST', path: `${PROJECTS}/${project}/service_accounts/svc_acct_deploy/api_keys`, auth: 'operator', creates: true, body: { object: 'organization.project.service_account.api_key', id: '{new-id}', value: '{new-secret}', name: 'deploy (rotated)', created_at: 1719000100 } },
        { method: 'DELETE', path: `${keysPath(project)}/{new-id}`, auth: 'operator', body: { object: 'organization.project.api_key.deleted', id: '{new-id}', deleted: true } },
      ];
      return routes;
    },
  },
};
