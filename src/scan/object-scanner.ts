import { createHash } from 'node:crypto';
import { SpillkitError } from '../errors.js';
import { messageText, parseCommit, parseTag } from '../git/commit.js';
import { readLooseObject, type LooseObjectRef } from '../git/loose.js';
import { OBJ_BLOB, OBJ_COMMIT, OBJ_TAG, OBJ_TREE } from '../git/object-type.js';
import { allowlistedMatches, withoutAllowlists } from './allowlisted.js';
import { MatcherBlobScan } from './blob-scan.js';
import { columnOf, compileRules, finalizeMatches, findRawMatches, type Matcher, type RawMatch } from './matcher.js';
import { NOT_SCANNED, type Materialized, type ObjectResolver, type Skipped } from './object-resolver.js';
import { redact } from './redact.js';
import { explainMatch } from './why.js';
import { skippedText } from './skipped-text.js';
import { emptyResult, type ObjectMatch, type WorkerSetup, type WorkResult } from './worker-protocol.js';

/**
 * The first pass in a worker: every blob, commit and tag of a range, resolved once; blobs scanned
 * (delta-aware), commit and tag messages scanned, commits and tags parsed for provenance. Trees are
 * left to the tree pass.
 */
export class ObjectScanner {
  private matcher: Matcher;
  /** The same rules without the config allowlists, to tell which matches those removed (or null). */
  private unlisted: Matcher | null;
  private blobScan: MatcherBlobScan;
  private result: WorkResult = emptyResult(-1);

  constructor(private readonly resolver: ObjectResolver, private readonly setup: WorkerSetup) {
    // The resolver enforces the same limits before inflating; the blob scan keeps its own check.
    this.matcher = compileRules(setup.rules, setup.allowlists);
    this.unlisted = setup.allowlists.length > 0 ? withoutAllowlists(this.matcher) : null;
    this.blobScan = new MatcherBlobScan(this.matcher, setup.maxBlobBytes);
  }

  packRange(id: number, pack: number, from: number, to: number, progress: (objects: number, bytes: number) => void): WorkResult {
    this.result = emptyResult(id);
    const counts = this.result.counts;
    const r = this.resolver.readers[pack];
    const trees: number[] = [];
    for (let p = from; p < to; p++) if (this.resolver.typeOf(pack, p) === OBJ_TREE) trees.push(p);
    counts.trees += trees.length;
    this.result.treePositions = Uint32Array.from(trees);
    this.result.pack = pack;
    counts.objects += to - from;
    let sinceProgress = 0;
    let bytesSince = 0;
    const select = (p: number): number => {
      const t = this.resolver.typeOf(pack, p);
      return t === OBJ_TREE ? 0 : t;
    };
    this.resolver.walkRange(pack, from, to, select, (p, type) => {
      const o = this.resolver.materialize(pack, p, type === OBJ_BLOB ? this.blobScan : null);
      this.handleObject(Buffer.from(r.oidAt(p)).toString('hex'), o);
      bytesSince += o.data.length;
      if (++sinceProgress === 2000) {
        progress(sinceProgress, bytesSince);
        sinceProgress = 0;
        bytesSince = 0;
      }
    });
    progress(sinceProgress, bytesSince);
    return this.finish();
  }

  loose(id: number, items: LooseObjectRef[]): WorkResult {
    this.result = emptyResult(id);
    for (const item of items) {
      const o = readLooseObject(item.path, item.oid, this.resolver.limits, true);
      this.result.counts.objects++;
      if (o.type === OBJ_TREE) {
        this.result.counts.trees++; // read by the tree pass
        continue;
      }
      if (!o.hashMatches) {
        // The bytes are scanned anyway: a leak in them is a leak, whatever name the file carries.
        this.result.warnings.push(`loose object ${item.oid} does not hash to its name (the file was altered or damaged); its content was scanned anyway`);
      }
      if (o.data === null) {
        this.handleObject(item.oid, { type: o.type, data: EMPTY, matches: null, anchors: [], bytes: 0, skipped: { size: o.size } });
        continue;
      }
      const scanned = o.type === OBJ_BLOB ? this.blobScan.full(o.data) : NOT_SCANNED;
      this.handleObject(item.oid, { type: o.type, data: o.data, ...scanned, bytes: o.data.length });
    }
    return this.finish();
  }

