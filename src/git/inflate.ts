import { constants, inflateSync } from 'node:zlib';
import { inflatableFrom } from './object-limits.js';

/** Why a zlib stream could not give the bytes its object declared; callers name the object. */
export class InflateError extends Error {}

/**
 * Inflates a zlib stream whose object declares `size` bytes. The output buffer is sized from the
 * declaration (one chunk, plus a byte so zlib sees the end of stream without a second one) and can
 * never grow past size + 1, so a header that lies costs no more memory than one that does not.
 */
export function inflateExact(z: Buffer, size: number): Buffer {
  if (size > inflatableFrom(z.length)) throw new InflateError(`declares ${size} bytes, more than ${z.length} compressed bytes can hold`);
  let data: Buffer;
  try {
    data = inflateSync(z, { chunkSize: Math.max(64, size + 1), maxOutputLength: size + 1 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new InflateError(`inflates to more than the ${size} bytes declared`);
    throw new InflateError(`zlib: ${(e as Error).message}`);
  }
  if (data.length !== size) throw new InflateError(`inflated to ${data.length} bytes, declared ${size}`);
  return data;
}

/**
 * What the first bytes of a zlib stream inflate to, without needing the rest: enough to read an
 * object's or a delta's header. The output is bounded by deflate's ratio over `z`, so callers pass a
 * small prefix.
 */
export function inflateHead(z: Buffer): Buffer {
  try {
    return inflateSync(z, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch (e) {
    throw new InflateError(`zlib: ${(e as Error).message}`);
  }
}
