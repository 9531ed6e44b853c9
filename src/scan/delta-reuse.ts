import { LINE_CAP, type RawMatch } from './matcher.js';
import { lineEndCapped, lineStartCapped } from './lines.js';

/**
 * Delta-aware scanning. A blob stored as a delta copies most of its bytes from a base that was scanned
 * already; only what the delta inserted (and the seams where two copied ranges now touch) is new text.
 * `editRegions` lists the target ranges to rescan: each edit widened to whole lines, so a keyword and
 * its secret on the same line are seen together. `carryMatches` brings over the base's candidates that
 * lie inside one copied range and away from every rescanned region: their bytes and their line are
 * unchanged, so a full scan would find exactly them.
 */
export function editRegions(target: Buffer, baseLength: number, copies: number[]): Array<[number, number]> {
  const edits: Array<[number, number]> = [];
  let pos = 0;
  let prevBaseEnd = -1;
  for (let i = 0; i < copies.length; i += 3) {
    const t = copies[i];
    const b = copies[i + 1];
    const len = copies[i + 2];
    if (t > pos) edits.push([pos, t]);
    else if (t === 0 ? b !== 0 : b !== prevBaseEnd) edits.push([t, t]);
    pos = t + len;
    prevBaseEnd = b + len;
  }
  if (pos < target.length) edits.push([pos, target.length]);
  else if (prevBaseEnd !== baseLength && target.length > 0) edits.push([target.length, target.length]);
  const regions: Array<[number, number]> = [];
  for (const [a, b] of edits) {
    const ra = lineStartCapped(target, a, LINE_CAP);
    const rb = lineEndCapped(target, b, LINE_CAP);
    const last = regions[regions.length - 1];
    if (last && last[1] >= ra) last[1] = Math.max(last[1], rb);
    else regions.push([ra, rb]);
  }
  return regions;
}

export function carryMatches(
  baseMatches: RawMatch[],
  baseLength: number,
  copies: number[],
  regions: Array<[number, number]>,
  out: RawMatch[],
): void {
  if (baseMatches.length === 0) return;
  for (let i = 0; i < copies.length; i += 3) {
    const t = copies[i];
    const b = copies[i + 1];
    const len = copies[i + 2];
    for (const m of baseMatches) {
      // One byte of unchanged context on each side keeps lookarounds and word boundaries valid.
      const lo = m.ms > 0 ? m.ms - 1 : 0;
      const hi = m.me < baseLength ? m.me + 1 : m.me;
      if (lo < b || hi > b + len) continue;
      const shift = t - b;
      const ms = m.ms + shift;
      const me = m.me + shift;
      if (intersects(regions, ms, me)) continue;
      const carried: RawMatch = { rule: m.rule, ms, me, ss: m.ss + shift, se: m.se + shift };
      if (m.check !== undefined) carried.check = m.check;
      if (m.dec !== undefined) carried.dec = m.dec;
      if (m.madeUp !== undefined) carried.madeUp = m.madeUp;
      out.push(carried);
    }
  }
}

function intersects(regions: Array<[number, number]>, a: number, b: number): boolean {
  let lo = 0;
  let hi = regions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const [ra, rb] = regions[mid];
    if (rb < a) lo = mid + 1;
    else if (ra > b) hi = mid - 1;
    else return true;
  }
  return false;
}

/** Maps the base's multi-line anchors (position, rule pairs) that sit inside a copied range. */
export function carryAnchors(baseAnchors: number[], copies: number[]): number[] {
  const out: number[] = [];
  if (baseAnchors.length === 0) return out;
  for (let i = 0; i < copies.length; i += 3) {
    const t = copies[i];
    const b = copies[i + 1];
    const len = copies[i + 2];
    for (let j = 0; j < baseAnchors.length; j += 2) {
      const at = baseAnchors[j];
      if (at >= b && at < b + len) out.push(at + t - b, baseAnchors[j + 1]);
    }
  }
  return out;
}
