import { createHash } from 'node:crypto';
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { SpillkitError } from '../errors.js';
import { inflateExact, inflateHead, InflateError } from './inflate.js';
import { limitFor, objectLimits, type ObjectLimits } from './object-limits.js';
import { TYPE_CODES, type ObjectTypeName } from './object-type.js';
import { isRegularFile, readRegularFile, readRegularFileHead } from './safe-fs.js';

export interface LooseObjectRef {
  oid: string;
  path: string;
}

/**
 * Every loose object file of an objects directory. Entries that are not regular files (a FIFO or a
 * device named like an object) are left out with a warning naming them: opening one could block.
 */
export function listLooseObjects(objectDir: string, warnings: string[] = []): LooseObjectRef[] {
  const out: LooseObjectRef[] = [];
  for (const fan of readDir(objectDir, warnings)) {
    if (!/^[0-9a-f]{2}$/.test(fan.name)) continue;
    const fanDir = join(objectDir, fan.name);
    if (!fan.isDirectory() && !(fan.isSymbolicLink() && isDirectory(fanDir))) {
      warnings.push(`${fanDir} is not a directory: objects in it were not scanned`);
      continue;
    }
    for (const rest of readDir(fanDir, warnings)) {
      if (!/^[0-9a-f]{38}$/.test(rest.name)) continue;
      const path = join(fanDir, rest.name);
      // The type comes with the listing; only a symbolic link costs a look at what it points to.
      if (rest.isFile() || (rest.isSymbolicLink() && isRegularFile(path))) out.push({ oid: fan.name + rest.name, path });
      else warnings.push(`loose object ${fan.name + rest.name} is not a regular file (a FIFO, socket or device): not read`);
    }
  }
  return out;
}

function readDir(dir: string, warnings: string[]): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') warnings.push(`${dir} cannot be read (${code ?? (e as Error).message}): objects in it were not scanned`);
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export interface LooseObject {
  type: number;
  /** Content size the header declares. */
  size: number;
  /** The content, or null when `size` is over the limit for its type (nothing was inflated). */
  data: Buffer | null;
  /** False when the content does not hash to the object's name (only checked when asked). */
  hashMatches: boolean;
}

/** Compressed bytes inflated to read the header: more than any zlib block header takes. */
const HEAD_BYTES = 4096;
/** "commit 18446744073709551615" and the NUL: a longer header is not a git object header. */
const MAX_HEADER = 32;

interface LooseHead {
  type: number;
  size: number;
  /** Where the content starts in the inflated stream. */
  contentAt: number;
  file: { head: Buffer; size: number };
}

/** A loose object is zlib("<type> <size>\0<content>"): only the head of the file is inflated here. */
function readHead(path: string, oid: string): LooseHead {
  const file = readRegularFileHead(path, HEAD_BYTES);
  if (file === null) throw new SpillkitError('MISSING_OBJECT', `loose object ${oid} is missing (${path})`, { oid, path });
  let head: Buffer;
  try {
    head = inflateHead(file.head);
  } catch (e) {
    throw new SpillkitError('CORRUPT_OBJECT', `loose object ${oid} is corrupt (${(e as Error).message})`, { oid, path });
  }
  const nul = head.subarray(0, MAX_HEADER).indexOf(0);
  const m = nul > 0 ? /^(commit|tree|blob|tag) (\d{1,20})$/.exec(head.toString('latin1', 0, nul)) : null;
  if (!m) throw new SpillkitError('CORRUPT_OBJECT', `loose object ${oid} has a corrupt header`, { oid, path });
  return { type: TYPE_CODES[m[1] as ObjectTypeName], size: Number(m[2]), contentAt: nul + 1, file };
}

/** A loose object's type and declared size, from the head of its file. */
export function readLooseHeader(path: string, oid: string): { type: number; size: number } {
  const { type, size } = readHead(path, oid);
  return { type, size };
}

/**
 * A loose object with its content, unless the size it declares is over the limit for its type (then
 * nothing past the header is inflated). The content can never grow past the declared size. With
 * `verify`, the content is hashed and compared with the object's name.
 */
export function readLooseObject(path: string, oid: string, limits: ObjectLimits = objectLimits(), verify = false): LooseObject {
  const corrupt = (why: string): SpillkitError => new SpillkitError('CORRUPT_OBJECT', `loose object ${oid} is corrupt (${why})`, { oid, path });
  const { type, size, contentAt, file } = readHead(path, oid);
  if (size > limitFor(limits, type)) return { type, size, data: null, hashMatches: true };
  if (file.size > compressedBound(contentAt + size)) throw corrupt(`${file.size} bytes on disk, more than ${size} bytes of content can take`);
  const whole = file.size <= file.head.length ? file.head : readRegularFile(path, file.size);
  if (whole === null) throw new SpillkitError('MISSING_OBJECT', `loose object ${oid} is missing (${path})`, { oid, path });
  let raw: Buffer;
  try {
    raw = inflateExact(whole, contentAt + size);
  } catch (e) {
    if (e instanceof InflateError) throw corrupt(e.message);
    throw e;
  }
  const hashMatches = !verify || createHash('sha1').update(raw).digest('hex') === oid;
  return { type, size, data: raw.subarray(contentAt), hashMatches };
}

/**
 * The most a zlib stream of `size` bytes takes on disk: incompressible data costs deflate about 0.03%,
 * and this allows 1.5% (a writer flushing every few KiB), so only a file padded with garbage exceeds it.
 */
function compressedBound(size: number): number {
  return size + Math.ceil(size / 64) + 1024;
}
