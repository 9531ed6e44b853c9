import { basename } from 'node:path';
import { SpillkitError } from '../errors.js';
import { DeltaError, deltaSizes } from './delta.js';
import { inflateExact, inflateHead, InflateError } from './inflate.js';
import { OBJ_OFS_DELTA, OBJ_REF_DELTA } from './object-type.js';
import { PackFile } from './pack-file.js';
import { entryEnd, positionOfOffset, type PackLayout } from './pack-layout.js';
import { parseEntryHeader, type EntryHeader } from './pack-entry.js';

/** Compressed bytes inflated to read a delta's header: more than any zlib block header takes. */
const HEAD_BYTES = 4096;

export interface PackEntry {
  header: EntryHeader;
  /** The entry's bytes in the pack: header, then zlib data up to the next entry. */
  buf: Buffer;
}

/**
 * Reads entries of one pack by offset-order position. A caller streaming through a range can pin a
 * window (one big read) so that entries inside it cost no syscall.
 */
export class PackReader {
  readonly layout: PackLayout;
  readonly file: PackFile;
  readonly name: string;
  private windowStart = 0;
  private window: Buffer | null = null;

  constructor(layout: PackLayout) {
    this.layout = layout;
    this.file = new PackFile(layout.packPath);
    this.name = basename(layout.packPath);
  }

  /** Pins pack bytes [from, to) in memory. */
  pin(from: number, to: number): void {
    this.window = this.file.read(from, to - from);
    this.windowStart = from;
  }

  unpin(): void {
    this.window = null;
  }

  private bytes(p: number): { buf: Buffer; offset: number } {
    const start = this.layout.sortedOffsets[p];
    const end = entryEnd(this.layout, p);
    const w = this.window;
    if (w && start >= this.windowStart && end <= this.windowStart + w.length) {
      return { buf: w.subarray(start - this.windowStart, end - this.windowStart), offset: start };
    }
    return { buf: this.file.read(start, end - start), offset: start };
  }

  oidAt(p: number): Uint8Array {
    const i = this.layout.idxOf[p];
    return this.layout.oids.subarray(i * 20, i * 20 + 20);
  }

  corrupt(p: number, why: string): SpillkitError {
    const oid = Buffer.from(this.oidAt(p)).toString('hex');
    return new SpillkitError('CORRUPT_PACK', `pack ${this.name} is corrupt at object ${oid}: ${why}`, { path: this.layout.packPath, oid });
  }

  header(p: number): EntryHeader {
    const { buf, offset } = this.bytes(p);
    const h = parseEntryHeader(buf, 0, offset);
    if (!h) throw this.corrupt(p, 'entry header runs past the end of the entry');
    if (h.type === 0 || h.type === 5 || h.type > 7) throw this.corrupt(p, `invalid object type ${h.type}`);
    return h;
  }

  /**
   * Position of an OFS_DELTA base inside this pack. The base must come before the delta (git writes
   * it so, and the distance is encoded as positive): a chain of these can then never loop.
   */
  basePosition(p: number, h: EntryHeader): number {
    if (h.type !== OBJ_OFS_DELTA) return -1;
    if (h.baseOffset >= this.layout.sortedOffsets[p]) throw this.corrupt(p, 'delta base does not precede the delta');
    const bp = positionOfOffset(this.layout, h.baseOffset);
    if (bp < 0) throw this.corrupt(p, 'delta base offset points at no object');
    return bp;
  }

  /** An entry's header with its bytes (header and zlib data), in one read. */
  entry(p: number): PackEntry {
    const { buf, offset } = this.bytes(p);
    const header = parseEntryHeader(buf, 0, offset);
    if (!header) throw this.corrupt(p, 'entry header runs past the end of the entry');
    return { header, buf };
  }

  /**
   * The entry's inflated payload (the object itself, or its delta), exactly the size its header
   * declares: callers compare that size with their limits first, and output past it is never made.
   */
  inflateEntry(p: number, e: PackEntry): Buffer {
    try {
      return inflateExact(e.buf.subarray(e.header.headerLength), e.header.size);
    } catch (err) {
      if (err instanceof InflateError) throw this.corrupt(p, err.message);
      throw err;
    }
  }

  inflate(p: number): { header: EntryHeader; data: Buffer } {
    const e = this.entry(p);
    return { header: e.header, data: this.inflateEntry(p, e) };
  }

  /** The result size a delta entry declares, from the first bytes of its stream only. */
  deltaResultSize(p: number, e: PackEntry): number {
    try {
      return deltaSizes(inflateHead(e.buf.subarray(e.header.headerLength, e.header.headerLength + HEAD_BYTES))).resultSize;
    } catch (err) {
      if (err instanceof InflateError || err instanceof DeltaError) throw this.corrupt(p, err.message);
      throw err;
    }
  }

  isDelta(type: number): boolean {
    return type === OBJ_OFS_DELTA || type === OBJ_REF_DELTA;
  }

  close(): void {
    this.file.close();
  }
}
