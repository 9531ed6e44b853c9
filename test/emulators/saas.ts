import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Credential, Delivery, ProviderContext } from '../../src/providers/contract.js';
import type { Finding } from '../../src/scan/finding.js';

/**
 * Loopback HTTP emulators for the JSON providers (GitLab, Slack, npm, and the verify-only SaaS APIs).
 * `startLoopback(route)` is the shared machinery: a server on 127.0.0.1:0, a call log, and scripted
 * faults (429 with Retry-After, 500, a hang past the client's timeout) served before the route runs.
 * `startSaasEmulator()` below emulates Stripe, OpenAI, Anthropic and Hugging Face, each under its own
 * path prefix: what verify and analyze call (Stripe's account and list endpoints, with restricted keys
 * permitted some of them; OpenAI and Anthropic admin endpoints for admin keys; `/api/whoami-v2`).
 */

export interface EmuRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface EmuResponse {
  status: number;
  /** Serialized as JSON unless a string. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Fault {
  /** Only calls this matches fault (default: any). */
  match?: (req: EmuRequest) => boolean;
  status?: number;
  retryAfter?: string;
  body?: unknown;
  /** Hold the answer this long (a timeout test). */
  delayMs?: number;
  /** How many matching calls it affects (default 1). */
  times?: number;
}

export interface LoggedCall {
  method: string;
  path: string;
  status: number;
  /** Whether the answer came from a scripted fault. */
  fault: boolean;
}

export interface Loopback {
  url: string;
  calls: LoggedCall[];
  faults: Fault[];
  /** Scripts the next matching call(s) to fail. */
  fail(fault: Fault): void;
  close(): Promise<void>;
}

export type Route = (req: EmuRequest) => EmuResponse | Promise<EmuResponse>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, answer: EmuResponse): void {
  const isText = typeof answer.body === 'string';
  const payload = answer.body === undefined ? '' : isText ? (answer.body as string) : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...(payload ? { 'content-type': isText ? 'text/plain' : 'application/json; charset=utf-8' } : {}),
    ...answer.headers,
  });
  res.end(payload);
}

