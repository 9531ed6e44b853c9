/**
 * Matching a leaked key against the partial hints providers list keys by (OpenAI's `redacted_value`
 * `sk-…abcd`, Anthropic's `partial_key_hint` `sk-ant-api03-R2D...igAA`, a masked New Relic key), and
 * reading the one answer a locate may act on: exactly one key matches. A hint is never enough alone
 * to guess between two keys, so several matches (or none) are a refusal, worded by the row.
 */

/** The visible head and tail of a masked key (`…`, `...` or a run of `*` hides the middle); null: not masked. */
function splitHint(hint: string): { head: string; tail: string } | null {
  const masked = /^(.*?)(?:\.{3,}|…|\*{2,})(.*)$/s.exec(hint);
  if (!masked) return null;
  return { head: masked[1]!, tail: masked[2]!.replace(/^[.*…]+/, '') };
}

/**
 * Whether `secret` is the key a listing shows as `hint`: equal to an unmasked value, or starting with
 * the visible head and ending with the visible tail (at least four characters, or it says too little).
 */
export function hintMatches(hint: string | null | undefined, secret: string): boolean {
  if (!hint) return false;
  const parts = splitHint(hint);
  if (!parts) return hint === secret;
  if (parts.tail.length < 4) return false;
  return parts.head.length + parts.tail.length < secret.length && secret.startsWith(parts.head) && secret.endsWith(parts.tail);
}

/** The result of narrowing a listing to the leaked key. */
export type Match<T> = { kind: 'one'; item: T } | { kind: 'none' } | { kind: 'many'; count: number };

export function onlyMatch<T>(items: readonly T[]): Match<T> {
  if (items.length === 1) return { kind: 'one', item: items[0]! };
  return items.length === 0 ? { kind: 'none' } : { kind: 'many', count: items.length };
}

/** How many listing pages a locate reads before it gives up (a runaway cursor must not loop forever). */
export const MAX_PAGES = 50;
