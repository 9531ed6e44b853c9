import { fakeSecret } from '../../src/rules/fake-secret.js';
import { startLoopback, type EmuRequest, type EmuResponse, type Loopback } from './saas.js';

/**
 * A loopback GitLab REST API (v4) for the token self endpoints and `/user`, with GitLab's shapes:
 * `401 {"message":"401 Unauthorized"}` for a revoked, expired or unknown token, `403 {"message":
 * "403 Forbidden"}` when the token lacks the scope, `204` on self-revoke, the new token on self-rotate
 * (which revokes the old one). Serves under `/api/v4`, so `GITLAB_API_URL` is `${url}/api/v4`.
 * `GET /projects?membership=true` and `GET /groups` list what the token's user is a member of (`X-Total`
 * set, as GitLab does for small collections); they need `api` or `read_api`.
 */

export interface EmulatedGitlabToken {
  id: number;
  secret: string;
  name: string;
  scopes: string[];
  userId: number;
  active: boolean;
  revoked: boolean;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

export interface EmulatedGitlabUser {
  id: number;
  username: string;
  name: string;
  /** The user behind a project or group access token. */
  bot?: boolean;
  /** Shown as `is_admin` (GitLab shows it to administrators only). */
  isAdmin?: boolean;
}

/** A project or group and the ids of its members. */
export interface EmulatedNamespace {
  id: number;
  path: string;
  members: number[];
}

export interface GitlabEmulator extends Loopback {
  apiUrl: string;
  tokens: EmulatedGitlabToken[];
  users: EmulatedGitlabUser[];
  projects: EmulatedNamespace[];
  groups: EmulatedNamespace[];
  /** The `expires_at` each rotate call asked for. */
  rotateRequests: Array<{ expires_at?: string }>;
  /** Tokens of other kinds (deploy, runner, feed...), known to the administrators' token API only. */
  otherTokens: Array<{ id: number; secret: string; name: string; revoked: boolean }>;
}

let nextTokenId = 4000;

export function gitlabToken(seed: string, extra: Partial<EmulatedGitlabToken> = {}): EmulatedGitlabToken {
  return {
    id: nextTokenId++,
    secret: fakeSecret('gitlab-pat', seed),
    name: 'ci-deploy',
    scopes: ['api', 'read_user'],
    userId: 17,
    active: true,
    revoked: false,
    createdAt: '2024-03-01T10:00:00.000Z',
    lastUsedAt: '2025-01-15T08:30:00.000Z',
    expiresAt: '2026-12-31',
    ...extra,
  };
}

const UNAUTHORIZED: EmuResponse = { status: 401, body: { message: '401 Unauthorized' } };
const FORBIDDEN: EmuResponse = { status: 403, body: { message: '403 Forbidden' } };

function tokenJson(entry: EmulatedGitlabToken): Record<string, unknown> {
  return {
    id: entry.id, name: entry.name, revoked: entry.revoked, created_at: entry.createdAt, description: null,
    scopes: entry.scopes, user_id: entry.userId, last_used_at: entry.lastUsedAt, active: entry.active,
    expires_at: entry.expiresAt, last_used_ips: entry.lastUsedAt ? ['203.0.113.7'] : [],
  };
}

export async function startGitlabEmulator(tokens: EmulatedGitlabToken[] = [], users: EmulatedGitlabUser[] = [{ id: 17, username: 'alice', name: 'Alice Example' }]): Promise<GitlabEmulator> {
  const rotateRequests: Array<{ expires_at?: string }> = [];
  let rotations = 0;
  const route = (req: EmuRequest): EmuResponse => {
    if (!req.path.startsWith('/api/v4/')) return { status: 404, body: { error: '404 Not Found' } };
    const path = req.path.slice('/api/v4'.length);
    const secret = req.headers['private-token'];
    const token = tokens.find((t) => t.secret === secret && t.active && !t.revoked);
    if (!token) return UNAUTHORIZED;
    const call = `${req.method} ${path}`;
    if (call === 'GET /personal_access_tokens/self') return { status: 200, body: tokenJson(token) };
    if (call === 'DELETE /personal_access_tokens/self') {
      token.revoked = true;
      token.active = false;
      return { status: 204 };
    }
    if (call === 'POST /personal_access_tokens/self/rotate') {
      if (!token.scopes.includes('api') && !token.scopes.includes('self_rotate')) return FORBIDDEN;
      const request = req.body ? (JSON.parse(req.body) as { expires_at?: string }) : {};
      rotateRequests.push(request);
      token.revoked = true;
      token.active = false;
      const next = gitlabToken(`rotated-${token.id}-${++rotations}`, { ...token, id: token.id + 1000, active: true, revoked: false, lastUsedAt: null, createdAt: new Date().toISOString(), expiresAt: request.expires_at ?? '2099-01-01' });
      tokens.push(next);
      return { status: 200, body: { ...tokenJson(next), token: next.secret } };
    }
    // By id, for the token's owner or an administrator (the operator's path).
    const byId = /^(DELETE|POST) \/personal_access_tokens\/(\d+)(\/rotate)?$/.exec(call);
    if (byId) {
      const target = tokens.find((t) => t.id === Number(byId[2]));
      if (!target || target.revoked) return { status: 404, body: { message: '404 Not Found' } };
      const caller = users.find((u) => u.id === token.userId);
      if (target.userId !== token.userId && !caller?.isAdmin) return FORBIDDEN;
      target.revoked = true;
      target.active = false;
      if (!byId[3]) return { status: 204 };
      const request = req.body ? (JSON.parse(req.body) as { expires_at?: string }) : {};
      rotateRequests.push(request);
      const next = gitlabToken(`rotated-${target.id}-${++rotations}`, { ...target, id: target.id + 1000, active: true, revoked: false, lastUsedAt: null, createdAt: new Date().toISOString(), expiresAt: request.expires_at ?? '2099-01-01' });
      tokens.push(next);
      return { status: 200, body: { ...tokenJson(next), token: next.secret } };
    }
    // The administrators' token API: any kind of token, by value.
    if (call === 'POST /admin/token' || call === 'DELETE /admin/token') {
      if (!users.find((u) => u.id === token.userId)?.isAdmin) return FORBIDDEN;
      const value = (JSON.parse(req.body || '{}') as { token?: string }).token;
      const other = emulator.otherTokens.find((t) => t.secret === value && !t.revoked);
      if (!other) return { status: 404, body: { message: '404 Not Found' } };
      if (call === 'POST /admin/token') return { status: 200, body: { id: other.id, name: other.name, revoked: false } };
      other.revoked = true;
      return { status: 204 };
    }
    if (call === 'GET /user') {
      if (!token.scopes.some((scope) => ['api', 'read_user', 'read_api'].includes(scope))) return FORBIDDEN;
      const user = users.find((u) => u.id === token.userId);
      const admin = user?.isAdmin ? { is_admin: true } : {};
      return user ? { status: 200, body: { id: user.id, username: user.username, name: user.name, state: 'active', bot: user.bot === true, ...admin } } : { status: 404, body: { message: '404 User Not Found' } };
    }
    if (call === 'GET /projects' || call === 'GET /groups') {
      if (!token.scopes.some((scope) => ['api', 'read_api'].includes(scope))) return FORBIDDEN;
      const list = (call === 'GET /projects' ? emulator.projects : emulator.groups).filter((n) => n.members.includes(token.userId));
      const perPage = Number(req.query.get('per_page') ?? '20');
      const field = call === 'GET /projects' ? 'path_with_namespace' : 'full_path';
      return { status: 200, headers: { 'x-total': String(list.length) }, body: list.slice(0, perPage).map((n) => ({ id: n.id, [field]: n.path, name: n.path.split('/').pop() })) };
    }
    return { status: 404, body: { error: '404 Not Found' } };
  };
  const loopback = await startLoopback(route);
  const emulator: GitlabEmulator = { ...loopback, apiUrl: `${loopback.url}/api/v4`, tokens, users, projects: [], groups: [], rotateRequests, otherTokens: [] };
  return emulator;
}
