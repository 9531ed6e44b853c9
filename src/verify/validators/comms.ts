import type { ValidatorRow } from '../validator.js';

/** Validator rows for email, messaging and communication providers: one read-only request each (see ../validator.ts). */
export const COMMS_ROWS: ValidatorRow[] = [
  {
    rules: ['sendgrid-api-key'],
    provider: 'sendgrid', title: 'SendGrid', base: 'https://api.sendgrid.com', envVar: 'SENDGRID_API_URL',
    path: '/v3/scopes', auth: { kind: 'bearer' }, forbiddenIsLive: true,
  },
];
