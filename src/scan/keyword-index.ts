import { TRIGRAM_FREQUENCY } from './trigram-frequency.js';

/**
 * Finds every keyword occurrence (ASCII case-insensitive) in one pass over raw bytes. Each keyword is
 * anchored on its rarest trigram (by how often it occurs in source text), and a bitmap of those
 * anchors rejects almost every position with one lookup; only the rest are compared byte by byte.
 * Anchoring on the first three bytes instead made keywords that start like common words (`get…`,
 * `com…`, `pro…`) stop the loop at every twentieth byte once hundreds of providers had rules.
 *
 * Every occurrence is reported, overlapping ones included, in the order their anchors are met (so a
 * keyword anchored late in itself can be reported after a later-starting one): callers treat hits as
 * a set of positions.
 */
const LOWER = new Uint8Array(256);
for (let i = 0; i < 256; i++) LOWER[i] = i >= 0x41 && i <= 0x5a ? i + 32 : i;

/**
 * A byte's symbol for trigram keys: 6 bits, letters case-folded, digits and the punctuation keywords
 * use each their own, every other byte one shared symbol (which only costs a byte-by-byte comparison
 * that fails). Three symbols make an 18-bit key, so the anchor bitmap is 32 KiB and stays in the
 * first-level cache, where a 7-bit-per-byte key needed 256 KiB and missed it on most bytes.
 */
const SYMBOL = new Uint8Array(256).fill(63);
{
  let next = 1;
  for (let c = 0x61; c <= 0x7a; c++) SYMBOL[c] = SYMBOL[c - 32] = next++;
  for (let c = 0x30; c <= 0x39; c++) SYMBOL[c] = next++;
  for (const c of '_-.:/=@$"\'#+, ') if (next < 63) SYMBOL[c.charCodeAt(0)] = next++;
}
const KEY_MASK = (1 << 18) - 1;
const key3 = (a: number, b: number, c: number): number => (SYMBOL[a] << 12) | (SYMBOL[b] << 6) | SYMBOL[c];

/** The offset of the keyword's rarest trigram (the first of equally rare ones). */
export function anchorOffset(keyword: Uint8Array): number {
  let best = 0;
  let bestCost = Infinity;
  for (let o = 0; o + 3 <= keyword.length; o++) {
    const cost = TRIGRAM_FREQUENCY[String.fromCharCode(keyword[o], keyword[o + 1], keyword[o + 2])] ?? 0;
    if (cost < bestCost) {
      best = o;
      bestCost = cost;
    }
  }
  return best;
}

export class KeywordIndex {
  private readonly keywords: Uint8Array[];
  /** One bit per trigram key: some keyword is anchored on it. */
  private readonly anchored = new Uint32Array(1 << (18 - 5));
  /** Per anchored key, a run of (keyword index, anchor offset) pairs in `pairs`: [first, end). */
  private readonly runs = new Map<number, [number, number]>();
  private readonly pairs: Int32Array;

  /** Keywords must be at least 3 bytes long. */
  constructor(keywords: string[]) {
    this.keywords = keywords.map((k) => Uint8Array.from(Buffer.from(k, 'latin1'), (b) => LOWER[b]));
    const byKey = new Map<number, number[]>();
    this.keywords.forEach((k, i) => {
      const o = anchorOffset(k);
      const key = key3(k[o], k[o + 1], k[o + 2]);
      this.anchored[key >>> 5] |= 1 << (key & 31);
      const list = byKey.get(key);
      if (list) list.push(i, o);
      else byKey.set(key, [i, o]);
    });
    this.pairs = new Int32Array(this.keywords.length * 2);
    let n = 0;
    for (const [key, list] of byKey) {
      this.runs.set(key, [n, n + list.length]);
      this.pairs.set(list, n);
      n += list.length;
    }
  }

  get size(): number {
    return this.keywords.length;
  }

  /** Calls `onHit(position, keywordIndex, length)` for each keyword lying wholly inside [from, to). */
  scan(buf: Uint8Array, from: number, to: number, onHit: (at: number, keyword: number, length: number) => void): void {
    if (to - from < 3) return;
    const anchored = this.anchored;
    const pairs = this.pairs;
    // A rolling key: each position reads one new byte.
    let key = (SYMBOL[buf[from]] << 6) | SYMBOL[buf[from + 1]];
    for (let i = from; i + 3 <= to; i++) {
      key = ((key << 6) | SYMBOL[buf[i + 2]]) & KEY_MASK;
      if ((anchored[key >>> 5] & (1 << (key & 31))) === 0) continue;
      const run = this.runs.get(key)!;
      for (let c = run[0]; c < run[1]; c += 2) {
        const kw = this.keywords[pairs[c]];
        const start = i - pairs[c + 1];
        if (start < from || start + kw.length > to) continue;
        let j = 0;
        while (j < kw.length && LOWER[buf[start + j]] === kw[j]) j++;
        if (j === kw.length) onHit(start, pairs[c], kw.length);
      }
    }
  }
}
