/**
 * Built-in validators a rule names with `validate:`. Each takes the extracted secret and answers "is this
 * structurally a real credential?". They check shape only (decodes, parses, sensible content), never
 * checksums: spillkit's own fake secrets must pass, and real tokens from older formats too.
 */

import { keyBlockBody } from './key-body.js';

/** `lead` is the secret's line up to the secret (capped): the name it is assigned to, for instance. */
type Validator = (secret: string, lead?: string) => boolean;

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

/**
 * A signed JWT (or JWS/JWE in compact form): a base64url JSON header (any header parameters: `alg`, `typ`,
 * `kid`, `enc`, `jwk`...; a hand-edited header that no longer parses but opens with `{"` counts), a payload that is a
 * JSON object with at least one claim, and a signature. `alg: none` proves nothing and is what tutorials paste.
 */
const jwt: Validator = (secret) => {
  const parts = secret.split('.');
  if (parts.length !== 3) return false;
  const [headerPart, payloadPart, signature] = parts;
  if (!BASE64URL_PART.test(headerPart) || !BASE64URL_PART.test(payloadPart)) return false;
  if (signature === '' || !BASE64URL_PART.test(signature)) return false;
  const payload = decodeJsonObject(payloadPart);
  if (payload === undefined || Object.keys(payload).length === 0) return false;
  const header = decodeJsonObject(headerPart);
  if (header === undefined) return Buffer.from(headerPart, 'base64url').toString('latin1').startsWith('{"');
  return typeof header.alg !== 'string' || header.alg.toLowerCase() !== 'none';
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
const CALL = /^[A-Za-z_$][\w$.]*(?:(?:::|->)[\w$.]+)*\(/;
const DOTTED_REFERENCE = /^[A-Za-z_$][\w$]*(?:(?:\.|\?\.|::|->)[A-Za-z_$][\w$]*)+(?:\(\))?[;,]?$/;
const IDENTIFIER_WITHOUT_DIGITS = /^[A-Za-z_]+$/;
const PATH = /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/;
const URL_WITHOUT_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/i;
const INDEX_OR_CALL_REFERENCE = /^[A-Za-z_$][\w$.]*\[["']?[\w.-]+["']?\]/;
const BOOLEAN_OR_TYPE = /^(?:true|false|null|none|nil|undefined|string|boolean|number|required|optional)$/i;
/** A reference to a variable by its name (`GITHUB_TOKEN`, `DB_PASSWORD`), not a value. */
const CONSTANT_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
/** Code, not a value: an identifier opening a generic type, an index or a call (`Map<Token`, `a[i.len`). */
const CODE_EXPRESSION = /^[A-Za-z_$][\w$.]*(?:(?:::|->)[\w$.]+)*[<[(]/;
/** A parameter list or a lambda (`(credentials) =>`, `|x| x`), not a value. */
const PARAMETERS = /^\(|=>|^\|[\w, ]*\|/;
/** A date or timestamp (`2016-11-18T18:10:42Z`), a version (`v1.2.3`, `2023-10-16`). */
const DATE_OR_VERSION = /^(?:\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?|v?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?)$/i;
/** Regular-expression source (`[A-Za-z0-9]{24,48}`, `(?:…)`, `\d+`): a pattern for secrets, not one. */
const REGEX_SOURCE = /\[[^\]]+\][{*+?]|\(\?[:=!<]|\\[dswbDSWB][{*+?)]/;
/** Resource names that point at a secret store, not a secret: ARNs, URNs, Azure Key Vault and GCP paths. */
const RESOURCE_NAME = /^(?:arn:aws[\w-]*:|urn:|projects\/[\w-]+\/secrets\/|https:\/\/[\w-]+\.vault\.azure\.net\/)/;
/** Encrypted-at-rest values that are safe to commit: sops, ansible-vault, jasypt, Rails/Spring ENC(). */
const CIPHERTEXT = /^(?:ENC\[(?:AES256_GCM|PKCS7),|ENC\(|\$ANSIBLE_VAULT;|AQICAH|vault:v\d+:)/;

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
 * An identifier made of words (`CreateOAuth2TokenRequestBody`, `getAccessKeyInfo`): letters and
 * digits only, camelCase steps, and most letters in lower-case runs of three or more. Random base62
 * scatters its lower-case letters; names keep them in words.
 */
function readsAsIdentifier(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9]{7,}$/.test(value) || /\d{5}/.test(value) || !/[a-z][A-Z]/.test(value)) return false;
  const letters = value.replace(/[^A-Za-z]/g, '').length;
  const inWords = (value.match(/[a-z]{3,}/g) ?? []).reduce((n, w) => n + w.length, 0);
  return inWords >= letters * 0.6 && (value.match(/[a-z]{3,}/g) ?? []).length >= 2;
}

/**
 * The `generic` assignment rule catches `password = "..."` in any language, so it must throw out what
 * code assigns that is not a secret: calls, references, paths, URLs, digests, UUIDs, lockfile integrity.
 */
/** Template and format placeholders a value can start with (`%(password)s`, `{0}`, `$(cat x)`, `#{ENV}`). */
const TEMPLATE_START = /^(?:%\(|%[sdrv]\b|\{|\$\(|#\{|@@|__[A-Z]|\(\()/;
/** Lower-case words joined by `-` or `_` (`shortcut-token`, `x-api-key`): a name or a label. */
const KEBAB_WORDS = /^[a-z]+(?:[-_][a-z]+)+$/;
/** A relative path or route in lower case (`account/reset-password`); random base64 is never all lower case. */
const LOWERCASE_PATH = /^[a-z][a-z0-9_.-]*(?:\/[a-z0-9_.-]+)+\/?$/;
/** The words of documentation passwords once leetspeak and trailing digits or symbols are undone. */
const EXAMPLE_PASSWORD = /^(?:pass(?:word|wd)?|secret|changeme|changeit|letmein|welcome|admin(?:istrator)?|qwerty|test(?:ing)?|hunter|default|root|toor|master|login|guest|user|demo|temp|mypass(?:word)?|mysecret|supersecret|topsecret|foobar|foo|bar|abc|iloveyou|trustno)+$/;

function isExamplePassword(value: string): boolean {
  const letters = value.replace(/[\d\W_]+$/, '').toLowerCase()
    .replace(/0/g, 'o').replace(/[1!|]/g, 'i').replace(/3/g, 'e').replace(/[4@]/g, 'a').replace(/[5$]/g, 's').replace(/7/g, 't')
    .replace(/[^a-z]/g, '');
  return letters.length > 0 && EXAMPLE_PASSWORD.test(letters);
}

/** Names that hold a digest or an id, not a credential (a hex value under them is a hash). */
const DIGEST_NAME = /sha\d*|md5|hash|digest|checksum|commit|etag|fingerprint|integrity|revision|nonce|salt|\bsum\b|crc/i;

const genericSecret: Validator = (secret, lead = '') => {
  if (UUID.test(secret) || INTEGRITY.test(secret)) return false;
  // A hex digest is a hash unless the name it is assigned to says token/secret/key/password.
  if (HEX_DIGEST.test(secret) && (DIGEST_NAME.test(lead.slice(-80)) || !/(?:token|secret|key|pass|pwd|auth|cred)/i.test(lead.slice(-80)))) return false;
  if (CALL.test(secret) || DOTTED_REFERENCE.test(secret) || INDEX_OR_CALL_REFERENCE.test(secret)) return false;
  if (IDENTIFIER_WITHOUT_DIGITS.test(secret) || BOOLEAN_OR_TYPE.test(secret)) return false;
  if (PARAMETERS.test(secret) || DATE_OR_VERSION.test(secret) || CIPHERTEXT.test(secret)) return false;
  if (KEBAB_WORDS.test(secret)) return false;
  if (TEMPLATE_START.test(secret) || LOWERCASE_PATH.test(secret) || isExamplePassword(secret) || RESOURCE_NAME.test(secret) || REGEX_SOURCE.test(secret)) return false;
  // Unquoted values run up to the next space, so `fn(token: GITHUB_TOKEN)` brings its closing bracket.
  const bare = secret.replace(/[)\]}:>{$;,]+$/, '');
  // An array or object literal of names (`[target.token`, `{ token }`), cut at its first comma.
  if (/^[[{(]\s*[A-Za-z_$][\w$.]*\]?$/.test(bare)) return false;
  if (CODE_EXPRESSION.test(bare) || isIdentifierWords(bare) || CONSTANT_NAME.test(bare) || readsAsIdentifier(bare)) return false;
  if (DOTTED_REFERENCE.test(bare) || bare.includes('](')) return false;
  if (PATH.test(secret) || URL_WITHOUT_CREDENTIALS.test(secret)) return false;
  if (spellsItsName(secret, lead) || isConcatenated(secret, lead)) return false;
  // A value that opens with an escaped line break (`"access_key =\nsecret_key ="`, an escape) is
  // the next line of a string: the assignment itself is empty.
  if (/^\\{1,2}[nrt]/.test(secret)) return false;
  // After a comma (`('secret', value)`) only a quoted value is one; a bare word there is an argument.
  if (/,\s*$/.test(lead)) return false;
  // A permission or namespaced action (`iam:CreateAccessKey`, `secretsmanager:GetSecretValue`).
  if (/^[a-z][a-z0-9-]*:[A-Z][A-Za-z0-9]*\*?$/.test(secret)) return false;
  // Real secrets mix character classes; prose-like values (`correct horse`) are already cut at spaces.
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(secret)).length;
  return classes >= 2;
};

const lettersOf = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * A constant that spells its own name (`X_AWS_EC2_METADATA_TOKEN = "x-aws-ec2-metadata-token"`,
 * `PASSWORD_PARAM = "j_password"` is not, but `TOKEN_HEADER = "x-token-header"` is): a header name,
 * a form field or an environment variable name, not a value.
 */
function spellsItsName(secret: string, lead: string): boolean {
  const name = /([A-Za-z_$][\w$.-]*)["'\]]?\s*(?::=|=>|=|:)\s*["'`]?$/.exec(lead)?.[1];
  if (name === undefined) return false;
  const value = lettersOf(secret);
  const key = lettersOf(name);
  return value.length >= 6 && (key.includes(value) || value.includes(key));
}

/** The second fragment of a concatenation (`prefix + "…"`); the pattern refuses a first one. */
function isConcatenated(_secret: string, lead: string): boolean {
  return /[+.]\s*["'`]$/.test(lead);
}

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
