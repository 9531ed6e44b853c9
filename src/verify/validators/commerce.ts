import type { ValidatorRow } from '../validator.js';

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
];
