/**
 * Where a self-hosted credential may be checked. The user names a host with `<PROVIDER>_API_URL` (any
 * address: it is their choice); otherwise, only with `--verify-self-hosted`, a URL written near the
 * secret in the scanned text: https only, and only when every address its name resolves to is public,
 * so a crafted repository cannot aim spillkit at the responder's loopback, LAN or cloud metadata service.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** Lines either side of the secret searched for the service's URL. */
const REACH_LINES = 40;
const URL_PATTERN = /\bhttps:\/\/([A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?(?=[/\s"'`<>)\],;]|$)/g;

/** https origins written within a few lines of `line` (1-based), nearest first, each once. */
export function originsNear(text: string, line: number): string[] {
  const lines = text.split('\n');
  const from = Math.max(0, line - 1 - REACH_LINES);
  const to = Math.min(lines.length, line + REACH_LINES);
  const found: { origin: string; distance: number }[] = [];
  for (let i = from; i < to; i++) {
    for (const m of lines[i]!.matchAll(URL_PATTERN)) {
      const port = m[2] && m[2] !== '443' ? `:${m[2]}` : '';
      found.push({ origin: `https://${m[1]!.toLowerCase()}${port}`, distance: Math.abs(i - (line - 1)) });
    }
  }
  found.sort((a, b) => a.distance - b.distance);
  return [...new Set(found.map((f) => f.origin))];
}

/** Loopback, private, link-local (cloud metadata), CGNAT, ULA, unspecified, multicast, reserved. */
export function isNonPublicAddress(address: string): boolean {
  if (isIP(address) === 4) {
    const [a, b] = address.split('.').map(Number) as [number, number];
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 192 && b === 0) || (a === 198 && (b === 18 || b === 19)) || a >= 224;
  }
  const v6 = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
  if (mapped) return isNonPublicAddress(mapped[1]!);
  return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || v6.startsWith('ff') || v6.startsWith('64:ff9b:') || v6.startsWith('2001:db8');
}

export type Resolver = (host: string) => Promise<string[]>;
const systemResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** Null when the origin may be called; else why not. */
export async function refusalOf(origin: string, resolve: Resolver = systemResolver): Promise<string | null> {
  const host = new URL(origin).hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return `${host} is a local name`;
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch (e) {
    return `${host} does not resolve (${(e as NodeJS.ErrnoException).code ?? 'lookup failed'})`;
  }
  if (addresses.length === 0 || addresses.some(isNonPublicAddress)) {
    return `${host} resolves to a private or loopback address; name it yourself with the provider's *_API_URL to check there`;
  }
  return null;
}
