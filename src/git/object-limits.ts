import { constants } from 'node:buffer';
import { OBJ_BLOB } from './object-type.js';

/**
 * How large an object the readers will inflate, checked against the size an object declares (pack
 * entry header, delta header, loose header) before any byte is inflated, so a small object that
 * inflates to gigabytes costs nothing. Blobs follow `--max-blob-bytes`; trees, commits and tags get a
 * fixed bound far above any real one (a tree of a million entries is about 40 MiB).
 */
export interface ObjectLimits {
  blob: number;
  other: number;
}

export const DEFAULT_MAX_BLOB_BYTES = 256 << 20;
/** git never writes a delta chain deeper than this (pack.depth is capped at 4095); deeper ones loop. */
export const MAX_DELTA_DEPTH = 4095;
export const MAX_NON_BLOB_BYTES = 64 << 20;

/** Node cannot hold a Buffer beyond this (4 GiB on Node 20), whatever the user asks for. */
const BUFFER_CAP = constants.MAX_LENGTH - 1;

export function objectLimits(maxBlobBytes = DEFAULT_MAX_BLOB_BYTES): ObjectLimits {
  return { blob: Math.min(maxBlobBytes, BUFFER_CAP), other: Math.min(MAX_NON_BLOB_BYTES, BUFFER_CAP) };
}

export function limitFor(limits: ObjectLimits, type: number): number {
  return type === OBJ_BLOB ? limits.blob : limits.other;
}

/** The larger bound: what a delta may declare before its type is known. */
export function largestLimit(limits: ObjectLimits): number {
  return Math.max(limits.blob, limits.other);
}

/**
 * Deflate expands at most about 1032:1 (258 bytes per 2-bit match). A declared size beyond that for
 * `compressed` bytes is a lie, refused before a buffer of that size is allocated.
 */
export function inflatableFrom(compressed: number): number {
  return compressed * 1032 + 1024;
}
