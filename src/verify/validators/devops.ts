import type { ValidatorRow } from '../validator.js';

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
];
