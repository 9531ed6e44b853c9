/**
 * Every failure the user can cause (bad path, corrupt pack, malformed config) is a SpillkitError with a
 * stable `code`. The CLI turns it into one line on stderr and exit code 2; anything else is a bug.
 * Codes survive the worker boundary: workers send {code, message, data} and the main thread rebuilds.
 */
export type ErrorCode =
  | 'USAGE'
  | 'NOT_A_REPO'
  | 'CORRUPT_PACK'
  | 'TRUNCATED_PACK'
  | 'MISSING_OBJECT'
  | 'CORRUPT_OBJECT'
  | 'OBJECT_TOO_LARGE'
  | 'INCOMPLETE_SCAN'
  | 'BAD_CONFIG'
  | 'BAD_RULE'
  | 'BAD_BASELINE'
  | 'BAD_REV'
  | 'IO'
  | 'LOCKED'
  | 'DAMAGED_JOURNAL'
  | 'UNSAFE_STORE'
  | 'INTERNAL';

export class SpillkitError extends Error {
  readonly code: ErrorCode;
  readonly data: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, data: Record<string, unknown> = {}) {
    super(message);
    this.name = 'SpillkitError';
    this.code = code;
    this.data = data;
  }

  toJSON(): { code: ErrorCode; message: string; data: Record<string, unknown> } {
    return { code: this.code, message: this.message, data: this.data };
  }

  static fromJSON(o: { code: ErrorCode; message: string; data?: Record<string, unknown> }): SpillkitError {
    return new SpillkitError(o.code, o.message, o.data ?? {});
  }
}

export function isSpillkitError(e: unknown): e is SpillkitError {
  return e instanceof SpillkitError;
}
