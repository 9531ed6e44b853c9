/**
 * Sentry organization auth tokens (`sntrys_<base64 JSON>_<secret>`): the token names its own
 * organization and issue time in its readable part, the operator's token lists that organization's
 * active tokens (`GET /api/0/organizations/{org}/org-auth-tokens/`, with each token's last four
 * characters and creation date) and revokes the one that matches both. sentry.io accepts that only from
 * an OAuth application token with `org:tokens` (personal and organization tokens get 403), which is
 * what `SENTRY_AUTH_TOKEN` must then hold. A self-hosted Sentry is reached with `SENTRY_API_URL`.
 *
 * User auth tokens (`sntryu_`) have no such API: Sentry manages them only from a signed-in session,
 * so they keep the console steps.
 */
import { expandTemplate } from '../../../rules/fake-secret.js';
import { field } from '../../../verify/validator.js';
import { ok, refused } from '../../contract.js';
import type { RevocationRow } from '../row.js';
import { onlyMatch } from './hints.js';
import { alreadyInvalid, denialOf, tail } from './shared.js';

/** How far a token's listed creation date may be from the issue time inside it, in seconds. */
const CREATED_SLACK = 120;

interface Payload {
  org: string;
  /** Issue time, seconds since the epoch. */
  iat: number | null;
  /** The host of the Sentry that issued it, for messages only (never where a call goes). */
  host: string | null;
}

/** The readable part of an org auth token; null when it is not one. */
export function sentryTokenPayload(secret: string): Payload | null {
  const body = /^sntrys_([A-Za-z0-9+/=]+)_[A-Za-z0-9+/]+$/.exec(secret)?.[1];
  if (!body) return null;
  try {
    const json = JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as Record<string, unknown>;
    const org = typeof json.org === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(json.org) ? json.org : null;
    if (!org) return null;
    const host = typeof json.url === 'string' ? safeHost(json.url) : null;
    return { org, iat: typeof json.iat === 'number' && Number.isFinite(json.iat) ? json.iat : null, host };
  } catch {
    return null;
  }
}

function safeHost(url: string): string | null {
  try {
    const host = new URL(url).host;
    return /^[A-Za-z0-9.-]+(:\d+)?$/.test(host) ? host : null;
  } catch {
    return null;
  }
}

const tokensPath = (org: string): string => `/api/0/organizations/${encodeURIComponent(org)}/org-auth-tokens/`;

export const SENTRY_ROW: RevocationRow = {
  provider: 'sentry',
  title: 'Sentry',
  rules: ['sentry-org-auth-token'],
  base: 'https://sentry.io',
  envVar: 'SENTRY_API_URL',
  // Only to tell a revoked token from one another Sentry server issued, when none is listed.
  leakedAuth: { kind: 'bearer' },
  operator: {
    env: ['SENTRY_AUTH_TOKEN'],
    auth: { kind: 'bearer' },
    needs: 'may manage the organization\'s auth tokens (on sentry.io: an OAuth application token with org:tokens and org:write)',
  },
  reversible: false,
  effect: 'revoke the organization auth token',
  async locate(call, cred) {
    const payload = sentryTokenPayload(cred.secret);
    if (!payload) return refused('ambiguous', 'this Sentry org auth token does not say which organization it belongs to: revoke it in the console (Settings → Auth Tokens)');
    const label = 'GET /api/0/organizations/{org}/org-auth-tokens/';
    const listed = await call({ method: 'GET', path: tokensPath(payload.org), label });
    if (listed.state !== 'ok') return listed;
    if (listed.value.status === 404) return refused('not-owner', `the operator's token cannot see the Sentry organization the token names (HTTP 404): use a token of a member of that organization`);
    if (listed.value.status !== 200 || !Array.isArray(listed.value.body)) return denialOf('Sentry', label, listed.value);
    const last4 = cred.secret.slice(-4);
    const issued = payload.iat;
    const close = (token: unknown): boolean => {
      const created = Date.parse(field(token, 'dateCreated') ?? '');
      return issued === null || Number.isNaN(created) || Math.abs(created / 1000 - issued) <= CREATED_SLACK;
    };
    const match = onlyMatch((listed.value.body as unknown[]).filter((token) => field(token, 'tokenLastCharacters') === last4 && close(token)));
    if (match.kind === 'many') return refused('ambiguous', `${match.count} active tokens of the organization end with the same characters and were created together: revoke it in the console by its name`);
    if (match.kind === 'none') {
      const check = await call({ method: 'GET', path: '/api/0/auth/validate/', as: 'leaked' });
      if (check.state === 'ok' && (check.value.status === 401 || check.value.status === 403)) return alreadyInvalid('Sentry', `/api/0/auth/validate/ answered ${check.value.status}`);
      const where = payload.host ? ` (it was issued by ${payload.host}: set SENTRY_API_URL to that server)` : '';
      return refused('ambiguous', `no active token of the organization matches the leaked one${where}`);
    }
    const id = field(match.item, 'id');
    if (!id) return refused('unexpected-answer', 'Sentry listed the token without an id: revoke it in the console');
    const name = field(match.item, 'name');
    return ok({ id, label: `org auth token ${tail(id)}${name ? ` "${name}"` : ''}`, owner: null, account: payload.org, params: { org: payload.org } });
  },
  revoke: (call, target) =>
    call({ method: 'DELETE', path: `${tokensPath(target.params!.org!)}${encodeURIComponent(target.id)}/`, label: 'DELETE /api/0/organizations/{org}/org-auth-tokens/{id}/', write: true }),
  sample: {
    secret(seed) {
      const iat = 1735689600 + (parseInt(expandTemplate('$[digits:6]', seed), 10) % 86400);
      const payload = JSON.stringify({ iat, url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: 'acme-ci' });
      return `sntrys_${Buffer.from(payload).toString('base64').replace(/=+$/, '')}_${expandTemplate('$[b64:43]', seed)}`;
    },
    routes(secret) {
      const { iat } = sentryTokenPayload(secret)!;
      const created = new Date((iat ?? 0) * 1000).toISOString();
      const last4 = secret.slice(-4);
      const other = `${last4[0] === 'Q' ? 'R' : 'Q'}${last4.slice(1)}`;
      return [
        {
          method: 'GET', path: tokensPath('acme-ci'), auth: 'operator',
          body: [
            { id: '7', name: 'old uploads', scopes: ['org:ci'], tokenLastCharacters: other, dateCreated: '2024-05-01T08:00:00.000000Z', dateLastUsed: null },
            { id: '12', name: 'CI release uploads', scopes: ['org:ci'], tokenLastCharacters: last4, dateCreated: created, dateLastUsed: null },
          ],
        },
        { method: 'DELETE', path: `${tokensPath('acme-ci')}12/`, auth: 'operator', status: 204, revokes: true },
      ];
    },
  },
};
