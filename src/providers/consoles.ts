/**
 * Where a person revokes or rolls each provider's credential when no API does it: the exact console
 * page and what to do there, keyed by the provider ids of the rules (src/rules/data/*.yaml), with
 * rule-level entries where one provider has several kinds (a Slack webhook is not a Slack token).
 *
 * This file is one table on purpose (and so larger than our usual module): a responder, or a reviewer
 * checking a URL, reads it top to bottom. A provider without a single page (a database, a key file, a
 * console on the customer's own host) says why in `noConsole` instead of inventing a URL.
 */
import { loadBuiltinProviders } from '../rules/load.js';
import type { Credential, ManualStep } from './contract.js';

export interface ConsolePage {
  /** The https page where the credential is revoked or rolled. */
  url?: string;
  /** Why there is no one page to send a person to; required when `url` is absent. */
  noConsole?: string;
  /** What to do there, in order. */
  steps: string[];
}

export interface ConsoleEntry extends ConsolePage {
  /** The provider as people name it. */
  name: string;
  /** Pages for rules whose credential lives elsewhere than the provider's usual one. */
  rules?: Record<string, ConsolePage>;
}

const DATABASE = (engine: string): ConsoleEntry => ({
  name: engine,
  noConsole: `a ${engine} password is changed on the database server (or its managed service), which the connection string names`,
  steps: [
    `Change the password of the user named in the connection string (${engine === 'Redis' ? 'ACL SETUSER / requirepass' : 'ALTER USER … PASSWORD, or the managed service console'}).`,
    'Restart or reconfigure every application that connects as that user with the new password.',
    'Restrict network access to the database while you rotate, and check its logs for sessions of that user since the leak.',
  ],
});

const PRIVATE_KEY_STEPS = [
  'Generate a new key pair; never reuse the leaked one, even after a history rewrite.',
  'Find everything that trusts the public half: ~/.ssh/authorized_keys on servers, deploy keys on git hosts, certificates issued for it, JWT/SAML signing trust, cloud key-pair imports.',
  'Install the new public key or reissue the certificate, then remove the old public key from authorized_keys and deploy keys, and revoke the old certificate with its CA.',
];

const PASSWORD_STEPS = [
  'Change the password of the account the hash or entry belongs to: treat it as cracked.',
  'Change it everywhere the same password was reused.',
  'Review the service\'s login history for that account since the leak.',
];

const TENANT = (name: string, page: string): string => `${name} runs on your own tenant: open ${page}`;

