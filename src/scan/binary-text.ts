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

const isPrintable = (b: number): boolean => (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d;

/**
 * [start, end) ranges of printable ASCII (plus tab, CR, LF) at least MIN_RUN bytes long. Any such run
 * covers a position divisible by MIN_RUN, so only those positions are probed and a run is widened
 * around a printable one: on compressed bytes that reads a fraction of the blob.
 */
export function printableRuns(data: Uint8Array): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  const n = data.length;
  let from = 0;
  for (let p = 0; p < n; p += MIN_RUN) {
    if (p < from || !isPrintable(data[p])) continue;
    let start = p;
    while (start > from && isPrintable(data[start - 1])) start--;
    let end = p + 1;
    while (end < n && isPrintable(data[end])) end++;
    if (end - start >= MIN_RUN) runs.push([start, end]);
    from = end;
  }
  return runs;
}
