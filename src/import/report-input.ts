import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { SpillkitError } from '../errors.js';

/**
 * Reading another tool's report: the file is data from elsewhere, so it is size-checked before it is
 * read, must be UTF-8 JSON (one document, or one per line), and anything wrong with it is one line
 * naming the file and the place, never a stack trace.
 */
export const MAX_REPORT_BYTES = 512 << 20;

export function readReportText(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new SpillkitError('USAGE', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new SpillkitError('USAGE', `${file} is not a regular file`);
    if (st.size > MAX_REPORT_BYTES) throw new SpillkitError('USAGE', `${file} is ${st.size} bytes, more than the ${MAX_REPORT_BYTES} a report may have`);
    const buf = Buffer.alloc(st.size);
    let at = 0;
    while (at < buf.length) {
      const n = readSync(fd, buf, at, buf.length - at, at);
      if (n === 0) break;
      at += n;
    }
    const text = buf.subarray(0, at).toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } finally {
    closeSync(fd);
  }
}

/** A malformed report: one line, naming the file and what is wrong. */
export function badReport(file: string, what: string, detail: string): SpillkitError {
  return new SpillkitError('USAGE', `${file}: not a valid ${what} (${detail})`);
}

/** One JSON document. */
export function parseJsonDocument(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badReport(file, what, `invalid JSON: ${(e as Error).message}`);
  }
}

/** JSON lines: one document per non-empty line, with the line number of the first that does not parse. */
export function parseJsonLines(text: string, file: string, what: string): Array<{ line: number; value: unknown }> {
  const out: Array<{ line: number; value: unknown }> = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    try {
      out.push({ line: i + 1, value: JSON.parse(line) });
    } catch (e) {
      throw badReport(file, what, `line ${i + 1} is not JSON: ${(e as Error).message}`);
    }
  }
  return out;
}

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A positive whole number (JSON number or digit string); anything else is null. */
export function posInt(v: unknown): number | null {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
}

/** A non-empty string that looks like a commit id (abbreviated or full), lower-cased; else null. */
export function commitId(v: unknown): string | null {
  const s = str(v)?.trim();
  return s && /^[0-9a-f]{7,64}$/i.test(s) ? s.toLowerCase() : null;
}
