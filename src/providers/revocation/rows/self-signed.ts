/**
 * A minimal self-signed X.509 certificate (DER, signed with SHA-256/RSA), so the Google Cloud row's
 * sample can answer `keys.get` as IAM does (the public half as an X.509 PEM) for a key pair made at run
 * time. Node parses certificates but does not make them; this is only the few fields a parser needs.
 */
import { sign, type KeyObject } from 'node:crypto';

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const sequence = (...parts: Buffer[]): Buffer => tlv(0x30, ...parts);
const SHA256_WITH_RSA = sequence(tlv(0x06, Buffer.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b])), Buffer.from([0x05, 0x00]));
const COMMON_NAME = Buffer.from([0x55, 0x04, 0x03]);

/** A certificate for `publicKey`, signed by `privateKey`, as a PEM block. */
export function selfSignedCertificate(privateKey: KeyObject, publicKey: KeyObject, commonName: string): string {
  const name = sequence(tlv(0x31, sequence(tlv(0x06, COMMON_NAME), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
  const validity = sequence(tlv(0x17, Buffer.from('250101000000Z')), tlv(0x17, Buffer.from('350101000000Z')));
  const tbs = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([0x02]))),
    tlv(0x02, Buffer.from([0x01])),
    SHA256_WITH_RSA,
    name,
    validity,
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = sequence(tbs, SHA256_WITH_RSA, tlv(0x03, Buffer.from([0x00]), signature));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
