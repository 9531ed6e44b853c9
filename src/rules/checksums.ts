/**
 * Checksums some credential formats carry. A pattern match whose checksum fails is still reported (a
 * mistyped or truncated copy can be the real key, and a rule's examples from other sources often have
 * none), but at low confidence and saying so; a match whose checksum holds is as sure as a match gets.
 */

import { keyBlockBody } from './key-body.js';

type Checksum = (secret: string) => boolean;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** `value` in base62, left-padded with `0` to `width` characters. */
export function base62(value: number, width: number): string {
  let out = '';
  let v = value;
  do {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  } while (v > 0);
  return out.padStart(width, '0');
}

/**
 * GitHub's token format (ghp_, gho_, ghu_, ghs_, ghr_) and npm's (npm_): 30 random base62 characters,
 * then the CRC32 of those 30 in 6 base62 characters.
 */
const crc32Base62: Checksum = (secret) => {
  const body = /[A-Za-z0-9]{36}$/.exec(secret)?.[0];
  if (body === undefined) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
};

/**
 * A PyPI API token is `pypi-` and a base64url macaroon (version 2): its first field is the location,
 * `pypi.org` or `test.pypi.org`, and an identifier field follows.
 */
const pypiMacaroon: Checksum = (secret) => {
  const body = secret.replace(/^pypi-/, '');
  const raw = Buffer.from(body, 'base64url');
  if (raw.length < 40 || raw[0] !== 2 || raw[1] !== 1) return false;
  const length = raw[2];
  const location = raw.toString('latin1', 3, 3 + length);
  return (location === 'pypi.org' || location === 'test.pypi.org') && raw[3 + length] === 2;
};

/** A PEM key's body is DER: one SEQUENCE whose length covers the rest (legacy encrypted PEM cannot be told). */
const derSequence: Checksum = (secret) => {
  const { body, headers } = keyBlockBody(secret);
  if (headers.some((h) => /^Proc-Type: 4,ENCRYPTED/i.test(h))) return true;
  const der = Buffer.from(body, 'base64');
  if (der.length < 16 || der[0] !== 0x30) return false;
  const first = der[1];
  const length = first < 0x80 ? first : first === 0x81 ? der[2] : first === 0x82 ? der.readUInt16BE(2) : first === 0x83 ? der.readUIntBE(2, 3) : -1;
  const header = first < 0x80 ? 2 : 2 + (first & 0x7f);
  return length > 0 && Math.abs(header + length - der.length) <= 2;
};

/** An OpenSSH private key's body starts with the magic `openssh-key-v1\0`. */
const opensshKey: Checksum = (secret) =>
  Buffer.from(keyBlockBody(secret).body.slice(0, 24), 'base64').toString('latin1').startsWith('openssh-key-v1\u0000');

export const checksums: Record<string, Checksum> = {
  'crc32-base62': crc32Base62,
  'pypi-macaroon': pypiMacaroon,
  'der-sequence': derSequence,
  'openssh-key': opensshKey,
};

/** What a checksum proves, for the finding's `why`. */
export const CHECKSUM_NAMES: Record<string, string> = {
  'crc32-base62': 'CRC32 checksum',
  'pypi-macaroon': 'PyPI macaroon structure',
  'der-sequence': 'DER key structure',
  'openssh-key': 'OpenSSH key structure',
};