export const CONSOLES: Record<string, ConsoleEntry> = {
  adobe: { name: 'Adobe', url: 'https://developer.adobe.com/console/projects', steps: ['Open the project, then the OAuth Server-to-Server credential.', 'Generate a new client secret, deploy it, then delete the old secret.'] },
  age: { name: 'age', noConsole: 'an age identity is a local key file; there is nothing to revoke', steps: ['Generate a new identity with age-keygen.', 'Re-encrypt every file encrypted to the old recipient for the new one, and remove the old recipient from recipient lists.', 'Assume everything encrypted to the old key has been read.'] },
  airtable: { name: 'Airtable', url: 'https://airtable.com/create/tokens', steps: ['Find the token by name and delete it (or regenerate it).'], rules: { 'airtable-api-key': { url: 'https://airtable.com/account', steps: ['Legacy API keys are retired: regenerate or delete the key and move to personal access tokens.'] } } },
  algolia: { name: 'Algolia', url: 'https://dashboard.algolia.com/account/api-keys', steps: ['Open the application\'s API keys.', 'Regenerate the Admin API key (the old one stops working at once) and update your backends.'] },
  alibaba: { name: 'Alibaba Cloud', url: 'https://ram.console.aliyun.com/users', steps: ['Open the RAM user that owns the AccessKey, tab AccessKey.', 'Create a new AccessKey, deploy it, then disable and delete the leaked one.'] },
  'amazon-mws': { name: 'Amazon Seller Central', url: 'https://sellercentral.amazon.com/apps/manage', steps: ['Revoke the MWS authorization for the developer that holds the token.', 'Re-authorize only if still needed (MWS is retired; use SP-API).'] },
  anthropic: {
    name: 'Anthropic', url: 'https://console.anthropic.com/settings/keys', steps: ['Find the key by its hint and delete it.', 'Create a new key for the workspace and deploy it.'],
    rules: {
      'anthropic-admin-key': { url: 'https://console.anthropic.com/settings/admin-keys', steps: ['Delete the Admin API key (organization admins only).', 'Review the organization\'s members, workspaces and API keys for changes made with it.'] },
      'anthropic-oauth-token': { url: 'https://claude.ai/settings', steps: ['Log out of all sessions of the account (and run `claude logout` where Claude Code used it).', 'Log in again to get a fresh token.'] },
    },
  },
  asana: { name: 'Asana', url: 'https://app.asana.com/0/my-apps', steps: ['Delete the personal access token, or reset the app\'s client secret.'] },
  // No API revokes a user API token from its value (the token names neither its account nor its id, and
  // the token list shows no part of the value): the owner, or an organization admin, revokes it by hand.
  atlassian: {
    name: 'Atlassian', url: 'https://id.atlassian.com/manage-profile/security/api-tokens',
    steps: [
      'Signed in as the token\'s owner: Security → API tokens → Revoke the token (the list shows names and dates, never values: if it cannot be told, revoke every token of the account).',
      'Organization admins, for a managed account: admin.atlassian.com → Insights → API token activity → Revoke (the same is DELETE /users/{account_id}/manage/api-tokens/{tokenId} in the User management REST API).',
      'Review the organization\'s audit log (admin.atlassian.com → Security → Audit log) for that account since the leak.',
    ],
    rules: { 'atlassian-cloud-admin-token': { url: 'https://admin.atlassian.com', steps: ['Organization → Settings → API keys: revoke the key (an organization admin can; it also ends at its expiry date).', 'Review the audit log for changes made with it since the leak.'] } },
  },
  auth0: { name: 'Auth0', url: 'https://manage.auth0.com/dashboard', steps: ['Applications → the application → Settings (client secret) or Credentials: rotate the secret.', 'For a Management API token, rotate the secret of the machine-to-machine application that issued it (tokens live until they expire).'] },
  azure: {
    name: 'Microsoft Azure', url: 'https://portal.azure.com/#browse/Microsoft.Storage%2FStorageAccounts', steps: ['Storage account → Security + networking → Access keys: rotate the leaked key (switch clients to the other key first).', 'A connection string or SAS signed with that key dies with the rotation.'],
    rules: {
      'azure-ad-client-secret': { url: 'https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade', steps: ['App registrations → the app → Certificates & secrets: add a new client secret, deploy it, delete the leaked one.', 'Review the app\'s sign-in logs (Entra ID → Sign-in logs → Service principal sign-ins).'] },
      'azure-cognitive-services-key': { url: 'https://portal.azure.com/#browse/Microsoft.CognitiveServices%2Faccounts', steps: ['The Azure AI resource → Keys and Endpoint: regenerate the leaked key (use the other key meanwhile).'] },
    },
  },
  'azure-devops': { name: 'Azure DevOps', url: 'https://dev.azure.com', steps: ['Open your organization → User settings → Personal access tokens.', 'Revoke the token; organization admins can revoke any leaked token through Organization settings → Policies.'] },
  braintree: { name: 'Braintree', url: 'https://www.braintreegateway.com/login', steps: ['Settings → API → API keys: generate a new key, deploy it, then delete the leaked one.', 'For a PayPal-issued access token, revoke it in the PayPal developer dashboard.'], rules: { 'braintree-sandbox-access-token': { url: 'https://sandbox.braintreegateway.com/login', steps: ['Settings → API: revoke or regenerate the sandbox credential.'] } } },
  brevo: { name: 'Brevo', url: 'https://app.brevo.com/settings/keys/api', steps: ['Delete the API key and create a new one.'], rules: { 'brevo-smtp-key': { url: 'https://app.brevo.com/settings/keys/smtp', steps: ['Delete the SMTP key and generate a new one.'] } } },
  buildkite: { name: 'Buildkite', url: 'https://buildkite.com/user/api-access-tokens', steps: ['Revoke the API access token.'], rules: { 'buildkite-agent-token': { url: 'https://buildkite.com/organizations', steps: ['The organization → Agents (or the cluster) → Agent Tokens: create a new token, roll it out to agents, revoke the leaked one.'] } } },
  circleci: { name: 'CircleCI', url: 'https://app.circleci.com/settings/user/tokens', steps: ['Delete the personal API token.', 'Project API tokens live under Project Settings → API Permissions.'] },
  clojars: { name: 'Clojars', url: 'https://clojars.org/tokens', steps: ['Disable the deploy token.', 'Check your groups for releases you did not make.'] },
  cloudflare: { name: 'Cloudflare', url: 'https://dash.cloudflare.com/profile/api-tokens', steps: ['Roll or delete the API token; for the Global API Key or Origin CA Key, use "Change" on the same page.', 'Review the account\'s Audit Log for changes since the leak.'] },
  codecov: { name: 'Codecov', url: 'https://app.codecov.io', steps: ['The repository (or organization) → Settings → General: regenerate the upload token.'] },
  cohere: { name: 'Cohere', url: 'https://dashboard.cohere.com/api-keys', steps: ['Delete the API key and create a new one.'] },
  coinbase: { name: 'Coinbase Developer Platform', url: 'https://portal.cdp.coinbase.com/access/api', steps: ['Delete the API key (name and secret die together).', 'Review account activity and withdrawals since the leak.'] },
  confluent: { name: 'Confluent Cloud', url: 'https://confluent.cloud/settings/api-keys', steps: ['Create a replacement API key for the same service account, deploy it, then delete the leaked key.'] },
  contentful: { name: 'Contentful', url: 'https://app.contentful.com/account/profile/cma_tokens', steps: ['Revoke the personal access token.'], rules: { 'contentful-delivery-token': { url: 'https://app.contentful.com', steps: ['The space → Settings → API keys: delete the key (Delivery tokens are readable content access).'] } } },
  databricks: { name: 'Databricks', url: 'https://accounts.cloud.databricks.com', steps: ['PAT: the workspace → Settings → Developer → Access tokens: revoke it (admins: Settings → Advanced → Personal Access Tokens).', 'OAuth secret: the service principal → Secrets: delete the secret and create a new one.'] },
  datadog: {
    name: 'Datadog', url: 'https://app.datadoghq.com/organization-settings/api-keys', steps: ['Revoke the API key (on EU/US3/US5/AP1 sites use that site\'s host).', 'Create a new key and roll it out to agents and integrations.'],
    rules: { 'datadog-app-key': { url: 'https://app.datadoghq.com/organization-settings/application-keys', steps: ['Revoke the application key.'] } },
  },
  deepseek: { name: 'DeepSeek', url: 'https://platform.deepseek.com/api_keys', steps: ['Delete the API key and create a new one.'] },
  digitalocean: {
    name: 'DigitalOcean', url: 'https://cloud.digitalocean.com/account/api/tokens',
    steps: [
      'Personal access token (dop_v1_): delete it on the Tokens tab, found by its name, scopes and creation date (DigitalOcean\'s API can neither list nor delete personal access tokens).',
      'OAuth token (doo_v1_): revoke the application under Authorized applications on the same page.',
      'Create a replacement with only the scopes in use, deploy it, and review the team\'s Security history for actions since the leak.',
    ],
  },
  discord: { name: 'Discord', url: 'https://discord.com/developers/applications', steps: ['The application → Bot → Reset Token.'], rules: { 'discord-webhook-url': { url: 'https://discord.com/channels/@me', steps: ['Server → channel → Edit Channel → Integrations → Webhooks: delete the webhook and create a new one.'] } } },
  'docker-registry': { name: 'Container registry', noConsole: 'the registry is the host named in config.json "auths"; its own console or CLI changes the credential', steps: ['Change the password or revoke the token at the registry named in "auths".', 'Run `docker logout <registry>` on machines holding the old login.'] },
  dockerhub: {
    // The Hub API manages tokens only with a bearer issued from a password (one issued from a PAT is
    // refused) and lists tokens without any part of their value, so spillkit cannot tell which to end.
    name: 'Docker Hub', url: 'https://app.docker.com/settings/personal-access-tokens', steps: [
      'Signed in as the token\'s owner: find the token by its description, creation date and "Last used" (the list shows no part of the token; if you cannot tell, deactivate every token used since the leak).',
      'Deactivate it first (a deactivated token stops working at once and can still be inspected), then delete it once nothing legitimate failed.',
      'Run `docker logout` on machines and CI runners that logged in with it, then log in with the replacement.',
    ],
    rules: {
      'dockerhub-org-access-token': { url: 'https://app.docker.com/admin', steps: ['As an organization owner: Admin Console → the organization → Access tokens: deactivate the token, then delete it.', 'Create a replacement scoped to only the repositories in use and roll it out.'] },
    },
  },
  doppler: {
    name: 'Doppler', url: 'https://dashboard.doppler.com',
    steps: [
      'Personal token (dp.pt.): Tokens → Personal: revoke it. CLI token (dp.ct.): Tokens → CLI, or `doppler login revoke --yes` on the machine that holds it.',
      'Service account token (dp.sa.): the service account\'s page → API tokens: revoke it. SCIM and audit tokens: the workplace settings that issued them.',
      'Review the workplace Activity log for reads and changes since the leak.',
    ],
    rules: {
      'doppler-service-token': { url: 'https://dashboard.doppler.com', steps: ['The project → the config → Access → Service Tokens: revoke the token (match its name and preview), or `doppler configs tokens revoke <slug> --project <project> --config <config>`.', 'Create a new service token for the same config with the same access, deploy it, and check the config\'s activity for reads since the leak.'] },
    },
  },
  dropbox: { name: 'Dropbox', url: 'https://www.dropbox.com/account/connected_apps', steps: ['Disconnect the app the token was issued to (owners: regenerate the token in https://www.dropbox.com/developers/apps).'] },
  duffel: { name: 'Duffel', url: 'https://app.duffel.com', steps: ['Developers → Access tokens: delete the token and create a new one.'] },
  dynatrace: { name: 'Dynatrace', noConsole: TENANT('Dynatrace', 'https://<environment-id>.live.dynatrace.com/ui/access-tokens'), steps: ['Access tokens: disable then delete the token.', 'Create a replacement with only the scopes in use.'] },
  easypost: { name: 'EasyPost', url: 'https://www.easypost.com/account/api-keys', steps: ['Create a new key, deploy it, then disable the leaked one.'] },
  facebook: { name: 'Meta for Developers', url: 'https://developers.facebook.com/apps', steps: ['The app → App settings → Basic: reset the app secret (this also invalidates tokens issued by it).', 'Check a token\'s owner and scopes in the Access Token Debugger: https://developers.facebook.com/tools/debug/accesstoken/'] },
  fastly: { name: 'Fastly', url: 'https://manage.fastly.com/account/personal/tokens', steps: ['Delete the API token (account tokens: Account → API tokens).'] },
  figma: { name: 'Figma', url: 'https://www.figma.com/settings', steps: ['Security → Personal access tokens: revoke the token.'] },
  firebase: { name: 'Firebase', url: 'https://console.firebase.google.com/project/_/settings/cloudmessaging', steps: ['Delete the legacy server key (or migrate to the HTTP v1 API, which uses service accounts).'] },
  flutterwave: { name: 'Flutterwave', url: 'https://app.flutterwave.com/dashboard/settings/apis', steps: ['Generate new API keys (secret and encryption key together) and deploy them.'] },
  flyio: {
    name: 'Fly.io', url: 'https://fly.io/dashboard',
    steps: [
      'Deploy, org or machine token (FlyV1 fm1/fm2): `fly tokens list -a <app>` (or `--org <org>`), find it by name, creator and expiry, then `fly tokens revoke <id>`; the organization\'s Tokens page in the dashboard does the same.',
      'User token (fo1_): `spillkit revoke --use-leaked-key` logs it out, as `fly auth logout` does where it was used.',
      'Review the apps the token could reach (`fly releases -a <app>`) for deploys you did not make.',
    ],
  },
  frameio: { name: 'Frame.io', url: 'https://developer.frame.io/app/tokens', steps: ['Delete the developer token.'] },
  gcp: { name: 'Google Cloud', url: 'https://console.cloud.google.com/iam-admin/serviceaccounts', steps: ['Find the service account named by "client_email" → Keys: delete the key with the leaked "private_key_id".', 'Review Cloud Audit Logs for that service account since the leak.'] },
  generic: { name: 'Unknown service', noConsole: 'the rule does not tell which service this credential belongs to', steps: ['Find the service from the file and the variable name around the finding.', 'Revoke or rotate the credential there, and update every consumer.'] },
  github: { name: 'GitHub', url: 'https://github.com/settings/tokens', steps: ['Delete the token (fine-grained tokens: https://github.com/settings/personal-access-tokens).'] },
  gitlab: {
    name: 'GitLab', url: 'https://gitlab.com/-/user_settings/personal_access_tokens', steps: ['Revoke the token (project and group access tokens: the project or group → Settings → Access tokens).'],
    rules: {
      'gitlab-deploy-token': { url: 'https://gitlab.com', steps: ['The project or group → Settings → Repository → Deploy tokens: revoke the token.'] },
      'gitlab-pipeline-trigger-token': { url: 'https://gitlab.com', steps: ['The project → Settings → CI/CD → Pipeline trigger tokens: revoke the token.'] },
      'gitlab-runner-auth-token': { url: 'https://gitlab.com', steps: ['The project, group or Admin area → CI/CD → Runners: delete the runner (or reset its token) and register a new one.'] },
      'gitlab-runner-registration-token': { url: 'https://gitlab.com', steps: ['Settings → CI/CD → Runners: reset the registration token (then move to runner authentication tokens).'] },
      'gitlab-oauth-app-secret': { url: 'https://gitlab.com/-/user_settings/applications', steps: ['The application: renew the secret (group and instance applications live in their settings).'] },
      'gitlab-scim-token': { url: 'https://gitlab.com', steps: ['The group → Settings → SAML SSO: reset the SCIM token and update your identity provider.'] },
      'gitlab-feed-token': { url: 'https://gitlab.com/-/user_settings/personal_access_tokens', steps: ['Reset the feed token (the section below the access tokens).'] },
      'gitlab-incoming-mail-token': { url: 'https://gitlab.com/-/user_settings/personal_access_tokens', steps: ['Reset the incoming email token.'] },
      'gitlab-agent-token': { url: 'https://gitlab.com', steps: ['The project → Operate → Kubernetes clusters → the agent → Access tokens: revoke and create a new one.'] },
      'gitlab-feature-flags-client-token': { url: 'https://gitlab.com', steps: ['The project → Deploy → Feature flags → Configure: reset the instance ID token.'] },
      'gitlab-cicd-job-token': { url: 'https://gitlab.com', steps: ['A CI/CD job token dies when its job ends: check that no job is still running, and review the job\'s logs.'] },
    },
  },
  gocardless: { name: 'GoCardless', url: 'https://manage.gocardless.com/developers/access-tokens', steps: ['Revoke the access token and create a new one.'], rules: { 'gocardless-sandbox-token': { url: 'https://manage-sandbox.gocardless.com/developers/access-tokens', steps: ['Revoke the sandbox access token.'] } } },
  google: {
    name: 'Google Cloud', url: 'https://console.cloud.google.com/apis/credentials', steps: ['Regenerate or delete the API key; add API and application restrictions to the new one.'],
    rules: {
      'google-oauth-client-secret': { url: 'https://console.cloud.google.com/apis/credentials', steps: ['The OAuth client: add a new secret, deploy it, then disable and delete the leaked one.'] },
      'google-oauth-refresh-token': { url: 'https://myaccount.google.com/permissions', steps: ['Remove the application\'s access (the account owner), which revokes its refresh tokens.'] },
      'google-oauth-access-token': { url: 'https://myaccount.google.com/permissions', steps: ['Access tokens expire within an hour; remove the application\'s access to cut it sooner.'] },
    },
  },
  grafana: {
    name: 'Grafana', url: 'https://grafana.com/profile/org', steps: ['Grafana Cloud: Access Policies → the policy → delete the token and create a new one.'],
    rules: {
      'grafana-service-account-token': { noConsole: TENANT('Grafana', 'https://<your-stack>.grafana.net/org/serviceaccounts'), steps: ['Administration → Users and access → Service accounts → the account: delete the token.'] },
      'grafana-api-key': { noConsole: TENANT('Grafana', 'https://<your-stack>.grafana.net/org/serviceaccounts'), steps: ['API keys were migrated to service accounts: delete the key\'s token there.'] },
    },
  },
  groq: { name: 'Groq', url: 'https://console.groq.com/keys', steps: ['Delete the API key and create a new one.'] },
  heroku: { name: 'Heroku', url: 'https://dashboard.heroku.com/account', steps: ['API Key → Regenerate API Key (or `heroku authorizations:revoke <id>` for an authorization).'] },
  htpasswd: { name: 'htpasswd', noConsole: 'an htpasswd entry is a password hash in a file on your server', steps: PASSWORD_STEPS },
  huggingface: {
    name: 'Hugging Face', url: 'https://huggingface.co/settings/tokens', steps: [
      'Signed in as the token\'s owner: Access Tokens → the token\'s Manage menu → "Invalidate and refresh" (same name and permissions, new value) or Delete.',
      'A token you cannot sign in for is invalidated by Hugging Face\'s public leaked-token endpoint: `spillkit revoke --use-leaked-key` calls it, and the owner is emailed.',
    ],
  },
  infracost: { name: 'Infracost', url: 'https://dashboard.infracost.io', steps: ['Org Settings → API key: rotate it.'] },
  intercom: { name: 'Intercom', url: 'https://app.intercom.com/a/apps/_/developer-hub', steps: ['The app → Authentication: regenerate the access token.'] },
  jdbc: DATABASE('database'),
  jfrog: { name: 'JFrog', noConsole: TENANT('JFrog', 'https://<server>.jfrog.io/ui/admin/artifactory/user_management/access_tokens'), steps: ['Administration → Identity and Access → Access Tokens: revoke the token (API keys: revoke in Edit Profile).'] },
  jwt: {
    name: 'JWT', noConsole: 'a JWT is valid until it expires; its issuer (the "iss" claim) is where sessions or keys are cut',
    steps: ['Revoke the session or refresh token behind it at the issuer, or block its "jti" until "exp".', 'If it never expires or grants a lot, rotate the issuer\'s signing key.'],
    rules: { 'jwt-signing-secret': { noConsole: 'a signing secret lives in your own service\'s configuration', steps: ['Generate a new signing secret and deploy it: every token signed with the old one stops verifying.', 'Expect users to sign in again; look for tokens minted outside your service since the leak.'] } },
  },
  kraken: { name: 'Kraken', url: 'https://pro.kraken.com/app/settings/api', steps: ['Delete the API key; review trades and withdrawals since the leak.'] },
  kubernetes: { name: 'Kubernetes', noConsole: 'the cluster is yours: kubectl, not a web page, changes it', steps: ['Secret data: rotate the credential it holds at its source, then update the Secret.', 'kubeconfig client key: client certificates cannot be revoked; remove the RoleBindings of its user, and rotate the cluster CA if it is an admin credential.'] },
  launchdarkly: { name: 'LaunchDarkly', url: 'https://app.launchdarkly.com/settings/authorization', steps: ['Delete or reset the access token.'], rules: { 'launchdarkly-sdk-key': { url: 'https://app.launchdarkly.com/projects', steps: ['The project → Environments → the environment: reset the SDK key (with an expiry for the old one to roll without downtime).'] } } },
  linear: {
    name: 'Linear', url: 'https://linear.app/settings/account/security', steps: ['API → Personal API keys: revoke the key (OAuth apps: revoke the app\'s tokens).'],
    rules: {
      'linear-api-key': { url: 'https://linear.app/settings/account/security', steps: ['Security & access → Personal API keys: revoke the key, signed in as its owner (Linear\'s public API cannot delete API keys).', 'Create a new key with only the access in use, deploy it, and review the workspace audit log for changes since the leak.'] },
    },
  },
  lob: { name: 'Lob', url: 'https://dashboard.lob.com/settings/api-keys', steps: ['Roll the live API key.'] },
  mailchimp: { name: 'Mailchimp', url: 'https://admin.mailchimp.com/account/api/', steps: ['Disable, then delete the API key.'], rules: { 'mailchimp-transactional-key': { url: 'https://mandrillapp.com/settings', steps: ['Delete the Transactional (Mandrill) API key.'] } } },
  mailgun: { name: 'Mailgun', url: 'https://app.mailgun.com/settings/api_security', steps: ['Create a new API key, deploy it, then delete the leaked one.'] },
  mailjet: { name: 'Mailjet', url: 'https://app.mailjet.com/account/apikeys', steps: ['Regenerate the secret key of the API key pair.'] },
  mapbox: { name: 'Mapbox', url: 'https://account.mapbox.com/access-tokens/', steps: ['Delete the secret token and create a new one with only the scopes in use.'] },
  mistral: { name: 'Mistral AI', url: 'https://console.mistral.ai/api-keys', steps: ['Delete the API key and create a new one.'] },
  mongodb: {
    name: 'MongoDB', url: 'https://cloud.mongodb.com', steps: ['Atlas → Database Access: edit the database user and change the password (self-hosted: db.changeUserPassword()).'],
    rules: {
      'mongodb-atlas-private-key': { url: 'https://cloud.mongodb.com', steps: ['Organization → Access Manager → Applications → API Keys: delete the key.'] },
      'mongodb-atlas-service-account-secret': { url: 'https://cloud.mongodb.com', steps: ['Organization → Access Manager → Applications → Service Accounts: revoke the secret and create a new one.'] },
    },
  },
  mysql: DATABASE('MySQL'),
  netlify: {
    name: 'Netlify', url: 'https://app.netlify.com/user/applications#personal-access-tokens',
    steps: [
      'Personal access tokens: delete the token, found by its description and expiry (Netlify\'s public API cannot list or delete personal access tokens). If it cannot be told which, delete every token not in use.',
      'Authorized OAuth applications on the same page: revoke any app that holds a leaked OAuth token.',
      'Create a replacement with an expiry, deploy it, and review the team audit log for deploys and setting changes since the leak.',
    ],
  },
  netrc: { name: '.netrc', noConsole: 'the "machine" line names the host whose password or token must change', steps: ['Change the password or revoke the token at the host of the "machine" entry.', 'Remove the entry from every .netrc that holds it.'] },
  newrelic: { name: 'New Relic', url: 'https://one.newrelic.com/api-keys', steps: ['Delete or rotate the key (license keys: create a new one, roll it out, then delete the old).'] },
  notion: { name: 'Notion', url: 'https://www.notion.so/profile/integrations', steps: ['The integration → Configuration: refresh (regenerate) the internal integration secret.'] },
  npm: {
    name: 'npm', url: 'https://www.npmjs.com', steps: ['Signed in as the token\'s owner: profile picture → Access Tokens, then delete the token (the page is https://www.npmjs.com/settings/<user>/tokens).', 'Check your packages for versions you did not publish.'],
    rules: { 'npmrc-legacy-auth': { url: 'https://www.npmjs.com', steps: ['The leaked _auth holds the account password: profile picture → Account → change the password, and enable two-factor authentication.'] } },
  },
  nuget: { name: 'NuGet', url: 'https://www.nuget.org/account/apikeys', steps: ['Delete (or regenerate) the API key; check your packages for versions you did not push.'] },
  odbc: DATABASE('database'),
  okta: { name: 'Okta', noConsole: TENANT('Okta', 'https://<your-org>-admin.okta.com/admin/access/api/tokens'), steps: ['Security → API → Tokens: revoke the token.', 'Review the System Log for actions by that token since the leak.'] },
  onepassword: { name: '1Password', url: 'https://start.1password.com', steps: ['Service account token: Developer → Service Accounts → the account: revoke the token.', 'Secret Key: My Profile → Regenerate Secret Key, and change the account password.'] },
  openai: {
    name: 'OpenAI', url: 'https://platform.openai.com/api-keys', steps: ['Find the key by its hint and revoke it (project and service-account keys are listed per project).', 'Create a new key and deploy it.'],
    rules: { 'openai-admin-key': { url: 'https://platform.openai.com/settings/organization/admin-keys', steps: ['Delete the Admin key; review the organization\'s projects, members and keys for changes made with it.'] } },
  },
  'password-hash': { name: 'Password hash', noConsole: 'a password hash belongs to an account of the system that stored it', steps: PASSWORD_STEPS },
  paypal: { name: 'PayPal', url: 'https://developer.paypal.com/dashboard/applications/live', steps: ['The app: show and regenerate the secret (sandbox apps are on the Sandbox tab).'] },
  perplexity: { name: 'Perplexity', url: 'https://www.perplexity.ai/settings/api', steps: ['Delete the API key and generate a new one.'] },
  pgp: { name: 'PGP', noConsole: 'a PGP key is revoked by publishing its revocation certificate, not on a web page', steps: ['Import the key\'s revocation certificate (or make one with `gpg --gen-revoke`) and publish it to the keyservers you use.', 'Create a new key, re-sign and re-encrypt what the old one protected, and tell your correspondents.'] },
  plaid: { name: 'Plaid', url: 'https://dashboard.plaid.com/developers/keys', steps: ['Rotate the secret for the environment.', 'An Item access token is revoked with /item/remove (or rotated with /item/access_token/invalidate).'] },
  planetscale: { name: 'PlanetScale', url: 'https://app.planetscale.com', steps: ['Service token: Organization → Settings → Service tokens: delete it.', 'Database password: the database → Settings → Passwords: delete it and create a new one.'] },
  postgres: DATABASE('PostgreSQL'),
  postman: { name: 'Postman', url: 'https://go.postman.co/settings/me/api-keys', steps: ['Revoke the API key (team admins can revoke any key under Team Settings).'] },
  postmark: { name: 'Postmark', url: 'https://account.postmarkapp.com/servers', steps: ['The server → API Tokens: regenerate the token.'] },
  prefect: { name: 'Prefect', url: 'https://app.prefect.cloud/my/api-keys', steps: ['Delete the API key (service accounts: Settings → Service Accounts → rotate).'] },
  'private-key': { name: 'Private key', noConsole: 'a private key is trusted wherever its public half was installed', steps: PRIVATE_KEY_STEPS },
  pulumi: { name: 'Pulumi', url: 'https://app.pulumi.com/account/tokens', steps: ['Delete the access token (organization and team tokens: the organization\'s Access Tokens page).'] },
  pypi: {
    // PyPI has no API that revokes a token (its disclosure endpoint takes only GitHub's signed reports).
    name: 'PyPI', url: 'https://pypi.org/manage/account/', steps: [
      'Signed in as the token\'s owner: Account settings → API tokens → the token\'s Options → Remove token (confirm with your password). Its name and scope (all projects, or one) tell it apart; if they do not, remove every token used since the leak.',
      'Check each project the token could upload to: its Security history (https://pypi.org/manage/project/<name>/history/) and Releases, for uploads you did not make; yank or delete them.',
      'Publish from CI with Trusted Publishing instead of a stored token, or create a replacement scoped to one project.',
    ],
    rules: {
      'pypi-test-upload-token': { url: 'https://test.pypi.org/manage/account/', steps: ['Signed in on TestPyPI: Account settings → API tokens → Options → Remove token.', 'TestPyPI accounts are separate from PyPI: check that the same token name is not also used on pypi.org.'] },
    },
  },
  rabbitmq: DATABASE('RabbitMQ'),
  rapidapi: { name: 'RapidAPI', url: 'https://rapidapi.com/developer/apps', steps: ['The app → Authorization: add a new key, deploy it, then delete the leaked one.'] },
  readme: { name: 'ReadMe', url: 'https://dash.readme.com', steps: ['The project → API Keys: revoke the key.'] },
  redis: DATABASE('Redis'),
  replicate: { name: 'Replicate', url: 'https://replicate.com/account/api-tokens', steps: ['Disable the API token and create a new one.'] },
  rubygems: { name: 'RubyGems', url: 'https://rubygems.org/profile/api_keys', steps: ['Delete the API key; check your gems for versions you did not push.'] },
  scalingo: { name: 'Scalingo', url: 'https://dashboard.scalingo.com/account/tokens', steps: ['Delete the API token.'] },
  sendgrid: { name: 'SendGrid', url: 'https://app.sendgrid.com/settings/api_keys', steps: ['Delete the API key and create one with only the scopes in use.'] },
  sentry: {
    name: 'Sentry', url: 'https://sentry.io/settings/auth-tokens/', steps: ['The organization named inside the token → Settings → Auth Tokens: revoke the token whose last characters match (a manager or owner can).', 'Create a replacement with only org:ci and roll it out to the CI secrets that held the old one.'],
    rules: {
      // Sentry accepts no API token for its personal-token endpoints: only a signed-in session.
      'sentry-user-auth-token': { url: 'https://sentry.io/settings/account/api/auth-tokens/', steps: ['Signed in as the token\'s owner: User Settings → Personal Tokens → Remove the token (its last characters and creation date tell it apart).', 'Check the organization\'s audit log (Settings → Audit Log) for changes made by that user since the leak.'] },
      'sentry-auth-token-legacy': { url: 'https://sentry.io/settings/account/api/auth-tokens/', steps: ['An unprefixed token is a personal token (Personal Tokens) or an internal integration token (Settings → Custom Integrations → the integration → Tokens): remove it where it is listed.', 'On a self-hosted Sentry, the same pages are on your own server.'] },
      'sentry-dsn-secret': { url: 'https://sentry.io/settings/projects/', steps: ['The project → Client Keys (DSN): generate a new key, deploy it, then disable the leaked one.'] },
    },
  },
  shippo: { name: 'Shippo', url: 'https://apps.goshippo.com/settings/api', steps: ['Regenerate the API token.'] },
  shopify: { name: 'Shopify', url: 'https://admin.shopify.com', steps: ['The store → Settings → Apps and sales channels → Develop apps → the app → API credentials: rotate the token (or uninstall the app).', 'Partner apps: rotate the client secret in https://partners.shopify.com.'] },
  slack: {
    name: 'Slack', url: 'https://api.slack.com/apps', steps: ['The app → OAuth & Permissions: revoke the token, or reinstall the app to issue a new one.'],
    rules: {
      'slack-webhook-url': { url: 'https://api.slack.com/apps', steps: ['The app → Incoming Webhooks: remove the webhook URL, then add a new one for the channel.'] },
      'slack-workflow-webhook-url': { url: 'https://slack.com/shortcuts', steps: ['Workflow Builder → the workflow: remove the webhook trigger and add a new one.'] },
      'slack-app-token': { url: 'https://api.slack.com/apps', steps: ['The app → Basic Information → App-Level Tokens: revoke the token and generate a new one.'] },
      'slack-refresh-token': { url: 'https://api.slack.com/apps', steps: ['The app → OAuth & Permissions: revoke all tokens (or reinstall the app), which kills the refresh token and its access tokens.'] },
      'slack-config-access-token': { url: 'https://api.slack.com/apps', steps: ['Your App Configuration Tokens: revoke the token pair.'] },
      'slack-config-refresh-token': { url: 'https://api.slack.com/apps', steps: ['Your App Configuration Tokens: revoke the token pair.'] },
    },
  },
  snyk: { name: 'Snyk', url: 'https://app.snyk.io/account', steps: ['Revoke and regenerate the auth token (service accounts: the organization\'s Settings → Service accounts).'] },
  sonar: { name: 'SonarQube Cloud', url: 'https://sonarcloud.io/account/security', steps: ['Revoke the token (self-hosted SonarQube: My Account → Security on your server).'] },
  sqlserver: DATABASE('SQL Server'),
  square: { name: 'Square', url: 'https://developer.squareup.com/apps', steps: ['The app → Credentials: replace the access token, or OAuth: replace the application secret.'] },
  ssh: { name: 'SSH key', noConsole: 'an SSH key is trusted wherever its public half was installed', steps: PRIVATE_KEY_STEPS },
  // Stripe's API does not roll a secret or restricted key: the Dashboard does, with an expiry for the old one.
  stripe: {
    name: 'Stripe', url: 'https://dashboard.stripe.com/apikeys',
    steps: [
      'Developers → API keys, in live mode: on the leaked key (Secret key sk_live_…, or the restricted key rk_live_… under Restricted keys) open ⋯ → Roll key… (Rotate key in newer Dashboards).',
      'Expiration of the old key: "Now"; a later one (1 hour, 24 hours…) only if a deploy needs the overlap, knowing the old key works until then. Confirm with the verification code Stripe sends, then copy the new key: it is shown once (a restricted key keeps its permissions).',
      'Deploy the new key everywhere the old one ran, then check Developers → Logs (filtered to the old key) and Events for requests made with it since the leak.',
    ],
    rules: {
      'stripe-webhook-secret': { url: 'https://dashboard.stripe.com/webhooks', steps: ['The endpoint → Signing secret: roll the secret and deploy the new one.'] },
      'stripe-test-key': { url: 'https://dashboard.stripe.com/test/apikeys', steps: ['In test mode: ⋯ → Roll key…, expiration "Now", then deploy the new test key.'] },
    },
  },
  sumologic: { name: 'Sumo Logic', url: 'https://service.sumologic.com', steps: ['Access keys: Administration → Security → Access Keys (or Preferences → My Access Keys): delete the key (other deployments use their own host, e.g. service.eu.sumologic.com).', 'A collector URL: delete the HTTP source and create a new one.'] },
  supabase: {
    name: 'Supabase', url: 'https://supabase.com/dashboard/account/tokens', steps: ['Revoke the access token.'],
    rules: {
      'supabase-secret-key': { url: 'https://supabase.com/dashboard/project/_/settings/api-keys', steps: ['Create a new secret key, deploy it, then delete the leaked one.'] },
      'supabase-service-role-key': { url: 'https://supabase.com/dashboard/project/_/settings/jwt', steps: ['A legacy service_role key dies only with a new JWT secret: rotate it (every issued token stops working), or move to secret keys and disable legacy keys.'] },
    },
  },
  tailscale: { name: 'Tailscale', url: 'https://login.tailscale.com/admin/settings/keys', steps: ['Revoke the auth key or API access token.'] },
  telegram: { name: 'Telegram', url: 'https://t.me/BotFather', steps: ['In the chat with @BotFather: /revoke, choose the bot, and deploy the new token.'] },
  terraform: { name: 'HCP Terraform', url: 'https://app.terraform.io/app/settings/tokens', steps: ['Delete the user token (team and organization tokens: the organization\'s Settings → API tokens).'] },
  travis: { name: 'Travis CI', url: 'https://app.travis-ci.com/account/preferences', steps: ['Regenerate the API token.'] },
  twilio: { name: 'Twilio', url: 'https://console.twilio.com/us1/account/keys-credentials/api-keys', steps: ['Delete the API key (its secret dies with it).', 'Auth token: Account → API keys & tokens → Auth tokens: request a secondary token, deploy it, then promote it.'] },
  twitch: { name: 'Twitch', url: 'https://dev.twitch.tv/console/apps', steps: ['The application: generate a new client secret; user tokens: revoke through https://id.twitch.tv/oauth2/revoke or remove the connection at https://www.twitch.tv/settings/connections.'] },
  twitter: { name: 'X (Twitter)', url: 'https://developer.x.com/en/portal/dashboard', steps: ['The app → Keys and tokens: regenerate the leaked key, secret or token.'] },
  typeform: { name: 'Typeform', url: 'https://admin.typeform.com/user/tokens', steps: ['Delete the personal token.'] },
  vault: { name: 'HashiCorp Vault', noConsole: 'Vault is your own server: its CLI or API revokes the token', steps: ['Find the token\'s accessor and revoke it: `vault token revoke -accessor <accessor>` (child tokens die with it).', 'Recovery keys: rekey with `vault operator rekey -target=recovery`.', 'Read the audit device logs for requests by that accessor since the leak.'] },
  vercel: { name: 'Vercel', url: 'https://vercel.com/account/settings/tokens', steps: ['Delete the token.'] },
  xai: { name: 'xAI', url: 'https://console.x.ai', steps: ['The team → API Keys: delete the key and create a new one.'] },
  yandex: { name: 'Yandex Cloud', url: 'https://console.yandex.cloud', steps: ['Identity and Access Management → Service accounts → the account: delete the leaked API key or static access key.', 'OAuth tokens: revoke the application at https://id.yandex.com/security.'] },
  zapier: { name: 'Zapier', url: 'https://zapier.com/app/zaps', steps: ['Turn off the Zap with the catch hook; recreate the trigger to get a new webhook URL.'] },
  zendesk: { name: 'Zendesk', noConsole: TENANT('Zendesk', 'https://<subdomain>.zendesk.com/admin/apps-integrations/apis/zendesk-api'), steps: ['Zendesk API → Settings: delete the API token.'] },
};

