import { Octokit as OctokitCore } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { RequestError } from '@octokit/request-error';
import type { ProviderContext } from '../contract.js';
import { httpTuning } from '../http.js';

/**
 * The parts of octokit spillkit uses: core (request), pagination, retry and throttling. Not the
 * `octokit` bundle, whose app, OAuth and webhook packages we never call and whose newest releases pull
 * a dependency that declares Node >= 22 (package.json pins the request chain; see README.md).
 */
const Octokit = OctokitCore.plugin(paginateRest, retry, throttling);
export type Octokit = InstanceType<typeof Octokit>;
export { RequestError };

/**
 * The one place that talks HTTP to GitHub: builds octokit clients (retry and throttling plugins
 * included), and turns every answer into a journal line and a three-state failure. A credential never
 * reaches the journal or an error message: messages are scrubbed of the secrets in play.
 */

export interface GithubTuning {
  /** Longest wait a rate limit may ask for before spillkit gives up and says "could not tell" (seconds). */
  maxRetryAfterSeconds?: number;
  /** Retries of one request after a rate limit. */
  rateLimitRetries?: number;
  /** Milliseconds per second of Retry-After and of 5xx back-off (tests may shrink it). */
  retryBaseMs?: number;
}

const DEFAULT_API = 'https://api.github.com';

/** GITHUB_API_URL (GitHub Enterprise style `http://host/api/v3`), else github.com. */
export function apiBaseUrl(env: NodeJS.ProcessEnv): string {
  return (env.GITHUB_API_URL?.trim() || DEFAULT_API).replace(/\/+$/, '');
}

/** The operator's own token, from the places gh and Actions use. Never the leaked one. */
export function operatorToken(env: NodeJS.ProcessEnv): string | undefined {
  return env.GITHUB_TOKEN?.trim() || env.GH_TOKEN?.trim() || undefined;
}

const silentLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** An octokit client; `auth` absent means an unauthenticated request (no Authorization header at all). */
export function makeOctokit(baseUrl: string, auth: string | undefined, tuning: GithubTuning = {}): Octokit {
  const maxWait = tuning.maxRetryAfterSeconds ?? 15;
  const retries = tuning.rateLimitRetries ?? 2;
  const base = tuning.retryBaseMs ?? 1000;
  // Rate limits are retried by the throttling plugin, which honours Retry-After and x-ratelimit-reset;
  // a wait longer than maxWait is not worth stalling an incident for: we give up and say so.
  const onLimit = (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number): boolean =>
    retryCount < retries && retryAfter <= maxWait;
  return new Octokit({
    baseUrl,
    ...(auth ? { auth } : {}),
    userAgent: 'spillkit',
    log: silentLog,
    throttle: { onRateLimit: onLimit, onSecondaryRateLimit: onLimit, retryAfterBaseValue: base },
    // GitHub sends 429 only for secondary rate limits, with their message, so the throttling plugin owns
    // it; the retry plugin backs off on 5xx alone (otherwise a 429 would be retried twice over).
    retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451], retries: 2, retryAfterBaseValue: base },
  });
}

/**
 * A request option that gives each attempt SPILLKIT_HTTP_TIMEOUT_MS to answer: a fetch with its own
 * timeout, so octokit's retries each get the full time and a refused connection still reads as one.
 */
export function attemptTimeout(env: NodeJS.ProcessEnv): { fetch: typeof fetch } {
  const ms = httpTuning(env).timeoutMs;
  return { fetch: (input, init) => fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(ms) }) };
}

export interface CallFailure {
  state: 'refused' | 'unknown';
  code: string;
  message: string;
  /** HTTP status, or null when no answer came back. */
  status: number | null;
}

export interface CallResponse<T> {
  status: number;
  headers: Record<string, string | number | undefined>;
  data: T;
}

export type CallResult<T> = { ok: true; response: CallResponse<T> } | { ok: false; failure: CallFailure };

/**
 * Runs one API call, journals `{provider, call, status}` and classifies a failure. `call` names the
 * route (`GET /user`), never a URL with values in it that could hold a secret.
 */
export async function callGithub<T>(
  ctx: ProviderContext,
  call: string,
  secrets: string[],
  run: () => Promise<CallResponse<T>>,
  note: Record<string, string | number | boolean> = {},
): Promise<CallResult<T>> {
  try {
    const response = await run();
    ctx.record('provider-call', { provider: 'github', call, status: response.status, ...note });
    return { ok: true, response };
  } catch (error) {
    const failure = classifyError(error, secrets);
    ctx.record('provider-call', { provider: 'github', call, status: failure.status ?? 'no-response', outcome: failure.state, code: failure.code, ...note });
    return { ok: false, failure };
  }
}

export function recordSkipped(ctx: ProviderContext, call: string, why: string): void {
  ctx.record('provider-call', { provider: 'github', call, status: 'not-called', reason: why });
}

/** GitHub's answer in three states: refused when GitHub said no, unknown when it could not say. */
export function classifyError(error: unknown, secrets: string[]): CallFailure {
  if (!(error instanceof RequestError)) {
    return { state: 'unknown', code: 'error', message: scrub(errorText(error), secrets), status: null };
  }
  const status = error.status;
  const message = scrub(error.message || `HTTP ${status}`, secrets);
  if (!error.response) {
    const timedOut = /timeout|timed out/i.test(message);
    return { state: 'unknown', code: timedOut ? 'timeout' : 'network', message: `no answer from GitHub: ${message}`, status: null };
  }
  const headers = error.response.headers as Record<string, string | undefined>;
  const limited = status === 429 || (status === 403 && (headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(message)));
  if (limited) {
    const after = headers['retry-after'] ?? resetIn(headers['x-ratelimit-reset']);
    return { state: 'unknown', code: 'rate-limited', message: `GitHub rate limit still hit after retries${after ? ` (retry in ${after} s)` : ''}: ${message}`, status };
  }
  if (status === 401) return { state: 'refused', code: 'bad-credentials', message, status };
  if (status === 403) return { state: 'refused', code: 'forbidden', message, status };
  if (status === 404) return { state: 'refused', code: 'not-found', message, status };
  if (status === 422) return { state: 'refused', code: 'validation-failed', message, status };
  if (status >= 500) return { state: 'unknown', code: 'server-error', message: `GitHub answered ${status}: ${message}`, status };
  return { state: 'unknown', code: `http-${status}`, message, status };
}

function resetIn(reset: string | undefined): string | undefined {
  if (!reset) return undefined;
  const seconds = Math.ceil(Number(reset) - Date.now() / 1000);
  return Number.isFinite(seconds) ? String(Math.max(seconds, 0)) : undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Removes every secret in play from a text bound for a message or the journal, and caps its length. */
export function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join('[REDACTED]');
  return out.length > 300 ? `${out.slice(0, 300)}…` : out;
}

/** A response header as text (octokit lower-cases names). */
export function header(response: CallResponse<unknown>, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return value === undefined ? undefined : String(value);
}
