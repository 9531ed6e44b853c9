import type { JsonResponse } from '../../providers/http.js';
import { field, type ValidatorRow, type Verdict } from '../validator.js';

/** Paddle's 403s: `invalid_token` is a dead key, `forbidden` a live one without this permission. */
function paddleForbidden(res: JsonResponse): Verdict | null {
  if (res.status !== 403) return null;
  const code = field(res.body, 'error', 'code');
  if (code === 'invalid_token') return { state: 'not-live', detail: 'Paddle answered 403 invalid_token: an invalid or revoked key' };
  if (code === 'forbidden') return { state: 'live', detail: 'Paddle answered 403 forbidden: authenticated, restricted from this call' };
  return null;
}

/** Validator rows for payments and commerce providers: one read-only request each (see ../validator.ts). */
export const COMMERCE_ROWS: ValidatorRow[] = [
  {
    // A restricted key without balance read answers 403: authenticated, so live.
    rules: ['stripe-live-secret-key', 'stripe-live-restricted-key', 'stripe-test-key'],
    provider: 'stripe', title: 'Stripe', base: 'https://api.stripe.com', envVar: 'STRIPE_API_URL',
    path: '/v1/balance', auth: { kind: 'bearer' }, forbiddenIsLive: true,
    who: (res) => {
      const mode = (res.body as { livemode?: unknown } | null)?.livemode;
      return mode === true ? 'live mode' : mode === false ? 'test mode' : null;
    },
  },
  {
    // 403 INSUFFICIENT_SCOPES is a live token without MERCHANT_PROFILE_READ. Sandbox tokens share the
    // EAAA prefix and answer 401 here: the detail says production.
    rules: ['square-access-token'],
    provider: 'square', title: 'Square', base: 'https://connect.squareup.com', envVar: 'SQUARE_API_URL',
    path: '/v2/locations', auth: { kind: 'bearer' }, headers: { 'Square-Version': '2024-10-17' }, forbiddenIsLive: true,
    read: (res) => (res.status === 401 ? { state: 'not-live', detail: 'Square production answered 401: not a live production token (a sandbox token also answers so)' } : null),
    who: (res) => {
      const locations = (res.body as { locations?: unknown } | null)?.locations;
      return Array.isArray(locations) ? field(locations[0], 'business_name') : null;
    },
    answers: {
      live: { status: 200, body: { locations: [{ id: 'L1', business_name: 'Acme' }] } },
      dead: { status: 401, body: { errors: [{ category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED' }] } },
    },
  },
  {
    // Paddle answers 403 to both an unknown key (invalid_token) and a key without this permission (forbidden).
    rules: ['paddle-live-api-key'],
    provider: 'paddle', title: 'Paddle', base: 'https://api.paddle.com', envVar: 'PADDLE_API_URL',
    path: '/event-types', auth: { kind: 'bearer' },
    read: paddleForbidden,
    answers: { live: { status: 200, body: { data: [] } }, dead: { status: 403, body: { error: { type: 'request_error', code: 'invalid_token' } } } },
  },
  {
    rules: ['paddle-sandbox-api-key'],
    provider: 'paddle', title: 'Paddle sandbox', base: 'https://sandbox-api.paddle.com', envVar: 'PADDLE_SANDBOX_API_URL',
    path: '/event-types', auth: { kind: 'bearer' },
    read: paddleForbidden,
    answers: { live: { status: 200, body: { data: [] } }, dead: { status: 403, body: { error: { type: 'request_error', code: 'invalid_token' } } } },
  },
  {
    rules: ['paystack-secret-key', 'paystack-test-secret-key'],
    provider: 'paystack', title: 'Paystack', base: 'https://api.paystack.co', envVar: 'PAYSTACK_API_URL',
    path: '/balance', auth: { kind: 'bearer' },
  },
  {
    rules: ['flutterwave-secret-key', 'flutterwave-test-secret-key'],
    provider: 'flutterwave', title: 'Flutterwave', base: 'https://api.flutterwave.com', envVar: 'FLUTTERWAVE_API_URL',
    path: '/v3/balances', auth: { kind: 'bearer' },
  },
  {
    rules: ['lemon-squeezy-api-key'],
    provider: 'lemon-squeezy', title: 'Lemon Squeezy', base: 'https://api.lemonsqueezy.com', envVar: 'LEMON_SQUEEZY_API_URL',
    path: '/v1/users/me', auth: { kind: 'bearer' }, headers: { accept: 'application/vnd.api+json' },
  },
  {
    rules: ['gumroad-access-token'],
    provider: 'gumroad', title: 'Gumroad', base: 'https://api.gumroad.com', envVar: 'GUMROAD_API_URL',
    path: '/v2/user', auth: { kind: 'query', name: 'access_token' },
    who: (res) => field(res.body, 'user', 'name'),
  },
  {
    rules: ['mollie-live-api-key', 'mollie-test-api-key'],
    provider: 'mollie', title: 'Mollie', base: 'https://api.mollie.com', envVar: 'MOLLIE_API_URL',
    path: '/v2/methods', auth: { kind: 'bearer' },
  },
  {
    rules: ['mollie-access-token'],
    provider: 'mollie', title: 'Mollie organization token', base: 'https://api.mollie.com', envVar: 'MOLLIE_API_URL',
    path: '/v2/organizations/me', auth: { kind: 'bearer' },
    who: (res) => field(res.body, 'name'),
  },
  {
    rules: ['gocardless-live-token'],
    provider: 'gocardless', title: 'GoCardless', base: 'https://api.gocardless.com', envVar: 'GOCARDLESS_API_URL',
    path: '/creditors?limit=1', auth: { kind: 'bearer' }, headers: { 'GoCardless-Version': '2015-07-06' },
  },
  {
    rules: ['gocardless-sandbox-token'],
    provider: 'gocardless', title: 'GoCardless sandbox', base: 'https://api-sandbox.gocardless.com', envVar: 'GOCARDLESS_SANDBOX_API_URL',
    path: '/creditors?limit=1', auth: { kind: 'bearer' }, headers: { 'GoCardless-Version': '2015-07-06' },
  },
  {
    rules: ['wise-api-token'],
    provider: 'wise', title: 'Wise', base: 'https://api.transferwise.com', envVar: 'WISE_API_URL',
    path: '/v2/profiles', auth: { kind: 'bearer' },
  },
  {
    rules: ['squarespace-api-key'],
    provider: 'squarespace', title: 'Squarespace', base: 'https://api.squarespace.com', envVar: 'SQUARESPACE_API_URL',
    path: '/1.0/authorization/website', auth: { kind: 'bearer' },
  },
  {
    rules: ['snipcart-secret-key'],
    provider: 'snipcart', title: 'Snipcart', base: 'https://app.snipcart.com', envVar: 'SNIPCART_API_URL',
    path: '/api/orders?limit=1', auth: { kind: 'basic', as: 'user' },
  },
  {
    rules: ['easypost-production-key', 'easypost-test-key'],
    provider: 'easypost', title: 'EasyPost', base: 'https://api.easypost.com', envVar: 'EASYPOST_API_URL',
    path: '/v2/addresses?page_size=1', auth: { kind: 'basic', as: 'user' },
  },
  {
    rules: ['shippo-live-token', 'shippo-test-token'],
    provider: 'shippo', title: 'Shippo', base: 'https://api.goshippo.com', envVar: 'SHIPPO_API_URL',
    path: '/addresses?results=1', auth: { kind: 'scheme', scheme: 'ShippoToken' },
  },
  {
    rules: ['shipengine-api-key', 'shipengine-test-api-key'],
    provider: 'shipengine', title: 'ShipEngine', base: 'https://api.shipengine.com', envVar: 'SHIPENGINE_API_URL',
    path: '/v1/carriers', auth: { kind: 'header', name: 'API-Key' },
  },
  {
    // Duffel answers 403 for a valid token without the permission this call needs.
    rules: ['duffel-live-token', 'duffel-test-token'],
    provider: 'duffel', title: 'Duffel', base: 'https://api.duffel.com', envVar: 'DUFFEL_API_URL',
    path: '/air/airlines?limit=1', auth: { kind: 'bearer' }, headers: { 'Duffel-Version': 'v2' }, forbiddenIsLive: true,
  },
];

