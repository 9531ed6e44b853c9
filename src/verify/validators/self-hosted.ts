import { field, type ValidatorRow } from '../validator.js';

/**
 * Validator rows for self-hosted services: the host is not the provider's, so it comes from the user
 * (`<PROVIDER>_API_URL`, any address) or, only with `--verify-self-hosted`, from a URL written near the
 * secret in the scanned text (https, public addresses only; see ../self-hosted.ts). `base` here is a
 * placeholder the engine replaces with that origin; `hint` picks the likeliest URL among several.
 */
export interface SelfHostedRow extends Omit<ValidatorRow, 'base'> {
  /** Words a URL of this service usually holds (`gitlab` in `gitlab.example.com`). */
  hint: RegExp;
  /** Path under the origin where the API lives (GitLab's `/api/v4`), prefixed to `path`. */
  apiPrefix: string;
  /** The public SaaS host of the same product, checked by its own row instead. */
  publicHost?: RegExp;
}

export const SELF_HOSTED_ROWS: SelfHostedRow[] = [
  {
    rules: ['gitlab-pat'], provider: 'gitlab', title: 'GitLab (self-managed)', envVar: 'GITLAB_API_URL', hint: /gitlab/i, apiPrefix: '/api/v4', publicHost: /^gitlab\.com$/i,
    path: '/personal_access_tokens/self', auth: { kind: 'header', name: 'PRIVATE-TOKEN' },
    who: (res) => field(res.body, 'name'),
  },
  {
    // Vault answers a token it does not know with 403 "permission denied"; lookup-self needs no policy.
    rules: ['vault-service-token', 'vault-batch-token', 'vault-legacy-token'], provider: 'vault', title: 'HashiCorp Vault', envVar: 'VAULT_API_URL', hint: /vault/i, apiPrefix: '',
    path: '/v1/auth/token/lookup-self', auth: { kind: 'header', name: 'X-Vault-Token' }, deadStatuses: [401, 403],
    who: (res) => field(res.body, 'data', 'display_name'),
  },
  {
    // Any org member, a service account included, may read its organisation.
    rules: ['grafana-service-account-token', 'grafana-api-key'], provider: 'grafana', title: 'Grafana', envVar: 'GRAFANA_API_URL', hint: /grafana/i, apiPrefix: '',
    path: '/api/org', auth: { kind: 'bearer' }, forbiddenIsLive: true,
    who: (res) => field(res.body, 'name'),
  },
  {
    rules: ['gitea-access-token'], provider: 'gitea', title: 'Gitea / Forgejo', envVar: 'GITEA_API_URL', hint: /gitea|forgejo|codeberg/i, apiPrefix: '/api/v1',
    path: '/user', auth: { kind: 'scheme', scheme: 'token' },
    who: (res) => field(res.body, 'login'),
  },
  {
    rules: ['mattermost-access-token'], provider: 'mattermost', title: 'Mattermost', envVar: 'MATTERMOST_API_URL', hint: /mattermost|chat/i, apiPrefix: '/api/v4',
    path: '/users/me', auth: { kind: 'bearer' },
    who: (res) => field(res.body, 'username'),
  },
  {
    rules: ['atlassian-datacenter-pat'], provider: 'atlassian', title: 'Jira Data Center', envVar: 'JIRA_API_URL', hint: /jira/i, apiPrefix: '',
    path: '/rest/api/2/myself', auth: { kind: 'bearer' },
    who: (res) => field(res.body, 'name'),
  },
  {
    rules: ['okta-api-token', 'okta-api-token-header'], provider: 'okta', title: 'Okta', envVar: 'OKTA_API_URL', hint: /okta(preview)?\.com$|okta-emea\.com$/i, apiPrefix: '',
    path: '/api/v1/users/me', auth: { kind: 'scheme', scheme: 'SSWS' },
    who: (res) => field(res.body, 'profile', 'login'),
  },
];
