/**
 * Human units for the text report, computed by hand rather than with toLocaleString so the output is
 * the same under every locale and ICU build (golden tests, CI logs).
 */

/** 12345 -> `12,345`. */
export function groupDigits(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Binary units: `512 B`, `4.2 KiB`, `3.0 MiB`, `1.1 GiB`. */
export function humanBytes(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes;
  let unit = 'B';
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${value.toFixed(1)} ${unit}`;
}

/** `850 ms`, `3.4 s`, `2 min 05 s`. */
export function humanDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** `1 finding`, `3 findings`. */
export function plural(n: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${groupDigits(n)} ${n === 1 ? noun : pluralNoun}`;
}
