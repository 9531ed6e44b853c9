import { carryAnchors, carryMatches, editRegions } from './delta-reuse.js';
import { findDecodedMatches, utf16Encoding } from './decode.js';
import { contextKeywordNear, findRawMatches, scanWhole, type Matcher, type RawMatch } from './matcher.js';
import type { BlobScan, Materialized, Scanned } from './object-resolver.js';
import { isBinary } from './binary-text.js';

/**
 * The two ways to scan a blob: in full, or, for a delta, only its edited regions plus what the base's
 * scan carries over. Counts the bytes the rule engine actually searched.
 */
export class MatcherBlobScan implements BlobScan {
  scannedBytes = 0;

  private readonly hasWideContext: boolean;

  constructor(private readonly matcher: Matcher, private readonly maxBlobBytes: number) {
    this.hasWideContext = matcher.rules.some((r) => r.context !== null && r.context.within > 0);
  }

  full(data: Buffer): Scanned {
    if (data.length > this.maxBlobBytes) return { matches: null, anchors: [] };
    const anchors: number[] = [];
    const counted = { bytes: 0 };
    const raw = scanWhole(this.matcher, data, counted, anchors);
    this.scannedBytes += counted.bytes;
    return { matches: raw, anchors };
  }

  delta(data: Buffer, base: Materialized, copies: number[]): Scanned {
    if (base.matches === null || data.length > this.maxBlobBytes || isBinary(data) || utf16Encoding(data) !== null) return this.full(data);
    const regions = editRegions(data, base.data.length, copies);
    const raw: RawMatch[] = [];
    const anchors: number[] = [];
    carryMatches(base.matches, base.data.length, copies, regions, raw);
    // A context rule's keyword may stand on a line an edit changed while the secret's line did not:
    // its carried matches hold only if the keyword is still near.
    if (this.hasWideContext && raw.length) {
      const rules = this.matcher.rules;
      for (let i = raw.length - 1; i >= 0; i--) {
        const ctx = rules[raw[i].rule].context;
        if (ctx !== null && ctx.within > 0 && contextKeywordNear(data, ctx, raw[i].ss, raw[i].se) === null) raw.splice(i, 1);
      }
    }
    this.scannedBytes += findRawMatches(this.matcher, data, regions, raw, anchors, carryAnchors(base.anchors, copies));
    this.scannedBytes += findDecodedMatches(this.matcher, data, regions, raw);
    return { matches: raw, anchors };
  }
}
