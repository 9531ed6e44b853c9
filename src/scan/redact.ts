/**
 * A hint short enough to never reveal a usable secret, long enough to recognise it: the contract's
 * `AKIA…7HM (20 chars)`. Short secrets (passwords) show almost nothing.
 */
export function redact(secret: string): string {
  const chars = [...secret];
  const n = chars.length;
  if (n >= 16) return `${chars.slice(0, 4).join('')}…${chars.slice(n - 3).join('')} (${n} chars)`;
  if (n >= 8) return `${chars.slice(0, 2).join('')}…${chars[n - 1]} (${n} chars)`;
  return `… (${n} chars)`;
}
