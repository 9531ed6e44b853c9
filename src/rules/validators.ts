/**
 * Built-in validators a rule names with `validate:`. Each takes the extracted secret and answers "is this
 * structurally a real credential?". They check shape only (decodes, parses, sensible content), never
 * checksums: spillkit's own fake secrets must pass, and real tokens from older formats too.
 */

import { keyBlockBody } from './key-body.js';

type Validator = (secret: string) => boolean;

const BASE64URL_PART = /^[A-Za-z0-9_-]+$/;
const BASE64_BODY = /^[A-Za-z0-9+/]+={0,2}$/;

function decodeJsonObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A signed JWT: base64url header with `alg`, a non-empty claims object, and a signature unless alg is none. */
const jwt: Validator = (secret) => {
  const parts = secret.split('.');
  if (parts.length !== 3) return false;
  const [headerPart, payloadPart, signature] = parts;
  if (!BASE64URL_PART.test(headerPart) || !BASE64URL_PART.test(payloadPart)) return false;
  if (signature !== '' && !BASE64URL_PART.test(signature)) return false;
  const header = decodeJsonObject(headerPart);
  const payload = decodeJsonObject(payloadPart);
  if (header === undefined || payload === undefined) return false;
  if (typeof header.alg !== 'string') return false;
  if (Object.keys(payload).length === 0) return false;
  // `alg: none` with no signature proves nothing and is what tutorials paste; a signed token is a credential.
  if (header.alg.toLowerCase() === 'none' || signature === '') return false;
  return true;
};

const MIN_KEY_BODY = 64;

/**
 * A key block (PEM, OpenSSH, PGP) whose body is real base64 of a realistic size, not `...` or `<key>`,
 * however it is embedded (indented, JSON-escaped, split over string literals: see keyBlockBody).
 */
const keyBlock: Validator = (secret) => {
  const { body } = keyBlockBody(secret);
  if (body.length < MIN_KEY_BODY || !BASE64_BODY.test(body)) return false;
  // Placeholder bodies repeat: a real key's base64 has many distinct characters.
  return new Set(body).size >= 32;
};

/** Base64 of `user:password` with printable text on both sides (docker config.json `auth`, HTTP Basic). */
const basicAuthBase64: Validator = (secret) => {
  if (!BASE64_BODY.test(secret) || secret.length % 4 !== 0) return false;
  const decoded = Buffer.from(secret, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return false;
  if (!/^[\x20-\x7e]+$/.test(decoded)) return false;
  const password = decoded.slice(colon + 1);
  return password.length >= 4 && !/^(?:\$\{?[A-Za-z_]|<)/.test(password);
};

/** Base64 that decodes to mostly printable or binary content of some length (Kubernetes Secret data). */
const base64Value: Validator = (secret) => {
  if (!BASE64_BODY.test(secret) || secret.length % 4 !== 0) return false;
  return Buffer.from(secret, 'base64').length >= 6;
};

const HEX_DIGEST = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGRITY = /^sha(?:1|256|384|512)-[A-Za-z0-9+/]+=*$/;
const CALL = /^[A-Za-z_$][\w$.]*\(/;
const DOTTED_REFERENCE = /^[A-Za-z_$][\w$]*(?:(?:\.|\?\.|::|->)[A-Za-z_$][\w$]*)+(?:\(\))?[;,]?$/;
const IDENTIFIER_WITHOUT_DIGITS = /^[A-Za-z_]+$/;
const PATH = /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/;
const URL_WITHOUT_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/i;
const INDEX_OR_CALL_REFERENCE = /^[A-Za-z_$][\w$]*\[["']?[\w.-]+["']?\]/;
const BOOLEAN_OR_TYPE = /^(?:true|false|null|none|nil|undefined|string|boolean|number|required|optional)$/i;
/** A reference to a variable by its name (`GITHUB_TOKEN`, `DB_PASSWORD`), not a value. */
const CONSTANT_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
/** Code, not a value: an identifier opening a generic type, an index or a call (`Map<Token`, `a[i.len`). */
const CODE_EXPRESSION = /^[A-Za-z_$][\w$]*[<[(]/;

/**
 * A name rather than a value: camelCase, PascalCase or snake_case words of real length, maybe with a
 * short number (`RequestCredentials58`). A random string breaks into one-letter pieces at its random
 * case changes, so it never reads as words.
 */
function isIdentifierWords(value: string): boolean {
  const m = /^([A-Za-z_]+?)(\d{0,4})$/.exec(value);
  if (!m) return false;
  const words = m[1].split(/_|(?=[A-Z][a-z])/).filter(Boolean);
  return words.length > 0 && words.every((w) => /^[A-Z]?[a-z]{2,}$/.test(w) || /^[A-Z]{2,5}$/.test(w));
}

/**
 * The `generic` assignment rule catches `password = "..."` in any language, so it must throw out what
 * code assigns that is not a secret: calls, references, paths, URLs, digests, UUIDs, lockfile integrity.
 */
const genericSecret: Validator = (secret) => {
  if (HEX_DIGEST.test(secret) || UUID.test(secret) || INTEGRITY.test(secret)) return false;
  if (CALL.test(secret) || DOTTED_REFERENCE.test(secret) || INDEX_OR_CALL_REFERENCE.test(secret)) return false;
  if (IDENTIFIER_WITHOUT_DIGITS.test(secret) || BOOLEAN_OR_TYPE.test(secret)) return false;
  // Unquoted values run up to the next space, so `fn(token: GITHUB_TOKEN)` brings its closing bracket.
  const bare = secret.replace(/[)\]}]+$/, '');
  if (CODE_EXPRESSION.test(bare) || isIdentifierWords(bare) || CONSTANT_NAME.test(bare)) return false;
  if (PATH.test(secret) || URL_WITHOUT_CREDENTIALS.test(secret)) return false;
  // Real secrets mix character classes; prose-like values (`correct horse`) are already cut at spaces.
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(secret)).length;
  return classes >= 2;
};

/** The password part of a URI or connection string: not empty, not a reference, not a mask. */
const password: Validator = (secret) => {
  if (secret.length < 4) return false;
  // Template references the placeholder filter may not see when a rule opts out of it.
  if (/^(?:\$\{|\$\(|\$[A-Za-z_]\w*$|%\(|%[A-Za-z_]\w*%$|\{\{|<)/.test(secret)) return false;
  return !/^(?:password|passwd|pass|pwd|secret|root|admin|test|guest|user|changeit|postgres|mysql|mongo|redis|rabbitmq)$/i.test(secret);
};

export const validators: Record<string, Validator> = {
  jwt,
  'key-block': keyBlock,
  'basic-auth-base64': basicAuthBase64,
  base64: base64Value,
  'generic-secret': genericSecret,
  password,
};