  private finish(): WorkResult {
    this.result.counts.scannedBytes += this.blobScan.scannedBytes;
    this.blobScan.scannedBytes = 0;
    return this.result;
  }

  private handleObject(oid: string, o: Materialized): void {
    const c = this.result.counts;
    if (o.type === OBJ_BLOB) {
      c.blobs++;
      c.blobBytes += o.data.length;
      if (o.skipped) this.result.warnings.push(skippedText('blob', oid, o.skipped, 'was not scanned'));
      else if (o.matches === null) {
        this.result.warnings.push(`blob ${oid} (${o.data.length} bytes) is larger than the scan limit and was not scanned`);
      } else if (o.matches.length) this.emit(oid, 'blob', o.data, o.matches);
    } else if (o.type === OBJ_COMMIT) {
      c.commits++;
      if (o.skipped) return this.skippedGraphObject('commit', oid, o.skipped);
      const info = parseCommit(oid, o.data);
      if (!info.tree) {
        this.result.warnings.push(`commit ${oid} is malformed (no tree) and was skipped`);
        return;
      }
      this.result.commits.push(info);
      this.scanMessage(oid, 'commit-message', messageText(o.data, info.messageOffset));
    } else if (o.type === OBJ_TAG) {
      c.tags++;
      if (o.skipped) return this.skippedGraphObject('tag', oid, o.skipped);
      const info = parseTag(oid, o.data);
      this.result.tags.push(info);
      this.scanMessage(oid, 'tag-message', messageText(o.data, info.messageOffset));
    }
  }

  private skippedGraphObject(kind: string, oid: string, skipped: Skipped): void {
    this.result.warnings.push(skippedText(kind, oid, skipped, 'was not read; what lies behind it is unknown'));
    this.result.skippedGraphObjects.push(oid);
  }

  private scanMessage(oid: string, source: 'commit-message' | 'tag-message', msg: Buffer): void {
    const raw: RawMatch[] = [];
    this.result.counts.scannedBytes += findRawMatches(this.matcher, msg, null, raw);
    if (raw.length) this.emit(oid, source, msg, raw);
  }

  /**
   * Final matches of one object, with line and column, the secret reduced to a hash and a hint; those
   * a config allowlist removed come along marked `allowed`, to be counted as suppressed.
   */
  private emit(oid: string, source: ObjectMatch['source'], buf: Buffer, raw: RawMatch[]): void {
    const kept = finalizeMatches(this.matcher, buf, raw);
    const removed = this.unlisted ? allowlistedMatches(this.unlisted, buf, raw, kept) : [];
    const all = [...kept.map((m) => ({ m, allowed: false })), ...removed.map((m) => ({ m, allowed: true }))].sort((a, b) => a.m.ss - b.m.ss);
    let line = 1;
    let lineStart = 0;
    for (const { m, allowed } of all) {
      for (let i = buf.indexOf(10, lineStart); i >= 0 && i < m.ss; i = buf.indexOf(10, i + 1)) {
        line++;
        lineStart = i + 1;
      }
      const secretBytes = m.dec ? Buffer.from(m.dec.secret, 'utf8') : buf.subarray(m.ss, m.se);
      const secret = secretBytes.toString('utf8');
      const { why, confidence } = explainMatch(this.matcher.rules[m.rule], buf, m, secret);
      const out: ObjectMatch = {
        oid,
        source,
        rule: m.rule,
        line: m.dec?.line ?? line,
        column: m.dec?.column ?? columnOf(buf, lineStart, m.ss),
        offset: m.ss,
        secretHash: createHash('sha256').update(secretBytes).digest('hex'),
        redacted: redact(secret),
        why,
      };
      if (confidence !== this.matcher.rules[m.rule].spec.confidence) out.confidence = confidence;
      if (allowed) {
        out.allowed = true;
        this.result.matches.push(out);
        continue;
      }
      if (this.matcher.allowlists.size) {
        const pending = this.matcher.allowlists.pendingAndLists(this.matcher.rules[m.rule].spec.id, secret);
        if (pending.length) out.pendingAllow = pending;
      }
      if (this.setup.showSecrets) out.secret = secret;
      this.result.matches.push(out);
    }
  }
}

const EMPTY = Buffer.alloc(0);

export function toWireError(e: unknown): { code: string; message: string; data?: Record<string, unknown> } {
  if (e instanceof SpillkitError) return e.toJSON();
  return { code: 'INTERNAL', message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) };
}
