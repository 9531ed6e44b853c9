import { carryAnchors, carryMatches, editRegions } from './delta-reuse.js';
import { findRawMatches, type Matcher, type RawMatch } from './matcher.js';
import type { BlobScan, Materialized, Scanned } from './object-resolver.js';
import { isBinary, printableRuns } from './binary-text.js';

/**
 * The two ways to scan a blob: in full, or, for a delta, only its edited regions plus what the base's
 * scan carries over. Counts the bytes the rule engine actually searched.
 */
export class MatcherBlobScan implements BlobScan {
  scannedBytes = 0;

  constructor(private readonly matcher: Matcher, private readonly maxBlobBytes: number) {}

  full(data: Buffer): Scanned {
    if (data.length > this.maxBlobBytes) return { matches: null, anchors: [] };
    const raw: RawMatch[] = [];
    const anchors: number[] = [];
    this.scannedBytes += findRawMatches(this.matcher, data, isBinary(data) ? printableRuns(data) : null, raw, anchors);
    return { matches: raw, anchors };
  }

  delta(data: Buffer, base: Materialized, copies: number[]): Scanned {
    if (base.matches === null || data.length > this.maxBlobBytes || isBinary(data)) return this.full(data);
    const regions = editRegions(data, base.data.length, copies);
    const raw: RawMatch[] = [];
    const anchors: number[] = [];
    carryMatches(base.matches, base.data.length, copies, regions, raw);
    this.scannedBytes += findRawMatches(this.matcher, data, regions, raw, anchors, carryAnchors(base.anchors, copies));
    return { matches: raw, anchors };
  }
}
