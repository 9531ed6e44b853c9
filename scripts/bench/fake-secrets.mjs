// Credentials of real formats, built from the seeded PRNG at run time. The prefixes are assembled from
// pieces so this file itself holds nothing a scanner (or push protection) would flag.
import { crc32 as zlibCrc32 } from 'node:zlib';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = UPPER.toLowerCase();
const DIGITS = '0123456789';
const ALNUM = DIGITS + UPPER + LOWER; // base62 in GitHub's order
const BASE32_UPPER = UPPER + '234567';
const AWS_SECRET_ALPHABET = UPPER + LOWER + DIGITS + '/+';

const prefix = (...parts) => parts.join('');

function base62(value, width) {
  let out = '';
  let rest = value >>> 0;
  while (rest > 0) {
    out = ALNUM[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

/** GitHub classic PAT: 30 random base62 chars, then the CRC32 of them in 6 base62 chars. */
function githubPat(rng) {
  const body = rng.chars(ALNUM, 30);
  return prefix('gh', 'p_') + body + base62(zlibCrc32(body), 6);
}

export const SECRET_KINDS = {
  'aws-access-key-id': (rng) => prefix('AK', 'IA') + rng.chars(BASE32_UPPER, 16),
  'aws-secret-access-key': (rng) => rng.chars(AWS_SECRET_ALPHABET, 40),
  'github-pat': githubPat,
  'slack-bot-token': (rng) =>
    prefix('xo', 'xb-') + rng.chars(DIGITS, 12) + '-' + rng.chars(DIGITS, 13) + '-' + rng.chars(ALNUM, 24),
};

export function makeSecret(kind, rng) {
  const generate = SECRET_KINDS[kind];
  if (!generate) throw new Error(`unknown secret kind ${kind}`);
  return generate(rng);
}
