/**
 * The blast radius of a GitLab access token, read with the token itself: its scopes and expiry
 * (`GET /personal_access_tokens/self`), its user (`GET /user`: a bot for project and group access
 * tokens, an administrator flag when GitLab shows it), and the projects and groups that user is a member
 * of (`GET /projects?membership=true`, `GET /groups?min_access_level=10`; counted from `X-Total`).
 */
import { emptyAnalysis, gapLine, listed, MAX_LISTED } from '../analysis.js';
import { refused, unknown, type Analysis, type Credential, type Outcome, type ProviderContext, type Risk } from '../contract.js';
import { rejection, type JsonResponse } from '../http.js';
import { gitlabCall, gitlabWeb, readSelf } from './api.js';

const ADMIN_SCOPES = ['sudo', 'admin_mode'];
const WRITE_SCOPE = /^(?:api|write_|create_runner|manage_runner|k8s_proxy|self_rotate)/;

interface Membership {
  names: string[];
  total: number;
}

/** A listing's names (by `field`) and its size from X-Total, else the page's length. */
async function memberships(cred: Credential, ctx: ProviderContext, path: string, field: string, what: string, gaps: string[]): Promise<Membership | null> {
  const answer = await gitlabCall(ctx, cred.secret, { method: 'GET', path });
  const res: JsonResponse | null = answer.state === 'ok' ? answer.value : null;
  if (res === null || res.status !== 200 || !Array.isArray(res.body)) {
    const failure = answer.state !== 'ok' ? answer : res && res.status !== 200 ? rejection('GitLab', `GET ${path}`, res, '', [cred.secret]) : unknown('unexpected-answer', 'not a list');
    if (failure.state !== 'ok') gaps.push(gapLine(what, failure));
    return null;
  }
  const names = (res.body as Record<string, unknown>[]).map((item) => String(item[field] ?? item.id ?? '?'));
  const total = Number(res.headers.get('x-total'));
  return { names, total: Number.isFinite(total) && res.headers.get('x-total') !== null ? total : names.length };
}

function riskOf(scopes: string[], isAdmin: boolean): Risk {
  if (isAdmin || scopes.some((s) => ADMIN_SCOPES.includes(s))) return 'critical';
  if (scopes.some((s) => WRITE_SCOPE.test(s))) return 'high';
  return scopes.some((s) => s.startsWith('read_') && s !== 'read_user') ? 'medium' : 'low';
}

export async function analyzeGitlabToken(cred: Credential, ctx: ProviderContext): Promise<Outcome<Analysis>> {
  const self = await readSelf(cred, ctx);
  if (self.state !== 'ok') return self.code === 'invalid-credential' ? refused(self.code, `not live: ${self.message}`) : self;
  const info = self.value;
  if (!info.active || info.revoked) return refused('inactive', `not live: GitLab token "${info.name}" is revoked or expired`);
  const gaps: string[] = [];
  const userAnswer = await gitlabCall(ctx, cred.secret, { method: 'GET', path: '/user' });
  const user = userAnswer.state === 'ok' && userAnswer.value.status === 200 ? (userAnswer.value.body as { username?: unknown; bot?: unknown; is_admin?: unknown }) : null;
  if (user === null) {
    const failure = userAnswer.state !== 'ok' ? userAnswer : rejection('GitLab', 'GET /user', userAnswer.value, '', [cred.secret]);
    if (failure.state !== 'ok') gaps.push(gapLine('the token\'s user', failure));
  }
  const bot = user?.bot === true;
  const isAdmin = user?.is_admin === true;
  const projects = await memberships(cred, ctx, '/projects?membership=true&simple=true&per_page=20', 'path_with_namespace', 'projects', gaps);
  const groups = await memberships(cred, ctx, '/groups?min_access_level=10&per_page=20', 'full_path', 'groups', gaps);
  const admin = info.scopes.filter((s) => ADMIN_SCOPES.includes(s));
  const owner = typeof user?.username === 'string' ? user.username : `user #${info.user_id}`;
  const summary = [
    `${bot ? 'bot user' : 'user'}: ${owner}${bot ? ' (a project or group access token)' : ''}`,
    `scopes: ${info.scopes.join(', ') || 'none'}`,
    `admin: ${isAdmin ? 'yes (instance administrator)' : admin.length ? `yes (${admin.join(', ')})` : user === null ? 'unknown' : 'no'}`,
    ...(projects ? [`projects: ${projects.total}${projects.names.length ? ` (${listed(projects.names)})` : ''}`] : []),
    ...(groups ? [`groups: ${groups.total}${groups.names.length ? ` (${listed(groups.names)})` : ''}`] : []),
  ];
  const value: Analysis = {
    ...emptyAnalysis(bot ? 'GitLab project or group access token' : 'GitLab personal access token'),
    principal: owner,
    account: gitlabWeb(ctx.env),
    summary,
    permissions: {
      admin: isAdmin || admin.length > 0 ? true : user === null ? null : false,
      write: info.scopes.some((s) => WRITE_SCOPE.test(s)),
      grants: info.scopes,
      wildcards: [],
      services: [],
    },
    resources: {
      items: [...(groups?.names ?? []).map((g) => `group ${g}`), ...(projects?.names ?? []).map((p) => `project ${p}`)].slice(0, MAX_LISTED),
      counts: [...(projects ? [{ kind: 'projects', count: projects.total }] : []), ...(groups ? [{ kind: 'groups', count: groups.total }] : [])],
    },
    expiresAt: info.expires_at,
    risk: riskOf(info.scopes, isAdmin),
    gaps,
  };
  return { state: 'ok', value };
}
