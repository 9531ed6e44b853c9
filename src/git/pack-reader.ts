import { basename } from 'node:path';
import { inflateSync } from 'node:zlib';
import { SpillkitError } from '../errors.js';
import { OBJ_OFS_DELTA, OBJ_REF_DELTA } from './object-type.js';
import { PackFile } from './pack-file.js';
import { entryEnd, positionOfOffset, type PackLayout } from './pack-layout.js';
import { parseEntryHeader, type EntryHeader } from './pack-entry.js';

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

  /** Position of an OFS_DELTA base inside this pack. */
  basePosition(p: number, h: EntryHeader): number {
    if (h.type !== OBJ_OFS_DELTA) return -1;
    const bp = positionOfOffset(this.layout, h.baseOffset);
    if (bp < 0) throw this.corrupt(p, 'delta base offset points at no object');
    return bp;
  }

  /** The entry's inflated payload: the object itself, or its delta for delta entries. */
  inflate(p: number, h?: EntryHeader): { header: EntryHeader; data: Buffer } {
    const { buf, offset } = this.bytes(p);
    const header = h ?? parseEntryHeader(buf, 0, offset);
    if (!header) throw this.corrupt(p, 'entry header runs past the end of the entry');
    let data: Buffer;
    try {
      // The header gives the exact size: one right-sized output chunk (plus a byte, so zlib sees the end
      // of stream without a second chunk) instead of Node's default 16 KiB pieces, allocated per call.
      data = inflateSync(buf.subarray(header.headerLength), { chunkSize: Math.max(64, header.size + 1) });
    } catch (e) {
      throw this.corrupt(p, `zlib: ${(e as Error).message}`);
    }
    if (data.length !== header.size) throw this.corrupt(p, `inflated to ${data.length} bytes, header says ${header.size}`);
    return { header, data };
  }

  isDelta(type: number): boolean {
    return type === OBJ_OFS_DELTA || type === OBJ_REF_DELTA;
  }

  close(): void {
    this.file.close();
  }
}