export async function startLoopback(route: Route): Promise<Loopback> {
  const calls: LoggedCall[] = [];
  const faults: Fault[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: EmuRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: await readBody(req) };
      const fault = faults.find((f) => (f.times ?? 1) > 0 && (f.match?.(request) ?? true));
      if (fault) {
        fault.times = (fault.times ?? 1) - 1;
        if (fault.delayMs) await sleep(fault.delayMs);
        const status = fault.status ?? 500;
        calls.push({ method: request.method, path: request.path, status, fault: true });
        if (res.destroyed) return;
        send(res, { status, body: fault.body ?? { message: `${status} emulated fault` }, headers: fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {} });
        return;
      }
      const answer = await route(request);
      calls.push({ method: request.method, path: request.path, status: answer.status, fault: false });
      send(res, answer);
    })().catch((error: unknown) => {
      res.writeHead(599);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    faults,
    fail: (fault) => faults.push(fault),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The bearer token of a request, or null. */
export function bearer(req: EmuRequest): string | null {
  const header = req.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice('Bearer '.length) : null;
}

/** A key of one of the emulated SaaS providers. */
export interface SaasKey {
  secret: string;
  active: boolean;
  /** Stripe restricted keys lacking a permission answer 403, as Stripe does. */
  restricted?: boolean;
  /** Paths a restricted Stripe key may read (`/v1/charges`); the rest answer 403. */
  permits?: string[];
  /** An OpenAI or Anthropic admin key: may call the organisation endpoints. */
  admin?: boolean;
  /** Hugging Face: the `/api/whoami-v2` answer for this token. */
  whoami?: object;
}

export interface SaasState {
  stripe: SaasKey[];
  openai: SaasKey[];
  anthropic: SaasKey[];
  huggingface: SaasKey[];
}

const find = (keys: SaasKey[], secret: string | null | undefined): SaasKey | undefined =>
  keys.find((key) => key.secret === secret && key.active);

function stripe(state: SaasState, req: EmuRequest, path: string): EmuResponse {
  const key = find(state.stripe, bearer(req));
  if (!key) {
    return { status: 401, body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_live_********' } } };
  }
  if (key.restricted && !(key.permits ?? []).includes(path)) {
    return { status: 403, body: { error: { type: 'invalid_request_error', code: 'secret_key_required', message: 'The provided key does not have the required permissions for this endpoint.' } } };
  }
  if (req.method === 'GET' && path === '/v1/balance') {
    return { status: 200, body: { object: 'balance', livemode: true, available: [{ amount: 1250, currency: 'usd' }], pending: [] } };
  }
  if (req.method === 'GET' && ['/v1/charges', '/v1/customers', '/v1/payouts'].includes(path)) {
    return { status: 200, body: { object: 'list', data: [], has_more: false, url: path } };
  }
  if (req.method === 'GET' && path === '/v1/account') {
    return { status: 200, body: { id: 'acct_1EmuLated00000', object: 'account', email: 'billing@example.com', business_profile: { name: 'Example Shop' }, settings: { dashboard: { display_name: 'Example Shop' } } } };
  }
  return { status: 404, body: { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${path}).` } } };
}

function openai(state: SaasState, req: EmuRequest, path: string): EmuResponse {
  const key = find(state.openai, bearer(req));
  if (!key) {
    return { status: 401, body: { error: { message: 'Incorrect API key provided: sk-proj-****. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } };
  }
  if (req.method === 'GET' && path === '/v1/models') {
    return { status: 200, headers: { 'openai-organization': 'org-emulated', 'openai-project': 'proj_emulated' }, body: { object: 'list', data: [{ id: 'gpt-4o', object: 'model', owned_by: 'system' }] } };
  }
  if (req.method === 'GET' && path === '/v1/organization/projects') {
    if (!key.admin) return { status: 403, body: { error: { message: 'Missing scopes: api.management.read', type: 'invalid_request_error', code: null } } };
    return { status: 200, body: { object: 'list', data: [{ id: 'proj_emulated', object: 'organization.project', name: 'Default project', status: 'active' }, { id: 'proj_billing', object: 'organization.project', name: 'Billing', status: 'active' }], has_more: false } };
  }
  return { status: 404, body: { error: { message: 'Invalid URL', type: 'invalid_request_error', code: null } } };
}

function anthropic(state: SaasState, req: EmuRequest, path: string): EmuResponse {
  const apiKey = req.headers['x-api-key'];
  if (req.headers['anthropic-version'] !== '2023-06-01') {
    return { status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } } };
  }
  const key = find(state.anthropic, typeof apiKey === 'string' ? apiKey : null);
  if (!key) {
    return { status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } } };
  }
  if (req.method === 'GET' && path === '/v1/models') {
    return { status: 200, headers: { 'anthropic-organization-id': 'org-emulated-uuid' }, body: { data: [{ type: 'model', id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5' }], has_more: false } };
  }
  if (req.method === 'GET' && path === '/v1/organizations/me') {
    if (!key.admin) return { status: 403, body: { type: 'error', error: { type: 'permission_error', message: 'This endpoint requires an admin API key' } } };
    return { status: 200, body: { id: '12345678-1234-5678-1234-567812345678', name: 'Example Labs', type: 'organization' } };
  }
  return { status: 404, body: { type: 'error', error: { type: 'not_found_error', message: 'Not found' } } };
}

function huggingface(state: SaasState, req: EmuRequest, path: string): EmuResponse {
  const key = find(state.huggingface, bearer(req));
  if (!key) return { status: 401, body: { error: 'Invalid credentials in Authorization header' } };
  if (req.method === 'GET' && path === '/api/whoami-v2') return { status: 200, body: key.whoami ?? { type: 'user', name: 'someone' } };
  return { status: 404, body: { error: 'Sorry, we can\'t find the page you are looking for.' } };
}

export interface SaasEmulator extends Loopback {
  state: SaasState;
  /** Base URL for one provider: point `STRIPE_API_URL` (etc.) at it. */
  base(provider: keyof SaasState): string;
}

export async function startSaasEmulator(state: Partial<SaasState> = {}): Promise<SaasEmulator> {
  const full: SaasState = { stripe: [], openai: [], anthropic: [], huggingface: [], ...state };
  const loopback = await startLoopback((req) => {
    const [, provider, ...rest] = req.path.split('/');
    const path = `/${rest.join('/')}`;
    if (provider === 'stripe') return stripe(full, req, path);
    if (provider === 'openai') return openai(full, req, path);
    if (provider === 'anthropic') return anthropic(full, req, path);
    if (provider === 'huggingface') return huggingface(full, req, path);
    return { status: 404, body: { message: 'no such emulated provider' } };
  });
  return { ...loopback, state: full, base: (provider) => `${loopback.url}/${provider}` };
}

/* Test context: what the CLI hands an adapter, with the journal and deliveries captured. */


export interface RecordingContext extends ProviderContext {
  records: Array<{ type: string; data: Record<string, unknown> }>;
  deliveries: Array<{ delivery: Delivery; values: Record<string, string> }>;
}

/** A context pointed at emulators by `env`, retrying fast (no real Retry-After waits unless a test sets one). */
export function recordingContext(env: Record<string, string>, opts: { dryRun?: boolean; failDelivery?: boolean } = {}): RecordingContext {
  const records: RecordingContext['records'] = [];
  const deliveries: RecordingContext['deliveries'] = [];
  return {
    env: { SPILLKIT_HTTP_TIMEOUT_MS: '2000', ...env },
    dryRun: opts.dryRun ?? false,
    record: (type, data) => records.push({ type, data }),
    deliver: async (delivery, values) => {
      if (opts.failDelivery) throw new Error('disk full');
      deliveries.push({ delivery, values });
    },
    records,
    deliveries,
  };
}

/** A credential as `spillkit revoke` builds it from a finding. */
export function credentialFor(provider: string, rule: string, secret: string): Credential {
  const finding: Finding = {
    fingerprint: `fp-${rule}`, rule, provider, severity: 'critical', confidence: 'high', source: 'blob',
    path: '.env', line: 3, column: 14, commit: 'c0ffee', author: 'Dev', authorEmail: 'dev@example.com',
    date: '2025-01-10T09:00:00.000Z', blob: 'b10b', refs: ['refs/heads/main'], reachable: true, presentAtHead: true,
    redacted: `${secret.slice(0, 4)}…${secret.slice(-3)} (${secret.length} chars)`, secretHash: createHash('sha256').update(secret).digest('hex'), occurrences: 1,
  };
  return { finding, secret };
}

/** The provider-call records, for asserting what was called. */
export function providerCalls(ctx: RecordingContext): Array<Record<string, unknown>> {
  return ctx.records.filter((r) => r.type === 'provider-call').map((r) => r.data);
}
