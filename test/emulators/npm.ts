import { createHash } from 'node:crypto';
import { fakeSecret } from '../../src/rules/fake-secret.js';
import { bearer, startLoopback, type EmuRequest, type EmuResponse, type Loopback } from './saas.js';

/**
 * A loopback npm registry for whoami and the token API: `GET /-/whoami` (`{"username"}` or 401),
 * `GET /-/npm/v1/tokens` (each entry's `token` is only the first characters of the value, `key` a
 * sha512 hex id; paged by `urls.next`), `DELETE /-/npm/v1/tokens/token/{key}` (204). Accounts with
 * two-factor authentication answer token management with 401 and `WWW-Authenticate: OTP`; a token
 * with `canManageTokens: false` (a granular token) gets 403. `GET /-/user/{name}/package` lists the
 * packages a user may access (`{"name": "read-write" | "read-only"}`), from `packages`.
 */

export interface EmulatedNpmToken {
  secret: string;
  user: string;
  revoked: boolean;
  created: string;
  canManageTokens: boolean;
}

export interface NpmEmulator extends Loopback {
  tokens: EmulatedNpmToken[];
  /** Users whose token management needs a one-time password. */
  otpUsers: Set<string>;
  /** Entries per page of the token list. */
  pageSize: number;
  /** Characters of each token value shown in the list. */
  prefixLength: number;
  /** user -> package -> access, for `/-/user/{name}/package`. */
  packages: Record<string, Record<string, string>>;
}

export function npmToken(seed: string, user = 'alice', extra: Partial<EmulatedNpmToken> = {}): EmulatedNpmToken {
  return { secret: fakeSecret('npm-token', seed), user, revoked: false, created: '2024-05-06T07:08:09.000Z', canManageTokens: true, ...extra };
}

export const tokenKey = (secret: string): string => createHash('sha512').update(secret).digest('hex');

export async function startNpmEmulator(tokens: EmulatedNpmToken[] = []): Promise<NpmEmulator> {
  const state = { otpUsers: new Set<string>(), pageSize: 2, prefixLength: 6 };
  const route = (req: EmuRequest): EmuResponse => {
    const caller = tokens.find((t) => t.secret === bearer(req) && !t.revoked);
    if (!caller) return { status: 401, body: { error: 'Unable to authenticate, need: Bearer' }, headers: { 'www-authenticate': 'Bearer realm="web"' } };
    if (req.method === 'GET' && req.path === '/-/whoami') return { status: 200, body: { username: caller.user } };
    const packages = /^\/-\/user\/([^/]+)\/package$/.exec(req.path);
    if (req.method === 'GET' && packages) {
      const listing = emulator.packages[decodeURIComponent(packages[1])];
      return listing ? { status: 200, body: listing } : { status: 404, body: { error: 'Not found' } };
    }
    if (!req.path.startsWith('/-/npm/v1/tokens')) return { status: 404, body: { error: 'Not found' } };
    if (!caller.canManageTokens) return { status: 403, body: { error: 'This token does not have permission to manage tokens' } };
    if (emulator.otpUsers.has(caller.user) && !req.headers['npm-otp']) {
      return { status: 401, body: { error: 'OTP required for authentication' }, headers: { 'www-authenticate': 'OTP' } };
    }
    const own = tokens.filter((t) => t.user === caller.user && !t.revoked);
    if (req.method === 'GET' && req.path === '/-/npm/v1/tokens') {
      const page = Number(req.query.get('page') ?? '0');
      const slice = own.slice(page * emulator.pageSize, (page + 1) * emulator.pageSize);
      const more = (page + 1) * emulator.pageSize < own.length;
      return {
        status: 200,
        body: {
          objects: slice.map((t) => ({ token: t.secret.slice(0, emulator.prefixLength), key: tokenKey(t.secret), cidr_whitelist: null, readonly: false, automation: false, created: t.created, updated: t.created })),
          total: own.length,
          urls: more ? { next: `/-/npm/v1/tokens?page=${page + 1}&perPage=${emulator.pageSize}` } : {},
        },
      };
    }
    const match = /^\/-\/npm\/v1\/tokens\/token\/([0-9a-f]+)$/.exec(req.path);
    if (req.method === 'DELETE' && match) {
      const target = own.find((t) => tokenKey(t.secret) === match[1]);
      if (!target) return { status: 404, body: { error: 'Token not found' } };
      target.revoked = true;
      return { status: 204 };
    }
    return { status: 404, body: { error: 'Not found' } };
  };
  const loopback = await startLoopback(route);
  const emulator: NpmEmulator = Object.assign(loopback, { tokens, packages: {}, ...state });
  return emulator;
}
