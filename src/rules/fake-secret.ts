/**
 * Fake credentials generated at run time, so no secret-shaped literal ever lands in the repository.
 *
 * `expandTemplate('AKIA$[A-Z2-7:16]', seed)` replaces each `$[...]` generator:
 *   $[CLASS:N]          N random characters from CLASS: a class body (`A-Z2-7`, `a-zA-Z0-9_-`) or a name
 *                       (hex, HEX, alnum, lower, upper, digits, b64, b64url)
 *   $[b64bytes:N]       standard base64 (with padding) of N random bytes
 *   $[uuid]             a random v4 UUID
 *   $[jwt]              an HS256 JWT with real JSON claims and a random signature
 *   $[basicauth]        base64 of `user:password`, as in docker config.json / HTTP Basic
 *   $[pem:TYPE]         a full PEM block, e.g. $[pem:RSA PRIVATE KEY]
 *   $[pemjson:TYPE]     the same PEM on one line with `\n` escapes, as inside JSON
 *   $[pemenc:TYPE]      a legacy encrypted PEM (Proc-Type / DEK-Info headers)
 *   $[openssh]          an OpenSSH private key block
 *   $[pgp]              a PGP private key block
 *   $[putty]            a PuTTY-User-Key-File-3
 *   $[pemindent:N:TYPE] a PEM block whose lines after the first are indented N spaces (inside YAML)
 *   $[crc62:N]          N random base62 characters and their CRC32 in 6 base62 ones (GitHub, npm tokens)
 *   $[pypi]             the base64url macaroon of a PyPI token (after `pypi-`)
 * Output is deterministic per (template, seed) and looks random: no runs of identical characters, no
 * ascending sequences and no placeholder words, so precision filters keep it.
 */
import { createHash } from 'node:crypto';
import { base62, crc32 } from './checksums.js';
import { isPlaceholder } from './placeholder.js';

/** Deterministic byte stream: sha256(seed, counter) blocks. */
class SeededRandom {
  private block = Buffer.alloc(0);
  private offset = 0;
  private counter = 0;

  constructor(private readonly seed: string) {}

  byte(): number {
    if (this.offset >= this.block.length) {
      this.block = createHash('sha256').update(`${this.seed}\u0000${this.counter++}`).digest();
      this.offset = 0;
    }
    return this.block[this.offset++];
  }

  bytes(count: number): Buffer {
    const out = Buffer.alloc(count);
    for (let i = 0; i < count; i++) out[i] = this.byte();
    return out;
  }

  /** Uniform integer in [0, bound), bound <= 65536. */
  below(bound: number): number {
    const limit = 65536 - (65536 % bound);
    for (;;) {
      const value = (this.byte() << 8) | this.byte();
      if (value < limit) return value % bound;
    }
  }
}

const NAMED_CLASSES: Record<string, string> = {
  hex: '0-9a-f',
  HEX: '0-9A-F',
  alnum: 'A-Za-z0-9',
  lower: 'a-z',
  upper: 'A-Z',
  digits: '0-9',
  b64: 'A-Za-z0-9+/',
  b64url: 'A-Za-z0-9_-',
};

/** Expands a class body such as `a-zA-Z0-9_-` into its characters. A `-` first or last is literal. */
export function classCharacters(body: string): string {
  const source = NAMED_CLASSES[body] ?? body;
  const chars: string[] = [];
  for (let i = 0; i < source.length; i++) {
    let from = source[i];
    if (from === '\\' && i + 1 < source.length) from = source[++i];
    if (source[i + 1] === '-' && i + 2 < source.length) {
      const to = source[i + 2];
      for (let code = from.charCodeAt(0); code <= to.charCodeAt(0); code++) chars.push(String.fromCharCode(code));
      i += 2;
    } else {
      chars.push(from);
    }
  }
  const unique = [...new Set(chars)];
  if (unique.length < 2) throw new Error(`fake-secret: class "${body}" needs at least two characters`);
  return unique.join('');
}