/** What every manual containment ends with, whatever the provider. */
function closingSteps(cred: Credential): string[] {
  const since = cred.finding.date ? ` since ${cred.finding.date.slice(0, 10)}` : ' since the leak';
  return [
    'Put the replacement wherever the old credential was used (CI/CD secrets, deployment config, .env files), then confirm the old one no longer works.',
    `Review the provider's audit or usage logs for activity${since}.`,
  ];
}

let fromData: Map<string, ConsoleEntry> | undefined;

/** Console entries the rule data files carry (the long tail: a provider is a row of data there). */
function dataConsoles(): Map<string, ConsoleEntry> {
  if (!fromData) {
    fromData = new Map();
    for (const p of loadBuiltinProviders()) if (p.console) fromData.set(p.id, { name: p.name, ...p.console });
  }
  return fromData;
}

/** A provider's entry; a provider missing from the table (a config rule's own id) gets a generic one. */
export function consoleEntryFor(provider: string): ConsoleEntry {
  return CONSOLES[provider] ?? dataConsoles().get(provider)
    ?? { name: provider, noConsole: `spillkit knows no console page for provider "${provider}"`, steps: CONSOLES.generic.steps };
}

/** Every provider with a console entry, from this table and from the rule data. */
export function consoleProviders(): string[] {
  return [...new Set([...Object.keys(CONSOLES), ...dataConsoles().keys()])].sort();
}

/** The page for one rule of the entry's provider: the rule's own page, else the provider's. */
export function consolePage(entry: ConsoleEntry, rule: string): ConsolePage {
  return entry.rules?.[rule] ?? { url: entry.url, noConsole: entry.noConsole, steps: entry.steps };
}

/**
 * The manual step for a credential. Without a console page `url` is empty and the first checklist item
 * says why (`No console: ...`): the contract's ManualStep has no field for that yet.
 */
export function manualStepFor(entry: ConsoleEntry, cred: Credential): ManualStep {
  const page = consolePage(entry, cred.finding.rule);
  const noConsole = page.url ? [] : [`No console: ${page.noConsole ?? 'none known'}.`];
  return {
    title: `Revoke the ${entry.name} credential ${cred.finding.redacted}`,
    url: page.url ?? '',
    checklist: [...noConsole, ...page.steps, ...closingSteps(cred)],
  };
}
