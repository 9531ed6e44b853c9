import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { SpillkitError } from '../errors.js';
import { TYPE_CODES, type ObjectTypeName } from './object-type.js';

export interface LooseObjectRef {
  oid: string;
  path: string;
}

export function listLooseObjects(objectDir: string): LooseObjectRef[] {
  const out: LooseObjectRef[] = [];
  if (!existsSync(objectDir)) return out;
  for (const fan of readdirSync(objectDir)) {
    if (!/^[0-9a-f]{2}$/.test(fan)) continue;
    for (const rest of readdirSync(join(objectDir, fan))) {
      if (/^[0-9a-f]{38}$/.test(rest)) out.push({ oid: fan + rest, path: join(objectDir, fan, rest) });
    }
  }
  return out;
}

/** A loose object is zlib("<type> <size>\0<content>"). */
export function readLooseObject(path: string, oid: string): { type: number; data: Buffer } {
  let raw: Buffer;
  try {
    raw = inflateSync(readFileSync(path));
  } catch (e) {
    throw new SpillkitError('CORRUPT_OBJECT', `loose object ${oid} is corrupt (${(e as Error).message})`, { oid, path });
  }
  const nul = raw.indexOf(0);
  const header = nul > 0 ? raw.toString('latin1', 0, nul) : '';
  const m = /^(commit|tree|blob|tag) (\d+)$/.exec(header);
  if (!m || Number(m[2]) !== raw.length - nul - 1) {
    throw new SpillkitError('CORRUPT_OBJECT', `loose object ${oid} has a corrupt header`, { oid, path });
  }
  return { type: TYPE_CODES[m[1] as ObjectTypeName], data: raw.subarray(nul + 1) };
}
