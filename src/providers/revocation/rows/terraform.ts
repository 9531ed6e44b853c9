/**
 * HCP Terraform tokens: the leaked token's own account details (`GET /api/v2/account/details`,
 * read-only) say what it is: `authenticated-resource` names the user, team or organization behind it
 * and `links.auth-token` the token's id. A user or team token is read by id with the operator's token
 * (a 404 means the operator may not see it: a user token is only visible to its own user) and deleted
 * by id; the organization token (one per organization) is deleted under its organization. HCP Terraform
 * answers "not authorized" with 404 too, so a 404 on the organization token is checked against the
 * leaked token before it is called gone. Terraform Enterprise hosts are not reached yet: the row uses
 * app.terraform.io (or TERRAFORM_API_URL).
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok, refused } from '../../contract.js';
import type { RevocationRow } from '../row.js';
import { alreadyInvalid, denialOf, tail } from './shared.js';

const API = '/api/v2';

type Kind = 'user' | 'team' | 'organization';
const KINDS: Record<string, Kind> = { users: 'user', teams: 'team', organizations: 'organization' };

/** The last segment of a JSON:API link (`/api/v2/authentication-tokens/at-…` → `at-…`). */
const lastSegment = (link: string | null): string | null => (link ? link.split('/').filter(Boolean).pop() ?? null : null);

export const TERRAFORM_ROW: RevocationRow = {
  provider: 'terraform',
  title: 'HCP Terraform',
  rules: ['terraform-cloud-token'],
  base: 'https://app.terraform.io',
  envVar: 'TERRAFORM_API_URL',
  leakedAuth: { kind: 'bearer' },
  operator: {
    env: ['TFE_TOKEN', 'TF_TOKEN_app_terraform_io'],
    auth: { kind: 'bearer' },
    needs: 'may delete the token (a user token: another token of the same user; a team token: manage-teams; the organization token: the owners team)',
  },
  selfRevoke: true,
  reversible: false,
  effect: 'delete the user, team or organization token',
  async locate(call, _cred, authority) {
    const details = await call({ method: 'GET', path: `${API}/account/details`, as: 'leaked' });
    if (details.state !== 'ok') return details;
    if (details.value.status === 401) return alreadyInvalid('HCP Terraform', 'account/details answered 401');
    if (details.value.status !== 200) return denialOf('HCP Terraform', `GET ${API}/account/details`, details.value);
    const body = details.value.body;
    const kind = KINDS[field(body, 'data', 'relationships', 'authenticated-resource', 'data', 'type') ?? ''];
    const resource = field(body, 'data', 'relationships', 'authenticated-resource', 'data', 'id');
    if (!kind || !resource) return refused('ambiguous', 'HCP Terraform did not say whether this is a user, team or organization token: delete it under User settings → Tokens or the organization\'s API tokens');
    if (kind === 'organization') {
      return ok({ id: resource, label: `organization token of ${resource}`, owner: null, account: resource, params: { organization: resource } });
    }
    const id = lastSegment(field(body, 'data', 'links', 'auth-token'));
    if (!id) return refused('ambiguous', `HCP Terraform did not name this ${kind} token's id: delete it in the console (${kind === 'user' ? 'User settings → Tokens' : 'the team\'s API tokens'})`);
    let description: string | null = null;
    if (authority === 'operator') {
      const seen = await call({ method: 'GET', path: `${API}/authentication-tokens/${encodeURIComponent(id)}`, label: `GET ${API}/authentication-tokens/{id}` });
      if (seen.state !== 'ok') return seen;
      if (seen.value.status === 404) {
        const who = kind === 'user' ? 'a user token can be deleted only with another token of the same user' : 'the operator token may not manage this team\'s tokens';
        return refused('not-owner', `the operator token cannot see this ${kind} token (HCP Terraform answers 404): ${who}, or choose --use-leaked-key`);
      }
      if (seen.value.status !== 200) return denialOf('HCP Terraform', `GET ${API}/authentication-tokens/{id}`, seen.value);
      description = field(seen.value.body, 'data', 'attributes', 'description');
    }
    const username = field(body, 'data', 'attributes', 'username');
    const label = `${kind} token ${tail(id)}${description ? ` "${description}"` : ''}`;
    return kind === 'user'
      ? ok({ id, label, owner: field(body, 'data', 'attributes', 'email') ?? username, account: null, params: { user: username ?? resource } })
      : ok({ id, label: `${label} of ${resource}`, owner: null, account: null, params: { team: resource } });
  },
  async revoke(call, target) {
    // Params hold only ids (--expect-owner compares them): the organization token is the one with an organization.
    if (!target.params?.organization) {
      return call({ method: 'DELETE', path: `${API}/authentication-tokens/${encodeURIComponent(target.id)}`, label: `DELETE ${API}/authentication-tokens/{id}`, write: true });
    }
    const path = `${API}/organizations/${encodeURIComponent(target.id)}/authentication-token`;
    const answer = await call({ method: 'DELETE', path, label: `DELETE ${API}/organizations/{name}/authentication-token`, write: true });
    if (answer.state !== 'ok' || answer.value.status !== 404) return answer;
    // 404 is also "not authorized" here: the token is gone only if it no longer authenticates.
    const still = await call({ method: 'GET', path: `${API}/account/details`, as: 'leaked' });
    if (still.state === 'ok' && still.value.status === 200) {
      return ok({ ...answer.value, status: 403, body: { message: 'HCP Terraform answered 404 (not authorized) and the organization token still works: only the owners team may delete it' } });
    }
    return answer;
  },
  sample: {
    secret: (seed) => expandTemplate('$[alnum:14].atlasv1.$[a-zA-Z0-9_-:66]', seed),
    routes(secret) {
      const id = `at-${secret.slice(0, 14)}`;
      return [
        {
          method: 'GET', path: `${API}/account/details`, auth: 'leaked',
          body: {
            data: {
              id: 'user-V3R5', type: 'users',
              attributes: { username: 'ops-admin', email: 'ops@example.com', 'is-service-account': false },
              relationships: { 'authenticated-resource': { data: { id: 'user-V3R5', type: 'users' } } },
              links: { self: '/api/v2/users/user-V3R5', 'auth-token': `/api/v2/authentication-tokens/${id}` },
            },
          },
        },
        { method: 'GET', path: `${API}/authentication-tokens/${id}`, auth: 'operator', body: { data: { id, type: 'authentication-tokens', attributes: { description: 'ci apply', token: null } } } },
        { method: 'DELETE', path: `${API}/authentication-tokens/${id}`, auth: 'operator', status: 204, revokes: true },
      ];
    },
  },
};
