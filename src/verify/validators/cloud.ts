import type { ValidatorRow } from '../validator.js';

/** Validator rows for cloud providers: one read-only request each (see ../validator.ts). */
export const CLOUD_ROWS: ValidatorRow[] = [];
