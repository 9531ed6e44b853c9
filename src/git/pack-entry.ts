import { OBJ_OFS_DELTA, OBJ_REF_DELTA } from './object-type.js';

/** The variable-length header in front of every pack entry's zlib stream. */
export interface EntryHeader {
  type: number;
  /** Inflated size (of the delta, for delta entries). */
  size: number;
  /** Bytes taken by the header (and the delta base reference), i.e. where the zlib data starts. */
  headerLength: number;
  /** For OFS_DELTA: the base's absolute pack offset. */
  baseOffset: number;
  /** For REF_DELTA: the base's object id. */
  baseOid: Buffer | null;
}

/**
 * Parses a header from `buf` at `at`, where `buf` holds the entry starting at pack offset `entryOffset`.
 * Returns null when the buffer ends before the header does (a truncated pack).
 */
export function parseEntryHeader(buf: Buffer, at: number, entryOffset: number): EntryHeader | null {
  let p = at;
  if (p >= buf.length) return null;
  let c = buf[p++];
  const type = (c >> 4) & 7;
  let size = c & 15;
  let shift = 4;
  while (c & 0x80) {
    if (p >= buf.length) return null;
    c = buf[p++];
    size += (c & 0x7f) * 2 ** shift;
    shift += 7;
  }
  let baseOffset = -1;
  let baseOid: Buffer | null = null;
  if (type === OBJ_OFS_DELTA) {
    if (p >= buf.length) return null;
    c = buf[p++];
    let ofs = c & 0x7f;
    while (c & 0x80) {
      if (p >= buf.length) return null;
      c = buf[p++];
      ofs = (ofs + 1) * 128 + (c & 0x7f);
    }
    baseOffset = entryOffset - ofs;
  } else if (type === OBJ_REF_DELTA) {
    if (p + 20 > buf.length) return null;
    baseOid = buf.subarray(p, p + 20);
    p += 20;
  }
  return { type, size, headerLength: p - at, baseOffset, baseOid };
}
