/**
 * The public half of a leaked private key, as an SSH public key blob and its SHA256 fingerprint (the
 * form `ssh-keygen -lf`, GitHub and authorized_keys audits show). Computed in process, no network: an
 * OpenSSH private key file carries its public key in clear ahead of the (possibly encrypted) private
 * part; a PEM key (PKCS#1, SEC1, PKCS#8) is read by node:crypto. Null when the key cannot be read.
 */
import { createHash, createPublicKey } from 'node:crypto';

export interface PublicKey {
  /** `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`... */
  type: string;
  blob: Buffer;
  /** `SHA256:…`, unpadded base64 as ssh-keygen prints it. */
  fingerprint: string;
}

const fingerprintOf = (blob: Buffer): string => `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;

function sshString(value: Buffer | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** An SSH mpint: big-endian, a leading zero when the top bit is set. */
function mpint(value: Buffer): Buffer {
  let bytes = value;
  while (bytes.length > 1 && bytes[0] === 0 && (bytes[1]! & 0x80) === 0) bytes = bytes.subarray(1);
  return sshString(bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function readOpenSsh(text: string): Buffer | null {
  const body = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text)?.[1];
  if (!body) return null;
  const data = Buffer.from(body.replace(/\\n|\s/g, ''), 'base64');
  const magic = Buffer.from('openssh-key-v1\0');
  if (!data.subarray(0, magic.length).equals(magic)) return null;
  let at = magic.length;
  const next = (): Buffer | null => {
    if (at + 4 > data.length) return null;
    const length = data.readUInt32BE(at);
    if (length > data.length - at - 4) return null;
    const value = data.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    return value;
  };
  for (let i = 0; i < 3; i++) if (!next()) return null; // cipher, kdf, kdf options
  if (at + 4 > data.length || data.readUInt32BE(at) < 1) return null;
  at += 4;
  return next();
}

function typeOf(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const length = blob.readUInt32BE(0);
  return length <= 64 && length + 4 <= blob.length ? blob.subarray(4, 4 + length).toString('latin1') : null;
}

function readPem(text: string): Buffer | null {
  const pem = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]*?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(text.replace(/\\n/g, '\n'))?.[0];
  if (!pem) return null;
  let jwk: Record<string, string>;
  try {
    jwk = createPublicKey(pem).export({ format: 'jwk' }) as Record<string, string>;
  } catch {
    return null;
  }
  const b = (v: string | undefined): Buffer => Buffer.from(v ?? '', 'base64url');
  if (jwk.kty === 'RSA') return Buffer.concat([sshString('ssh-rsa'), mpint(b(jwk.e)), mpint(b(jwk.n))]);
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return Buffer.concat([sshString('ssh-ed25519'), sshString(b(jwk.x))]);
  const curves: Record<string, string> = { 'P-256': 'nistp256', 'P-384': 'nistp384', 'P-521': 'nistp521' };
  const curve = jwk.kty === 'EC' ? curves[jwk.crv ?? ''] : undefined;
  if (curve) return Buffer.concat([sshString(`ecdsa-sha2-${curve}`), sshString(curve), sshString(Buffer.concat([Buffer.from([4]), b(jwk.x), b(jwk.y)]))]);
  return null;
}

export function publicKeyOf(privateKeyText: string): PublicKey | null {
  const blob = readOpenSsh(privateKeyText) ?? readPem(privateKeyText);
  const type = blob ? typeOf(blob) : null;
  return blob && type ? { type, blob, fingerprint: fingerprintOf(blob) } : null;
}

/** The blob of an authorized_keys-style line (`ssh-ed25519 AAAA… comment`), as GitHub lists deploy keys. */
export function blobOfPublicLine(line: string): Buffer | null {
  const base64 = line.trim().split(/\s+/)[1];
  return base64 ? Buffer.from(base64, 'base64') : null;
}
