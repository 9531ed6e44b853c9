import { field, type ValidatorRow } from '../validator.js';

/** Validator rows for developer tooling, CI and observability providers: one read-only request each (see ../validator.ts). */
export const DEVOPS_ROWS: ValidatorRow[] = [
  {
    // An application key works only beside an API key: it has no check of its own.
    rules: ['datadog-api-key', 'datadog-api-key-context'],
    provider: 'datadog', title: 'Datadog', base: 'https://api.datadoghq.com', envVar: 'DATADOG_API_URL',
    path: '/api/v1/validate', auth: { kind: 'header', name: 'DD-API-KEY' },
    // Datadog answers an unknown API key with 403 {"errors":["Forbidden"]}.
    deadStatuses: [401, 403],
  },
  {
    // API v3 answers a token it does not know with 403 "access denied"; /user needs no permission beyond the token.
    rules: ['travis-api-token'],
    provider: 'travis', title: 'Travis CI', base: 'https://api.travis-ci.com', envVar: 'TRAVIS_API_URL',
    path: '/user', auth: { kind: 'scheme', scheme: 'token' }, headers: { 'travis-api-version': '3' },
    deadStatuses: [401, 403],
    who: (res) => field(res.body, 'login'),
  },
  {
    // Any access token may describe itself, whatever its scopes.
    rules: ['buildkite-api-token', 'buildkite-api-token-context'],
    provider: 'buildkite', title: 'Buildkite', base: 'https://api.buildkite.com', envVar: 'BUILDKITE_API_URL',
    path: '/v2/access-token', auth: { kind: 'bearer' },
  },
  {
    // Takes user and organization tokens and checks no permission, so a refusal (401, or 403 where no
    // authenticator recognised the token) means not live. A self-hosted server's token reads not live here.
    rules: ['sentry-user-auth-token', 'sentry-org-auth-token', 'sentry-auth-token-legacy'],
    provider: 'sentry', title: 'Sentry', base: 'https://sentry.io', envVar: 'SENTRY_API_URL',
    path: '/api/0/auth/validate/', auth: { kind: 'bearer' }, deadStatuses: [401, 403],
  },
  {
    // NerdGraph, read only. A key of the other region answers 403, left unknown.
    rules: ['newrelic-user-api-key'],
    provider: 'newrelic', title: 'New Relic', base: 'https://api.newrelic.com', envVar: 'NEWRELIC_API_URL',
    method: 'POST', path: '/graphql', json: { query: '{ actor { user { email } } }' }, auth: { kind: 'header', name: 'API-Key' },
    who: (res) => field(res.body, 'data', 'actor', 'user', 'email'),
  },
  {
    rules: ['pagerduty-api-key'],
    provider: 'pagerduty', title: 'PagerDuty', base: 'https://api.pagerduty.com', envVar: 'PAGERDUTY_API_URL',
    path: '/abilities', auth: { kind: 'header', name: 'authorization', prefix: 'Token token=' },
    headers: { accept: 'application/vnd.pagerduty+json;version=2' },
  },
  {
    rules: ['postman-api-key'],
    provider: 'postman', title: 'Postman', base: 'https://api.getpostman.com', envVar: 'POSTMAN_API_URL',
    path: '/me', auth: { kind: 'header', name: 'X-Api-Key' },
    who: (res) => field(res.body, 'user', 'username'),
  },
  {
    // /v3/me describes the token itself, whatever its kind.
    rules: ['doppler-api-token', 'doppler-service-token'],
    provider: 'doppler', title: 'Doppler', base: 'https://api.doppler.com', envVar: 'DOPPLER_API_URL',
    path: '/v3/me', auth: { kind: 'bearer' }, forbiddenIsLive: true,
    who: (res) => field(res.body, 'workplace', 'name'),
  },
  {
    // Team and organization tokens answer with their synthetic service user. HCP Terraform's EU region and
    // Terraform Enterprise servers issue the same token format; their tokens read not live here.
    rules: ['terraform-cloud-token'],
    provider: 'terraform', title: 'HCP Terraform', base: 'https://app.terraform.io', envVar: 'TERRAFORM_API_URL',
    path: '/api/v2/account/details', auth: { kind: 'bearer' },
    who: (res) => field(res.body, 'data', 'attributes', 'username'),
  },
  {
    // Personal, team and organization tokens all answer /api/user (`pulumi whoami`).
    rules: ['pulumi-access-token'],
    provider: 'pulumi', title: 'Pulumi Cloud', base: 'https://api.pulumi.com', envVar: 'PULUMI_API_URL',
    path: '/api/user', auth: { kind: 'scheme', scheme: 'token' }, headers: { accept: 'application/vnd.pulumi+8' },
    who: (res) => field(res.body, 'githubLogin') ?? field(res.body, 'name'),
  },
  {
    // An unknown key answers 401; 403 is a key without the index scope, an organization key or a
    // soft-deleted one, so it is left unknown.
    rules: ['rubygems-api-key'],
    provider: 'rubygems', title: 'RubyGems.org', base: 'https://rubygems.org', envVar: 'RUBYGEMS_API_URL',
    path: '/api/v1/gems.json', auth: { kind: 'header', name: 'authorization' },
  },
  {
    rules: ['cloudsmith-api-key', 'cloudsmith-api-key-prefixed'],
    provider: 'cloudsmith', title: 'Cloudsmith', base: 'https://api.cloudsmith.io', envVar: 'CLOUDSMITH_API_URL',
    path: '/v1/user/self/', auth: { kind: 'header', name: 'X-Api-Key' },
    // user/self also answers an anonymous caller, with authenticated: false.
    read: (res) => (res.status === 200 && (res.body as { authenticated?: unknown } | null)?.authenticated === false
      ? { state: 'not-live', detail: 'Cloudsmith answers that the request is not authenticated' } : null),
    who: (res) => field(res.body, 'slug'),
    answers: { live: { status: 200, body: { authenticated: true, slug: 'ci-bot' } }, dead: { status: 200, body: { authenticated: false } } },
  },
  {
    rules: ['statuspage-api-key'],
    provider: 'statuspage', title: 'Statuspage', base: 'https://api.statuspage.io', envVar: 'STATUSPAGE_API_URL',
    path: '/v1/pages', auth: { kind: 'scheme', scheme: 'OAuth' },
  },
  {
    rules: ['papertrail-api-token'],
    provider: 'papertrail', title: 'Papertrail', base: 'https://papertrailapp.com', envVar: 'PAPERTRAIL_API_URL',
    path: '/api/v1/systems.json', auth: { kind: 'header', name: 'X-Papertrail-Token' },
  },
  {
    rules: ['statuscake-api-key'],
    provider: 'statuscake', title: 'StatusCake', base: 'https://api.statuscake.com', envVar: 'STATUSCAKE_API_URL',
    path: '/v1/uptime?limit=1', auth: { kind: 'bearer' },
  },
  {
    rules: ['airbrake-user-key'],
    provider: 'airbrake', title: 'Airbrake', base: 'https://api.airbrake.io', envVar: 'AIRBRAKE_API_URL',
    path: '/api/v4/projects', auth: { kind: 'query', name: 'key' },
  },
  {
    rules: ['packagecloud-api-token'],
    provider: 'packagecloud', title: 'packagecloud', base: 'https://packagecloud.io', envVar: 'PACKAGECLOUD_API_URL',
    path: '/api/v1/repos', auth: { kind: 'basic', as: 'user' },
  },
  {
    // A telemetry-only key may not list monitors: 403 stays unknown.
    rules: ['cronitor-api-key'],
    provider: 'cronitor', title: 'Cronitor', base: 'https://cronitor.io', envVar: 'CRONITOR_API_URL',
    path: '/api/monitors', auth: { kind: 'basic', as: 'user' },
  },
  {
    rules: ['rootly-api-key'],
    provider: 'rootly', title: 'Rootly', base: 'https://api.rootly.com', envVar: 'ROOTLY_API_URL',
    // A key whose role may not read users answers 403: authenticated, so live.
    path: '/v1/users/me', auth: { kind: 'bearer' }, forbiddenIsLive: true,
  },
  {
    // Most access policy tokens hold only data scopes: Grafana.com then answers 401 with a missing-scope
    // message, which proves the token authenticated. A token it cannot read answers 401 InvalidCredentials.
    rules: ['grafana-cloud-token'],
    provider: 'grafana', title: 'Grafana Cloud', base: 'https://grafana.com', envVar: 'GRAFANA_API_URL',
    path: '/api/v1/tokens?region=us', auth: { kind: 'bearer' }, forbiddenIsLive: true,
    read: (res) => {
      if (res.status !== 401) return null;
      const code = field(res.body, 'code');
      const message = field(res.body, 'message') ?? '';
      if (/invalid permission|required scope/i.test(message)) return { state: 'live', detail: 'Grafana.com answered 401 for a missing scope: authenticated, restricted from this call' };
      if (code === 'InvalidCredentials') return null;
      return { state: 'unknown', detail: `Grafana.com answered 401 (${code ?? 'no code'}) without saying the token is invalid` };
    },
    answers: {
      live: { status: 401, body: { code: 'Unauthorized', message: 'invalid permission: access policy missing required scope [accesspolicies:read]' } },
      dead: { status: 401, body: { code: 'InvalidCredentials', message: 'Token could not be parsed' } },
    },
  },
  {
    rules: ['cocoapods-trunk-token'],
    provider: 'cocoapods', title: 'CocoaPods trunk', base: 'https://trunk.cocoapods.org', envVar: 'COCOAPODS_API_URL',
    path: '/api/v1/sessions', auth: { kind: 'scheme', scheme: 'Token' },
    who: (res) => field(res.body, 'email'),
  },
];
