import { TRIGRAM_FREQUENCY } from './trigram-frequency.js';

/**
 * Finds every keyword occurrence (ASCII case-insensitive) in one pass over raw bytes. Each keyword is
 * anchored on its rarest trigram (by how often it occurs in source text), and a hashed table of those
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

const hash3 = (a: number, b: number, c: number): number => (a * 961 + b * 31 + c) & 0xffff;

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
  /** Per anchor hash: keyword index and anchor offset pairs. */
  private readonly candidates = new Map<number, number[]>();
  private readonly mark = new Uint8Array(65536);

  /** Keywords must be at least 3 bytes long. */
  constructor(keywords: string[]) {
    this.keywords = keywords.map((k) => Uint8Array.from(Buffer.from(k, 'latin1'), (b) => LOWER[b]));
    this.keywords.forEach((k, i) => {
      const o = anchorOffset(k);
      const h = hash3(k[o], k[o + 1], k[o + 2]);
      this.mark[h] = 1;
      const list = this.candidates.get(h);
      if (list) list.push(i, o);
      else this.candidates.set(h, [i, o]);
    });
  }

  get size(): number {
    return this.keywords.length;
  }

  /** Calls `onHit(position, keywordIndex, length)` for each keyword lying wholly inside [from, to). */
  scan(buf: Uint8Array, from: number, to: number, onHit: (at: number, keyword: number, length: number) => void): void {
    const last = to - 3;
    const mark = this.mark;
    for (let i = from; i <= last; i++) {
      if (mark[(LOWER[buf[i]] * 961 + LOWER[buf[i + 1]] * 31 + LOWER[buf[i + 2]]) & 0xffff] === 0) continue;
      const list = this.candidates.get(hash3(LOWER[buf[i]], LOWER[buf[i + 1]], LOWER[buf[i + 2]]))!;
      for (let c = 0; c < list.length; c += 2) {
        const kw = this.keywords[list[c]];
        const start = i - list[c + 1];
        if (start < from || start + kw.length > to) continue;
        let j = 0;
        while (j < kw.length && LOWER[buf[start + j]] === kw[j]) j++;
        if (j === kw.length) onHit(start, list[c], kw.length);
      }
    }
  }
}
