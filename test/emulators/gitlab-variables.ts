import { startLoopback, type EmuRequest, type EmuResponse, type Loopback } from './saas.js';

/**
 * A loopback GitLab REST API (v4) for project CI/CD variables, with GitLab's shapes: a project named by
 * id or by its URL-encoded path, variables keyed by name and environment scope, `filter[environment_scope]`
 * on reads and updates (a duplicate key without it answers 409), masked values validated (8+ characters
 * of the allowed alphabet, else 400), `404 Project Not Found` / `404 Variable Not Found`, 401 for an
 * unknown token and 403 for a token that is not a maintainer of the project.
 */
export interface EmulatedVariable {
  key: string;
  value: string;
  variable_type: 'env_var' | 'file';
  protected: boolean;
  masked: boolean;
  raw: boolean;
  environment_scope: string;
}

export interface EmulatedProject {
  id: number;
  path: string;
  /** Tokens allowed to manage variables. */
  maintainers: string[];
  variables: EmulatedVariable[];
}

export interface GitlabVariablesEmulator extends Loopback {
  apiUrl: string;
  tokens: string[];
  projects: EmulatedProject[];
}

const MASKABLE = /^[A-Za-z0-9+/=@:.~_-]{8,}$/;

export async function startGitlabVariablesEmulator(tokens: string[], projects: EmulatedProject[]): Promise<GitlabVariablesEmulator> {
  const route = (req: EmuRequest): EmuResponse => {
    const token = req.headers['private-token'];
    if (typeof token !== 'string' || !tokens.includes(token)) return { status: 401, body: { message: '401 Unauthorized' } };
    const m = /^\/api\/v4\/projects\/([^/]+)(\/variables(?:\/([^/]+))?)?$/.exec(req.path);
    if (!m) return { status: 404, body: { error: '404 Not Found' } };
    const id = decodeURIComponent(m[1]);
    const project = projects.find((p) => String(p.id) === id || p.path === id);
    if (!project) return { status: 404, body: { message: '404 Project Not Found' } };
    if (!m[2]) return req.method === 'GET' ? { status: 200, body: { id: project.id, path_with_namespace: project.path } } : { status: 405, body: { message: '405 Method Not Allowed' } };
    if (!project.maintainers.includes(token)) return { status: 403, body: { message: '403 Forbidden' } };
    const body = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
    const scope = req.query.get('filter[environment_scope]') ?? (body.filter as { environment_scope?: string } | undefined)?.environment_scope ?? null;
    const key = m[3] ? decodeURIComponent(m[3]) : null;
    const matching = project.variables.filter((v) => v.key === key && (scope === null || v.environment_scope === scope));
    if (key !== null && req.method === 'GET') {
      return matching[0] ? { status: 200, body: { ...matching[0], hidden: false, description: null } } : { status: 404, body: { message: '404 Variable Not Found' } };
    }
    if (key !== null && req.method === 'PUT') {
      if (matching.length > 1) return { status: 409, body: { message: { base: ["There are multiple variables with provided parameters. Please use 'filter[environment_scope]'"] } } };
      const variable = matching[0];
      if (!variable) return { status: 404, body: { message: '404 Variable Not Found' } };
      const next = { ...variable, ...pick(body) };
      if (next.masked && !MASKABLE.test(next.value)) return { status: 400, body: { message: { value: ['is invalid'] } } };
      Object.assign(variable, next);
      return { status: 200, body: variable };
    }
    if (key === null && req.method === 'POST') {
      const created: EmulatedVariable = { key: String(body.key), value: String(body.value), variable_type: 'env_var', protected: false, masked: false, raw: false, environment_scope: '*', ...pick(body) };
      if (project.variables.some((v) => v.key === created.key && v.environment_scope === created.environment_scope)) {
        return { status: 400, body: { message: { key: [`(${created.key}) has already been taken`] } } };
      }
      if (created.masked && !MASKABLE.test(created.value)) return { status: 400, body: { message: { value: ['is invalid'] } } };
      project.variables.push(created);
      return { status: 201, body: created };
    }
    return { status: 405, body: { message: '405 Method Not Allowed' } };
  };
  const loopback = await startLoopback(route);
  return { ...loopback, apiUrl: `${loopback.url}/api/v4`, tokens, projects };
}

function pick(body: Record<string, unknown>): Partial<EmulatedVariable> {
  const out: Partial<EmulatedVariable> = {};
  for (const field of ['value', 'variable_type', 'protected', 'masked', 'raw', 'environment_scope'] as const) {
    if (body[field] !== undefined) (out as Record<string, unknown>)[field] = body[field];
  }
  return out;
}
