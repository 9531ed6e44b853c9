import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A new database password: 32 characters of [A-Za-z0-9] (190 bits), drawn without modulo bias. Letters
 * and digits only, so it needs no escaping in a URI, an SQL literal, a dotenv line or a shell.
 */
export function newPassword(length = 32): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 * 62: bytes above it would favour the first letters.
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677, PostgreSQL's text form
 * `SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey`), computed here so the clear password never
 * reaches the server, its statement log or pg_stat_statements: ALTER ROLE … PASSWORD takes a verifier
 * as it is, as psql's \password does. For letters and digits SASLprep changes nothing.
 */
export function scramVerifier(password: string, iterations = 4096, salt: Buffer = randomBytes(16)): string {
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
