import { expect } from 'vitest';
import { SpillkitError } from '../../src/errors.js';

/** Runs `fn`, asserts it throws a SpillkitError, and returns it for assertions on code and message. */
export function spillkitErrorOf(fn: () => unknown): SpillkitError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SpillkitError);
    return e as SpillkitError;
  }
  throw new Error('expected a SpillkitError');
}
