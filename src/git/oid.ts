/** Object ids travel as 20-byte buffers on the hot path and as 40-char hex at the edges. */
export const OID_BYTES = 20;

export function oidHex(buf: Uint8Array, offset = 0): string {
  return Buffer.from(buf.buffer, buf.byteOffset + offset, OID_BYTES).toString('hex');
}

export function isOidHex(s: string): boolean {
  return /^[0-9a-f]{40}$/.test(s);
}
