import { createHash } from 'node:crypto';
import type { GithubTokenKind } from './token-kind.js';

/**
 * The github.com pages a person uses where the API stops: token settings per kind, the security log,
 * and an organization's audit log filtered to one token. GitHub Enterprise Server serves the same
 * pages on its own host, derived from GITHUB_API_URL.
 */

/** `https://api.github.com` -> `https://github.com`; `http://ghes.local/api/v3` -> `http://ghes.local`. */
export function webBaseUrl(apiBase: string): string {
  const url = new URL(apiBase);
  if (url.hostname === 'api.github.com') return 'https://github.com';
  if (url.hostname.startsWith('api.')) return `${url.protocol}//${url.host.slice(4)}`;
  return `${url.protocol}//${url.host}`;
}

/** Where the owner replaces a token of this kind. */
export function tokenSettingsPage(kind: GithubTokenKind, web = 'https://github.com'): string {
  switch (kind) {
    case 'classic-pat':
      return `${web}/settings/tokens`;
    case 'fine-grained-pat':
      return `${web}/settings/personal-access-tokens`;
    case 'oauth':
      return `${web}/settings/applications`;
    case 'user-to-server':
    case 'refresh':
      return `${web}/settings/apps/authorizations`;
    case 'installation':
      return `${web}/settings/apps`;
    case 'client-secret':
      return `${web}/settings/developers`;
  }
}

/**
 * GitHub's audit log identifies a token's actions by `hashed_token`: base64 of its SHA-256. A one-way
 * hash of a random token, safe to print, and the exact value to search for.
 */
export function hashedToken(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}

export function orgAuditLogPage(org: string, token: string, web = 'https://github.com'): string {
  return `${web}/organizations/${encodeURIComponent(org)}/settings/audit-log?q=${encodeURIComponent(`hashed_token:"${hashedToken(token)}"`)}`;
}

export function securityLogPage(web = 'https://github.com'): string {
  return `${web}/settings/security-log`;
}
