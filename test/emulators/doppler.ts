import { bearer, startLoopback, type EmuRequest, type EmuResponse, type Loopback } from './saas.js';

/**
 * A loopback Doppler API (v3) for the delivery target: a config's details, its secret names, and the
 * secrets update call, which answers with every secret's raw and computed value as Doppler does (the
 * client must drop it). Bearer tokens are read-only or read/write; errors come as Doppler's
 * `{"messages": [...], "success": false}`.
 */
export interface DopplerToken {
  token: string;
  write: boolean;
}

export interface DopplerEmulator extends Loopback {
  tokens: DopplerToken[];
  /** `project/config` -> secrets. */
  configs: Map<string, Record<string, string>>;
}

const fail = (status: number, message: string): EmuResponse => ({ status, body: { messages: [message], success: false } });

export async function startDopplerEmulator(tokens: DopplerToken[]): Promise<DopplerEmulator> {
  const configs = new Map<string, Record<string, string>>();
  const route = (req: EmuRequest): EmuResponse => {
    const token = tokens.find((t) => t.token === bearer(req));
    if (!token) return fail(401, 'Invalid Auth token');
    const body = req.body ? (JSON.parse(req.body) as { project?: string; config?: string; secrets?: Record<string, string> }) : {};
    const project = req.query.get('project') ?? body.project ?? '';
    const config = req.query.get('config') ?? body.config ?? '';
    const secrets = configs.get(`${project}/${config}`);
    if (!secrets) return fail(404, 'Could not find requested config');
    const call = `${req.method} ${req.path}`;
    if (call === 'GET /v3/configs/config') return { status: 200, body: { config: { name: config, project, root: true, locked: false }, success: true } };
    if (call === 'GET /v3/configs/config/secrets/names') return { status: 200, body: { names: Object.keys(secrets), success: true } };
    if (call === 'POST /v3/configs/config/secrets') {
      if (!token.write) return fail(403, 'This token does not have access to requested resource');
      Object.assign(secrets, body.secrets ?? {});
      return { status: 200, body: { secrets: Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, { raw: v, computed: v }])), success: true } };
    }
    return fail(404, 'Not found');
  };
  const loopback = await startLoopback(route);
  return { ...loopback, tokens, configs };
}
