/**
 * The slice of the GitLab REST API (v4) the adapter uses: the token's self endpoints, authenticated by
 * the leaked token itself with the PRIVATE-TOKEN header. `GITLAB_API_URL` points at a self-managed
 * instance (`https://gitlab.example.com/api/v4`) or a test emulator.
 */
import { ok, unknown, type Credential, type Outcome, type ProviderContext } from '../contract.js';
import { apiBase, callJson, rejection, type JsonResponse } from '../http.js';

export const SELF = '/personal_access_tokens/self';
export const DEFAULT_GITLAB_API = 'https://gitlab.com/api/v4';

/** `GET /personal_access_tokens/self` (and the rotate answer, which adds `token`). */
export interface GitlabTokenInfo {
  id: number;
  name: string;
  scopes: string[];
  user_id: number;
  active: boolean;
  revoked: boolean;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  last_used_ips?: string[];
  token?: string;
}

export function gitlabApi(env: NodeJS.ProcessEnv): string {
  return apiBase(env, 'GITLAB_API_URL', DEFAULT_GITLAB_API);
}

/** The web root behind an API URL, for console links on self-managed instances. */
export function gitlabWeb(env: NodeJS.ProcessEnv): string {
  return gitlabApi(env).replace(/\/api\/v4$/, '');
}

export interface GitlabCall {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  write?: boolean;
  idempotent?: boolean;
  json?: unknown;
}

export function gitlabCall(ctx: ProviderContext, token: string, call: GitlabCall): Promise<Outcome<JsonResponse>> {
  return callJson(ctx, {
    provider: 'gitlab',
    call: `${call.method} ${call.path}`,
    method: call.method,
    url: `${gitlabApi(ctx.env)}${call.path}`,
    headers: { 'PRIVATE-TOKEN': token },
    json: call.json,
    write: call.write,
    idempotent: call.idempotent ?? !call.write,
    secrets: [token],
  });
}

export function isTokenInfo(body: unknown): body is GitlabTokenInfo {
  const info = body as GitlabTokenInfo | null;
  return info !== null && typeof info === 'object' && typeof info.id === 'number' && Array.isArray(info.scopes);
}

/** The token's own details, authenticated by the token itself. */
export async function readSelf(cred: Credential, ctx: ProviderContext): Promise<Outcome<GitlabTokenInfo>> {
  const answer = await gitlabCall(ctx, cred.secret, { method: 'GET', path: SELF });
  if (answer.state !== 'ok') return answer;
  const { status, body } = answer.value;
  if (status === 200 && isTokenInfo(body)) return ok(body);
  if (status === 200) return unknown('unexpected-answer', `gitlab GET ${SELF} answered 200 without token details`);
  return rejection('GitLab', `GET ${SELF}`, answer.value, '', [cred.secret]);
}
