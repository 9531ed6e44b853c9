/**
 * Binary blobs (git's test: a NUL byte in the first 8000 bytes) are searched the way `strings` reads
 * them: only printable runs long enough to hold a secret. A key compiled into an artefact or written
 * into a PNG text chunk is still found, while compressed or random bytes, which almost never form
 * such runs, cost one pass of a byte loop instead of the rule engine.
 */
export const MIN_RUN = 16;

export function isBinary(data: Uint8Array): boolean {
  const end = Math.min(data.length, 8000);
  for (let i = 0; i < end; i++) if (data[i] === 0) return true;
  return false;
}

/** [start, end) ranges of printable ASCII (plus tab, CR, LF) at least MIN_RUN bytes long. */
export function printableRuns(data: Uint8Array): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i <= data.length; i++) {
    const b = i < data.length ? data[i] : 0;
    const printable = (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d;
    if (printable) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start >= MIN_RUN) runs.push([start, i]);
      start = -1;
    }
  }
  return runs;
}
