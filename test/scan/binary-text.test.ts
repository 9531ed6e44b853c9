import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isBinary, MIN_RUN, printableRuns } from '../../src/scan/binary-text.js';

describe('binary blobs are read like `strings`', () => {
  it('tells binary from text by a NUL byte in the first 8000 bytes', () => {
    expect(isBinary(Buffer.from('plain text\nwith lines\n'))).toBe(false);
    expect(isBinary(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]))).toBe(true);
    expect(isBinary(Buffer.concat([Buffer.alloc(9000, 0x41), Buffer.from([0])]))).toBe(false);
  });

  it('keeps printable runs long enough to hold a secret, and nothing from random bytes', () => {
    const text = 'key=0123456789abcdefXYZ';
    const blob = Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from('short'), Buffer.from([0]), Buffer.from(text), Buffer.from([0xff, 0])]);
    expect(printableRuns(blob).map(([a, b]) => blob.toString('latin1', a, b))).toEqual([text]);
    // Runs at every alignment, including ones that start or end exactly at a probe position.
    for (let lead = 0; lead < 40; lead++) {
      const padded = Buffer.concat([Buffer.alloc(lead, 0), Buffer.from(text), Buffer.alloc(3, 0)]);
      expect(printableRuns(padded), `lead ${lead}`).toEqual([[lead, lead + text.length]]);
    }
    const exact = Buffer.concat([Buffer.alloc(16, 0), Buffer.alloc(MIN_RUN, 0x41), Buffer.alloc(16, 0)]);
    expect(printableRuns(exact)).toEqual([[16, 16 + MIN_RUN]]);
    const noise = randomBytes(1 << 20);
    const runs = printableRuns(noise);
    expect(runs.reduce((n, [a, b]) => n + b - a, 0)).toBeLessThan(4 * MIN_RUN);
  });
});
