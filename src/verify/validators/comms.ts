import { field, type ValidatorRow } from '../validator.js';

/** Validator rows for email, messaging and communication providers: one read-only request each (see ../validator.ts). */
export const COMMS_ROWS: ValidatorRow[] = [
  {
    rules: ['sendgrid-api-key'],
    provider: 'sendgrid', title: 'SendGrid', base: 'https://api.sendgrid.com', envVar: 'SENDGRID_API_URL',
    path: '/v3/scopes', auth: { kind: 'bearer' }, forbiddenIsLive: true,
  },
  {
    // Only the legacy `key-` account key: the newer hex format is also that of domain sending keys and
    // webhook signing keys, which this call cannot tell from a dead key.
    rules: ['mailgun-private-api-key'],
    provider: 'mailgun', title: 'Mailgun', base: 'https://api.mailgun.net', envVar: 'MAILGUN_API_URL',
    path: '/v3/domains?limit=1', auth: { kind: 'basic', as: 'password', other: 'api' },
  },
  {
    rules: ['brevo-api-key'],
    provider: 'brevo', title: 'Brevo', base: 'https://api.brevo.com', envVar: 'BREVO_API_URL',
    path: '/v3/account', auth: { kind: 'header', name: 'api-key' },
    // An account that allows listed IPs only answers 401 to others: that says nothing of the key.
    read: (res) => {
      const message = field(res.body, 'message') ?? '';
      return res.status === 401 && /\bIP\b/i.test(message) ? { state: 'unknown', detail: 'Brevo refused this IP address (the account allows listed IPs only)' } : null;
    },
    who: (res) => field(res.body, 'companyName'),
    answers: {
      live: { status: 200, body: { companyName: 'Acme', plan: [] } },
      dead: { status: 401, body: { code: 'unauthorized', message: 'Key not found' } },
    },
  },
  {
    // Resend answers an unknown key 403, and a sending-only key 401 restricted_api_key (live).
    rules: ['resend-api-key'],
    provider: 'resend', title: 'Resend', base: 'https://api.resend.com', envVar: 'RESEND_API_URL',
    path: '/domains', auth: { kind: 'bearer' }, deadStatuses: [403],
    read: (res) => (res.status === 401 && field(res.body, 'name') === 'restricted_api_key' ? { state: 'live', detail: 'Resend answered 401 restricted_api_key: a live sending-only key' } : null),
    answers: {
      live: { status: 200, body: { data: [] } },
      dead: { status: 403, body: { statusCode: 403, name: 'invalid_api_key', message: 'API key is invalid' } },
    },
  },
  {
    rules: ['loops-api-key'],
    provider: 'loops', title: 'Loops', base: 'https://app.loops.so', envVar: 'LOOPS_API_URL',
    path: '/api/v1/api-key', auth: { kind: 'bearer' },
    who: (res) => field(res.body, 'teamName'),
  },
  {
    rules: ['mailersend-api-token'],
    provider: 'mailersend', title: 'MailerSend', base: 'https://api.mailersend.com', envVar: 'MAILERSEND_API_URL',
    path: '/v1/api-quota', auth: { kind: 'bearer' },
  },
  {
    // Klaviyo answers 403 for a key without the accounts:read scope.
    rules: ['klaviyo-private-api-key', 'klaviyo-api-key'],
    provider: 'klaviyo', title: 'Klaviyo', base: 'https://a.klaviyo.com', envVar: 'KLAVIYO_API_URL',
    path: '/api/accounts', auth: { kind: 'scheme', scheme: 'Klaviyo-API-Key' }, headers: { revision: '2025-10-15' }, forbiddenIsLive: true,
  },
  {
    rules: ['convertkit-v4-api-key'],
    provider: 'convertkit', title: 'Kit (ConvertKit)', base: 'https://api.kit.com', envVar: 'CONVERTKIT_API_URL',
    path: '/v4/account', auth: { kind: 'header', name: 'X-Kit-Api-Key' },
    who: (res) => field(res.body, 'account', 'name'),
  },
  {
    rules: ['drip-api-token'],
    provider: 'drip', title: 'Drip', base: 'https://api.getdrip.com', envVar: 'DRIP_API_URL',
    path: '/v2/user', auth: { kind: 'basic', as: 'user' },
  },
  {
    // ZeroBounce answers an unknown key 200 with Credits -1.
    rules: ['zerobounce-api-key'],
    provider: 'zerobounce', title: 'ZeroBounce', base: 'https://api.zerobounce.net', envVar: 'ZEROBOUNCE_API_URL',
    path: '/v2/getcredits', auth: { kind: 'query', name: 'api_key' },
    read: (res) => (res.status === 200 && field(res.body, 'Credits') === '-1' ? { state: 'not-live', detail: 'ZeroBounce answered Credits -1: the key is not valid' } : null),
    answers: { live: { status: 200, body: { Credits: '2500' } }, dead: { status: 200, body: { Credits: '-1' } } },
  },
  {
    // A token Telegram cannot parse gets 404, a revoked one 401; 404 stays unknown.
    rules: ['telegram-bot-token', 'telegram-bot-token-bare'],
    provider: 'telegram', title: 'Telegram bot', base: 'https://api.telegram.org', envVar: 'TELEGRAM_API_URL',
    path: '/bot{secret}/getMe', auth: { kind: 'path' },
    who: (res) => {
      const name = field(res.body, 'result', 'username');
      return name ? `bot @${name}` : null;
    },
    answers: {
      live: { status: 200, body: { ok: true, result: { id: 1, is_bot: true, username: 'example_bot' } } },
      dead: { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } },
    },
  },
  {
    rules: ['discord-bot-token'],
    provider: 'discord', title: 'Discord bot', base: 'https://discord.com', envVar: 'DISCORD_API_URL',
    path: '/api/v10/users/@me', auth: { kind: 'scheme', scheme: 'Bot' },
    who: (res) => field(res.body, 'username'),
  },
  {
    // api.intercom.io routes a token to its workspace's region.
    rules: ['intercom-access-token', 'intercom-api-key'],
    provider: 'intercom', title: 'Intercom', base: 'https://api.intercom.io', envVar: 'INTERCOM_API_URL',
    path: '/me', auth: { kind: 'bearer' },
    who: (res) => field(res.body, 'app', 'name'),
  },
  {
    // HubSpot answers 403 MISSING_SCOPES for a token without the scope this call needs.
    rules: ['hubspot-private-app-token'],
    provider: 'hubspot', title: 'HubSpot private app', base: 'https://api.hubapi.com', envVar: 'HUBSPOT_API_URL',
    path: '/account-info/v3/details', auth: { kind: 'bearer' }, forbiddenIsLive: true,
    who: (res) => {
      const portal = field(res.body, 'portalId');
      return portal ? `portal ${portal}` : null;
    },
  },
  {
    rules: ['pipedrive-api-token'],
    provider: 'pipedrive', title: 'Pipedrive', base: 'https://api.pipedrive.com', envVar: 'PIPEDRIVE_API_URL',
    path: '/v1/users/me', auth: { kind: 'query', name: 'api_token' },
    who: (res) => field(res.body, 'data', 'company_name'),
  },
  {
    rules: ['front-api-token'],
    provider: 'front', title: 'Front', base: 'https://api2.frontapp.com', envVar: 'FRONT_API_URL',
    path: '/me', auth: { kind: 'bearer' },
    who: (res) => field(res.body, 'name'),
  },
  {
    rules: ['telnyx-api-key'],
    provider: 'telnyx', title: 'Telnyx', base: 'https://api.telnyx.com', envVar: 'TELNYX_API_URL',
    path: '/v2/balance', auth: { kind: 'bearer' },
  },
  {
    rules: ['line-channel-access-token'],
    provider: 'line', title: 'LINE Messaging API', base: 'https://api.line.me', envVar: 'LINE_API_URL',
    path: '/v2/bot/info', auth: { kind: 'bearer' },
    who: (res) => field(res.body, 'displayName'),
  },
];
