import type { ValidatorRow } from '../validator.js';

/** Validator rows for data providers: one read-only request each (see ../validator.ts). */
export const DATA_ROWS: ValidatorRow[] = [];
