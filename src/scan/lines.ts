/**
 * Line bounds on raw bytes, capped so a minified one-line file never turns a window into the whole
 * file (and never costs a scan of the whole line per keyword hit).
 */
export function lineStartCapped(buf: Uint8Array, p: number, cap: number): number {
  const stop = Math.max(0, p - cap);
  for (let i = p - 1; i >= stop; i--) if (buf[i] === 10) return i + 1;
  return stop;
}

export function lineEndCapped(buf: Uint8Array, p: number, cap: number): number {
  const stop = Math.min(buf.length, p + cap);
  for (let i = p; i < stop; i++) if (buf[i] === 10) return i;
  return stop;
}
