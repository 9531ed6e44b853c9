import { SpillkitError } from '../../errors.js';
import type { Delivery } from '../contract.js';
import { DEFAULT_GITLAB_API } from '../gitlab/api.js';
import { callJson, type JsonRequest } from '../http.js';
import { answered, entriesFor, ioContext, needEnv, type DeliveryIO, type DeliveryTarget } from './target.js';

/**
 * A GitLab project's CI/CD variable. The operator's token (GITLAB_TOKEN, `api` scope, Maintainer) is
 * sent as PRIVATE-TOKEN to GITLAB_API_URL (or GITLAB_URL/api/v4, else gitlab.com). An existing variable
 * keeps its type, masking, protection and expansion as they were (they are sent back unchanged); a new
 * one is created masked where GitLab can mask the value, unprotected, and raw (no `$` expansion).
 * GitLab's variable API returns the value on reads: spillkit keeps only the attributes and drops it.
 */
type GitlabDelivery = Extract<Delivery, { kind: 'gitlab-variable' }>;

interface VariableAttributes {
  key: string;
  variable_type: string;
  protected: boolean;
  masked: boolean;
  raw: boolean;
  environment_scope: string;
}

function apiUrl(env: NodeJS.ProcessEnv): string {
  const api = env.GITLAB_API_URL?.trim();
  if (api) return api.replace(/\/+$/, '');
  const web = env.GITLAB_URL?.trim();
  return web ? `${web.replace(/\/+$/, '')}/api/v4` : DEFAULT_GITLAB_API;
}

function token(io: DeliveryIO): string {
  return needEnv(io.env, ['GITLAB_TOKEN'], '--to-gitlab-variable', 'an operator token (api scope)');
}

function call(io: DeliveryIO, req: Omit<JsonRequest, 'provider' | 'url' | 'headers'> & { path: string; query?: Record<string, string>; secrets: string[] }) {
  const query = req.query && Object.keys(req.query).length ? `?${new URLSearchParams(req.query)}` : '';
  const { path, query: _q, ...rest } = req;
  return callJson(ioContext(io), {
    ...rest,
    provider: 'gitlab',
    url: `${apiUrl(io.env)}${path}${query}`,
    headers: { 'PRIVATE-TOKEN': req.secrets[0] },
  });
}

const projectPath = (d: GitlabDelivery): string => `/projects/${encodeURIComponent(d.project)}`;
const scopeQuery = (d: GitlabDelivery): Record<string, string> => (d.scope ? { 'filter[environment_scope]': d.scope } : {});

/** The variable's attributes (value dropped), or null when the project has no such variable. */
async function readAttributes(d: GitlabDelivery, key: string, io: DeliveryIO): Promise<VariableAttributes | null> {
  const secret = token(io);
  const what = `could not read GitLab variable ${key} of project ${d.project}`;
  const res = answered(await call(io, { call: 'GET /projects/:id/variables/:key', method: 'GET', path: `${projectPath(d)}/variables/${encodeURIComponent(key)}`, query: scopeQuery(d), idempotent: true, secrets: [secret] }), what, [200, 404], [secret]);
  if (res.status === 404) {
    const said = JSON.stringify(res.body ?? '');
    if (/project/i.test(said)) throw new SpillkitError('IO', `${what}: HTTP 404 project not found (or the token cannot see it)`, { status: 404 });
    return null;
  }
  const body = res.body as Partial<VariableAttributes>;
  return {
    key: String(body.key ?? key),
    variable_type: body.variable_type ?? 'env_var',
    protected: body.protected === true,
    masked: body.masked === true,
    raw: body.raw === true,
    environment_scope: body.environment_scope ?? '*',
  };
}

/** What GitLab accepts as a masked value: 8+ characters of the Base64 alphabet plus @ : . ~ - and similar, no spaces. */
export function maskable(value: string): boolean {
  return value.length >= 8 && /^[A-Za-z0-9+/=@:.~_-]+$/.test(value);
}

export const gitlabVariableTarget: DeliveryTarget<'gitlab-variable'> = {
  kind: 'gitlab-variable',
  parse(spec) {
    const m = /^([^:@\s]+):([A-Za-z0-9_]{1,255})(?:@([^\s:]+))?$/.exec(spec);
    if (!m) throw new SpillkitError('USAGE', `--to-gitlab-variable takes PROJECT:KEY[@SCOPE] (PROJECT an id or group/project path), not '${spec}'`);
    return { kind: 'gitlab-variable', project: m[1], name: m[2], scope: m[3] ?? null };
  },
  async check(d, io) {
    const secret = token(io);
    answered(await call(io, { call: 'GET /projects/:id', method: 'GET', path: projectPath(d), idempotent: true, secrets: [secret] }), `could not read GitLab project ${d.project}`, [200], [secret]);
    const attrs = await readAttributes(d, d.name, io);
    return attrs ? `${this.describe(d)} exists (${flags(attrs)})` : `${this.describe(d)} will be created`;
  },
  async deliver(d, values, io) {
    const secret = token(io);
    const created: string[] = [];
    const entries = entriesFor(d.name, values);
    for (const { entry, value } of entries) {
      const secrets = [secret, value];
      const attrs = await readAttributes(d, entry, io);
      const what = `could not store GitLab variable ${entry} of project ${d.project}`;
      if (attrs) {
        const body = { value, variable_type: attrs.variable_type, protected: attrs.protected, masked: attrs.masked, raw: attrs.raw, ...(d.scope ? { filter: { environment_scope: d.scope } } : {}) };
        answered(await call(io, { call: 'PUT /projects/:id/variables/:key', method: 'PUT', path: `${projectPath(d)}/variables/${encodeURIComponent(entry)}`, json: body, write: true, idempotent: true, secrets }), what, [200], secrets);
      } else {
        const body = { key: entry, value, variable_type: 'env_var', protected: false, masked: maskable(value), raw: true, environment_scope: d.scope ?? '*' };
        answered(await call(io, { call: 'POST /projects/:id/variables', method: 'POST', path: `${projectPath(d)}/variables`, json: body, write: true, idempotent: false, secrets }), what, [201], secrets);
        created.push(entry);
      }
    }
    return { entries: entries.map((e) => e.entry), created };
  },
  async readBack(d, receipt, io) {
    const seen: string[] = [];
    for (const entry of receipt.entries) {
      const attrs = await readAttributes(d, entry, io);
      if (!attrs) throw new SpillkitError('IO', `${this.describe(d)}: GitLab does not list ${entry} after the write`);
      seen.push(`${entry} (${flags(attrs)})`);
    }
    return seen.join('; ');
  },
  describe: (d) => `GitLab CI/CD variable ${d.project}:${d.name}${d.scope ? `@${d.scope}` : ''}`,
  entryName: (d) => d.name,
};

function flags(a: VariableAttributes): string {
  return [a.masked ? 'masked' : 'not masked', a.protected ? 'protected' : 'not protected', `scope ${a.environment_scope}`].join(', ');
}