/** True when adding `next` would start a run of 3 identical or 4 consecutive (ascending/descending) chars. */
function breaksRandomLook(out: string[], next: string): boolean {
  const n = out.length;
  if (n >= 2 && out[n - 1] === next && out[n - 2] === next) return true;
  if (n >= 3) {
    const codes = [out[n - 3], out[n - 2], out[n - 1], next].map((c) => c.charCodeAt(0));
    const step = codes[1] - codes[0];
    if ((step === 1 || step === -1) && codes[2] - codes[1] === step && codes[3] - codes[2] === step) return true;
  }
  return false;
}

function randomRun(rng: SeededRandom, chars: string, length: number): string {
  for (let attempt = 0; ; attempt++) {
    const out: string[] = [];
    while (out.length < length) {
      const next = chars[rng.below(chars.length)];
      if (!breaksRandomLook(out, next)) out.push(next);
    }
    const run = out.join('');
    // A random run that happens to spell `fake` or `xxxx` would be dropped by the filters: draw again.
    if (length < 4 || !isPlaceholder(run) || attempt > 20) return run;
  }
}

function base64Run(rng: SeededRandom, byteCount: number, prefix: Buffer = Buffer.alloc(0)): string {
  for (;;) {
    const encoded = Buffer.concat([prefix, rng.bytes(byteCount - prefix.length)]).toString('base64');
    if (!/(.)\1{3,}/.test(encoded.slice(4)) && !isPlaceholder(encoded)) return encoded;
  }
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

function uuid(rng: SeededRandom): string {
  const hex = randomRun(rng, '0123456789abcdef', 32);
  const variant = '89ab'[rng.below(4)];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function jwt(rng: SeededRandom): string {
  const header = { alg: 'HS256', typ: 'JWT' };
  const issuedAt = 1_600_000_000 + rng.below(60000) * 1000;
  const claims = {
    iss: `https://auth.${randomRun(rng, 'abcdefghijklmnopqrstuvwxyz', 8)}.io/`,
    sub: randomRun(rng, '0123456789', 12),
    aud: randomRun(rng, 'abcdefghijklmnopqrstuvwxyz', 10),
    name: 'Jordan Rivera',
    iat: issuedAt,
    exp: issuedAt + 3600,
  };
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}.${base64url(rng.bytes(32))}`;
}

function basicAuth(rng: SeededRandom): string {
  const user = `deploy${randomRun(rng, 'abcdefghijklmnopqrstuvwxyz', 4)}`;
  const password = randomRun(rng, classCharacters('A-Za-z0-9!#%+'), 20);
  return Buffer.from(`${user}:${password}`).toString('base64');
}

/** DER payload sizes (bytes) of typical keys, so blocks have a realistic length. */
const PEM_SIZES: Record<string, number> = {
  'RSA PRIVATE KEY': 1190,
  'DSA PRIVATE KEY': 444,
  'EC PRIVATE KEY': 121,
  'PRIVATE KEY': 1218,
  'ENCRYPTED PRIVATE KEY': 1298,
};

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines;
}

function derBody(rng: SeededRandom, type: string): string {
  const size = PEM_SIZES[type] ?? 1190;
  const lengthBytes = size - 4;
  // A DER SEQUENCE header, so the body starts `MII...` like a real key.
  const prefix = size > 255 ? Buffer.from([0x30, 0x82, lengthBytes >> 8, lengthBytes & 0xff]) : Buffer.from([0x30, size - 2]);
  return base64Run(rng, size, prefix);
}

function pem(rng: SeededRandom, type: string, newline = '\n'): string {
  const lines = [`-----BEGIN ${type}-----`, ...wrap(derBody(rng, type), 64), `-----END ${type}-----`];
  return lines.join(newline);
}

function encryptedPem(rng: SeededRandom, type: string): string {
  const iv = randomRun(rng, '0123456789ABCDEF', 32);
  const headers = ['Proc-Type: 4,ENCRYPTED', `DEK-Info: AES-256-CBC,${iv}`, ''];
  const lines = [`-----BEGIN ${type}-----`, ...headers, ...wrap(derBody(rng, type), 64), `-----END ${type}-----`];
  return lines.join('\n');
}

function sshString(value: Buffer | string): Buffer {
  const data = Buffer.from(value);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

function openssh(rng: SeededRandom): string {
  const publicKey = Buffer.concat([sshString('ssh-ed25519'), sshString(rng.bytes(32))]);
  const check = rng.bytes(4);
  const unpadded = Buffer.concat([
    check,
    check,
    sshString('ssh-ed25519'),
    sshString(rng.bytes(32)),
    sshString(rng.bytes(64)),
    sshString(`deploy@build-${randomRun(rng, 'abcdefghijklmnopqrstuvwxyz', 6)}`),
  ]);
  // The private section is padded 1, 2, 3... to the cipher block size (8 for "none").
  const padding = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8].slice(0, (8 - (unpadded.length % 8)) % 8));
  const privatePart = Buffer.concat([unpadded, padding]);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\u0000'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    Buffer.from([0, 0, 0, 1]),
    sshString(publicKey),
    sshString(privatePart),
  ]);
  const lines = ['-----BEGIN OPENSSH PRIVATE KEY-----', ...wrap(body.toString('base64'), 70), '-----END OPENSSH PRIVATE KEY-----'];
  return lines.join('\n');
}

function pgp(rng: SeededRandom): string {
  const body = base64Run(rng, 1800, Buffer.from([0x95, 0x07, 0x06, 0x04]));
  const checksum = base64Run(rng, 3);
  const lines = ['-----BEGIN PGP PRIVATE KEY BLOCK-----', '', ...wrap(body, 64), `=${checksum}`, '-----END PGP PRIVATE KEY BLOCK-----'];
  return lines.join('\n');
}

function putty(rng: SeededRandom): string {
  const publicBlob = Buffer.concat([sshString('ssh-ed25519'), sshString(rng.bytes(32))]).toString('base64');
  const privateBlob = base64Run(rng, 36, Buffer.from([0, 0, 0, 32]));
  const lines = [
    'PuTTY-User-Key-File-3: ssh-ed25519',
    'Encryption: none',
    `Comment: eddsa-key-2024${randomRun(rng, '0123456789', 4)}`,
    'Public-Lines: 2',
    ...wrap(publicBlob, 64),
    'Private-Lines: 1',
    privateBlob,
    `Private-MAC: ${randomRun(rng, '0123456789abcdef', 64)}`,
  ];
  return lines.join('\n');
}

/** A macaroon as PyPI issues them: location, identifier, a caveat, signature (version 2 binary format). */
function pypiMacaroon(rng: SeededRandom): string {
  const field = (type: number, value: Buffer): Buffer => Buffer.concat([Buffer.from([type, value.length]), value]);
  const identifier = Buffer.from(JSON.stringify({ version: 1, nonce: randomRun(rng, '0123456789abcdef', 32) }).slice(0, 120));
  const caveat = Buffer.from(`{"version": 1, "permissions": {"projects": ["${randomRun(rng, 'abcdefghijklmnopqrstuvwxyz', 8)}"]}}`);
  return Buffer.concat([
    Buffer.from([2]),
    field(1, Buffer.from('pypi.org')),
    field(2, identifier),
    Buffer.from([0]),
    field(2, caveat),
    Buffer.from([0, 0]),
    field(6, rng.bytes(32)),
  ]).toString('base64url');
}

function expandGenerator(rng: SeededRandom, body: string): string {
  const [name, ...rest] = body.split(':');
  const argument = rest.join(':');
  switch (name) {
    case 'uuid':
      return uuid(rng);
    case 'jwt':
      return jwt(rng);
    case 'basicauth':
      return basicAuth(rng);
    case 'openssh':
      return openssh(rng);
    case 'pgp':
      return pgp(rng);
    case 'putty':
      return putty(rng);
    case 'pem':
      return pem(rng, argument || 'RSA PRIVATE KEY');
    case 'pemjson':
      return pem(rng, argument || 'PRIVATE KEY', '\\n') + '\\n';
    case 'pemenc':
      return encryptedPem(rng, argument || 'RSA PRIVATE KEY');
    case 'b64bytes':
      return base64Run(rng, Number(argument));
    case 'pemindent': {
      const [spaces, ...type] = argument.split(':');
      return pem(rng, type.join(':') || 'RSA PRIVATE KEY', `\n${' '.repeat(Number(spaces) || 2)}`);
    }
    case 'crc62': {
      const random = randomRun(rng, classCharacters('alnum'), Number(argument) || 30);
      return random + base62(crc32(random), 6);
    }
    case 'pypi':
      return pypiMacaroon(rng);
  }
  const colon = body.lastIndexOf(':');
  const count = Number(body.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(count) || count <= 0) {
    throw new Error(`fake-secret: bad generator "$[${body}]"`);
  }
  return randomRun(rng, classCharacters(body.slice(0, colon)), count);
}

const GENERATOR = /\$\[([^\]]+)\]/g;

/** Replaces every `$[...]` generator in `template`; the same (template, seed) always gives the same text. */
export function expandTemplate(template: string, seed: string): string {
  const rng = new SeededRandom(seed);
  return template.replace(GENERATOR, (_match, body: string) => expandGenerator(rng, body));
}

/** Templates of common credential kinds, for tests and fixtures that need "a realistic X". */
const KINDS: Record<string, string> = {
  'aws-access-key-id': 'AKIA$[A-Z2-7:16]',
  'aws-secret-access-key': '$[A-Za-z0-9/+:40]',
  'aws-session-token': 'IQoJb3JpZ2luX2VjE$[b64:340]',
  'github-pat': 'ghp_$[alnum:36]',
  'github-oauth': 'gho_$[alnum:36]',
  'github-fine-grained-pat': 'github_pat_$[alnum:22]_$[alnum:59]',
  'gitlab-pat': 'glpat-$[a-zA-Z0-9_-:20]',
  'google-api-key': 'AIza$[a-zA-Z0-9_-:35]',
  'slack-bot-token': 'xoxb-$[digits:11]-$[digits:13]-$[alnum:24]',
  'slack-webhook': 'https://hooks.slack.com/services/T$[A-Z0-9:10]/B$[A-Z0-9:10]/$[alnum:24]',
  'stripe-live': 'sk_live_$[alnum:99]',
  openai: 'sk-proj-$[a-zA-Z0-9_-:58]T3BlbkFJ$[a-zA-Z0-9_-:58]',
  'npm-token': 'npm_$[alnum:36]',
  'digitalocean-pat': 'dop_v1_$[hex:64]',
  'azure-storage-key': '$[b64bytes:64]',
  jwt: '$[jwt]',
  uuid: '$[uuid]',
  'private-key-rsa': '$[pem:RSA PRIVATE KEY]',
  'private-key-ec': '$[pem:EC PRIVATE KEY]',
  'private-key-pkcs8': '$[pem:PRIVATE KEY]',
  'private-key-openssh': '$[openssh]',
  'private-key-pgp': '$[pgp]',
  'private-key-putty': '$[putty]',
  password: '$[A-Za-z0-9!#%+=:20]',
  'postgres-uri': 'postgres://app_$[lower:5]:$[alnum:20]@db.internal:5432/app',
  'mysql-uri': 'mysql://app_$[lower:5]:$[alnum:20]@db.internal:3306/app',
  'mongodb-uri': 'mongodb+srv://app_$[lower:5]:$[alnum:20]@cluster0.$[lower:5].mongodb.net/app',
  'redis-uri': 'redis://default:$[alnum:24]@cache.internal:6379/0',
};

export const FAKE_SECRET_KINDS: readonly string[] = Object.keys(KINDS);

/** A well-formed fake credential of `kind` (see FAKE_SECRET_KINDS); throws on an unknown kind. */
export function fakeSecret(kind: string, seed: string): string {
  const template = KINDS[kind];
  if (template === undefined) throw new Error(`fake-secret: unknown kind "${kind}"`);
  return expandTemplate(template, `${kind}:${seed}`);
}
