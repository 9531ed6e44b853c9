import { errorText } from '../../providers/http.js';
import { field, type ValidatorRow } from '../validator.js';

/** Validator rows for cloud providers: one read-only request each (see ../validator.ts). */
export const CLOUD_ROWS: ValidatorRow[] = [
  {
    // A custom-scoped token without account:read answers 403: authenticated, so live.
    rules: ['digitalocean-pat', 'digitalocean-oauth-token'],
    provider: 'digitalocean', title: 'DigitalOcean', base: 'https://api.digitalocean.com', envVar: 'DIGITALOCEAN_API_URL',
    path: '/v2/account', auth: { kind: 'bearer' }, forbiddenIsLive: true,
    who: (res) => field(res.body, 'account', 'email'),
  },
  {
    rules: ['heroku-api-key', 'heroku-api-key-legacy'],
    provider: 'heroku', title: 'Heroku', base: 'https://api.heroku.com', envVar: 'HEROKU_API_URL',
    path: '/account', auth: { kind: 'bearer' }, headers: { accept: 'application/vnd.heroku+json; version=3' },
    who: (res) => field(res.body, 'email'),
  },
  {
    // Vercel answers a rejected token with 403 {"error":{"invalidToken":true}}; a 403 without that flag is a
    // token (an integration's, say) that may not read the user: authenticated, so live.
    rules: ['vercel-cli-token', 'vercel-access-token', 'vercel-personal-access-token', 'vercel-integration-token', 'vercel-app-access-token'],
    provider: 'vercel', title: 'Vercel', base: 'https://api.vercel.com', envVar: 'VERCEL_API_URL',
    path: '/v2/user', auth: { kind: 'bearer' }, forbiddenIsLive: true,
    read: (res) => (res.status === 403 && (res.body as { error?: { invalidToken?: unknown } } | null)?.error?.invalidToken === true
      ? { state: 'not-live', detail: 'Vercel answered 403: the token is not valid' } : null),
    who: (res) => field(res.body, 'user', 'username'),
    answers: {
      live: { status: 200, body: { user: { username: 'ci-bot' } } },
      dead: { status: 403, body: { error: { code: 'forbidden', message: 'Not authorized', invalidToken: true } } },
    },
  },
  {
    rules: ['netlify-personal-access-token', 'netlify-legacy-token'],
    provider: 'netlify', title: 'Netlify', base: 'https://api.netlify.com', envVar: 'NETLIFY_API_URL',
    path: '/api/v1/user', auth: { kind: 'bearer' },
    who: (res) => field(res.body, 'email'),
  },
  {
    rules: ['render-api-key'],
    provider: 'render', title: 'Render', base: 'https://api.render.com', envVar: 'RENDER_API_URL',
    path: '/v1/owners?limit=1', auth: { kind: 'bearer' },
    who: (res) => field(res.body, '0', 'owner', 'name'),
  },
  {
    rules: ['linode-api-token'],
    provider: 'linode', title: 'Linode (Akamai)', base: 'https://api.linode.com', envVar: 'LINODE_API_URL',
    path: '/v4/profile', auth: { kind: 'bearer' }, forbiddenIsLive: true,
    who: (res) => field(res.body, 'username'),
  },
  {
    // A key limited to other source addresses is refused with 401 too; that refusal names the IP and is left unknown.
    rules: ['vultr-api-key'],
    provider: 'vultr', title: 'Vultr', base: 'https://api.vultr.com', envVar: 'VULTR_API_URL',
    path: '/v2/account', auth: { kind: 'bearer' },
    read: (res) => (res.status === 401 && /\bIP\b/i.test(errorText(res.body))
      ? { state: 'unknown', detail: 'Vultr refused this address (the key is limited to others)' } : null),
    who: (res) => field(res.body, 'account', 'name'),
    answers: { live: { status: 200, body: { account: { name: 'ci' } } }, dead: { status: 401, body: { error: 'Invalid API token.', status: 401 } } },
  },
  {
    // Tokens are per project; read-only tokens may list servers.
    rules: ['hetzner-cloud-api-token'],
    provider: 'hetzner', title: 'Hetzner Cloud', base: 'https://api.hetzner.cloud', envVar: 'HETZNER_API_URL',
    path: '/v1/servers?per_page=1', auth: { kind: 'bearer' },
  },
  {
    rules: ['hetzner-dns-api-token'],
    provider: 'hetzner', title: 'Hetzner DNS', base: 'https://dns.hetzner.com', envVar: 'HETZNER_DNS_API_URL',
    path: '/api/v1/zones?per_page=1', auth: { kind: 'header', name: 'Auth-API-Token' },
  },
  {
    rules: ['fastly-api-token'],
    provider: 'fastly', title: 'Fastly', base: 'https://api.fastly.com', envVar: 'FASTLY_API_URL',
    path: '/tokens/self', auth: { kind: 'header', name: 'Fastly-Key' },
  },
  {
    rules: ['aiven-api-token'],
    provider: 'aiven', title: 'Aiven', base: 'https://api.aiven.io', envVar: 'AIVEN_API_URL',
    path: '/v1/me', auth: { kind: 'scheme', scheme: 'aivenv1' },
    who: (res) => field(res.body, 'user', 'user'),
  },
  {
    rules: ['upcloud-api-token'],
    provider: 'upcloud', title: 'UpCloud', base: 'https://api.upcloud.com', envVar: 'UPCLOUD_API_URL',
    path: '/1.3/account', auth: { kind: 'bearer' },
    who: (res) => field(res.body, 'account', 'username'),
  },
  {
    rules: ['zerotier-api-token'],
    provider: 'zerotier', title: 'ZeroTier Central', base: 'https://api.zerotier.com', envVar: 'ZEROTIER_API_URL',
    path: '/api/v1/network', auth: { kind: 'scheme', scheme: 'token' },
  },
];
