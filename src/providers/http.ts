/**
 * JSON over Node's global fetch for the HTTP adapters: a timeout on every call, retries on 429 (always:
 * the provider did not act) and on 5xx/network errors (only for calls safe to repeat), Retry-After
 * honoured, and every attempt journaled as `provider-call` without the credential or the URL.
 *
 * Answers in the contract's three states: `ok` carries any HTTP answer the adapter must read (200, 401,
 * 404...), `unknown` means the provider could not be heard (throttled or failing after retries, timeout,
 * network error), `refused('dry-run')` means a write call was blocked because nothing may change.
 */
import { ok, refused, unknown, type Outcome, type ProviderContext } from './contract.js';

export interface JsonRequest {
  provider: string;
  /** The call as journaled: method and path template, never a token (`DELETE /personal_access_tokens/self`). */
  call: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Sent as a JSON body. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Changes state at the provider: never sent in dry-run mode. */
  write?: boolean;
  /** Safe to repeat after a 5xx or a lost connection (reads, revocations). A rotation is not. */
  idempotent?: boolean;
  /** Values scrubbed from any message this helper returns (the leaked credential, a new token). */
  secrets?: string[];
  /** Sends the request instead of the global fetch (a cluster API with its own CA and client certificate). */
  transport?: (url: string, init: RequestInit) => Promise<Response>;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, the raw text when the body is not JSON, null when empty. */
  body: unknown;
}

export interface HttpTuning {
  timeoutMs: number;
  /** Extra attempts after the first. */
  retries: number;
  /** First backoff when the provider gives no Retry-After; doubles per attempt. */
  baseDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call answers `unknown('throttled')`. */
  maxRetryDelayMs: number;
}

const DEFAULT_TUNING: HttpTuning = { timeoutMs: 15_000, retries: 3, baseDelayMs: 250, maxRetryDelayMs: 30_000 };

/** Tuning from the environment (`SPILLKIT_HTTP_TIMEOUT_MS`, `SPILLKIT_HTTP_RETRIES`), for slow links and tests. */
export function httpTuning(env: NodeJS.ProcessEnv): HttpTuning {
  const number = (name: string, fallback: number): number => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return {
    ...DEFAULT_TUNING,
    timeoutMs: number('SPILLKIT_HTTP_TIMEOUT_MS', DEFAULT_TUNING.timeoutMs),
    retries: number('SPILLKIT_HTTP_RETRIES', DEFAULT_TUNING.retries),
  };
}

/** An endpoint override (`GITLAB_API_URL`...) or the provider's public API, without a trailing slash. */
export function apiBase(env: NodeJS.ProcessEnv, variable: string, fallback: string): string {
  const value = env[variable]?.trim();
  return (value ? value : fallback).replace(/\/+$/, '');
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Replaces every listed secret in `text`; messages from providers or sockets must never carry one. */
export function scrub(text: string, secrets: readonly string[] = []): string {
  let clean = text;
  for (const secret of secrets) if (secret.length >= 4) clean = clean.split(secret).join('[redacted]');
  return clean.length > 300 ? `${clean.slice(0, 300)}…` : clean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function encodeBody(req: JsonRequest): { body?: string; contentType?: string } {
  if (req.json !== undefined) return { body: JSON.stringify(req.json), contentType: 'application/json' };
  if (req.form !== undefined) return { body: new URLSearchParams(req.form).toString(), contentType: 'application/x-www-form-urlencoded' };
  return {};
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function failureCode(error: unknown): { code: string; message: string } {
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return { code: 'timeout', message: 'the provider did not answer in time' };
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return { code: 'network', message: cause?.code ?? cause?.message ?? (error as Error).message ?? String(error) };
}

/** One call with retries; see the module comment for what each state means. */
export async function callJson(ctx: ProviderContext, req: JsonRequest): Promise<Outcome<JsonResponse>> {
  const journal = (status: number | string, attempt: number): void =>
    ctx.record('provider-call', { provider: req.provider, call: req.call, status, attempt });
  if (req.write && ctx.dryRun) {
    journal('skipped: dry run', 0);
    return refused('dry-run', `dry run: ${req.call} was not sent`);
  }
  const tuning = httpTuning(ctx.env);
  const { body, contentType } = encodeBody(req);
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'spillkit', ...req.headers };
  // A caller may name a more precise type for the same JSON body (Vault's and Kubernetes' merge patches).
  if (contentType && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = contentType;
  const where = `${req.provider} ${req.call}`;

  for (let attempt = 1; ; attempt++) {
    const attemptsLeft = attempt <= tuning.retries;
    const backoff = tuning.baseDelayMs * 2 ** (attempt - 1);
    let response: Response;
    let text: string;
    try {
      response = await (req.transport ?? fetch)(req.url, { method: req.method, headers, body, signal: AbortSignal.timeout(tuning.timeoutMs) });
      text = await response.text();
    } catch (error) {
      const failure = failureCode(error);
      journal(failure.code, attempt);
      if (req.idempotent && attemptsLeft) {
        await sleep(backoff);
        continue;
      }
      return unknown(failure.code, scrub(`${where}: ${failure.message}`, req.secrets));
    }
    journal(response.status, attempt);
    const throttled = response.status === 429;
    const failing = response.status >= 500;
    if (!throttled && !failing) return ok({ status: response.status, headers: response.headers, body: parseBody(text) });

    const waitMs = retryAfterMs(response.headers.get('retry-after')) ?? backoff;
    const mayRetry = attemptsLeft && (throttled || req.idempotent === true) && waitMs <= tuning.maxRetryDelayMs;
    if (mayRetry) {
      await sleep(waitMs);
      continue;
    }
    if (throttled) {
      const asked = response.headers.get('retry-after');
      return unknown('throttled', `${where}: rate limited after ${attempt} attempt(s)${asked ? `; retry after ${asked}s` : ''}`);
    }
    return unknown('server-error', scrub(`${where}: HTTP ${response.status} ${errorText(parseBody(text))}`.trim(), req.secrets));
  }
}

/** The provider's own error words, from the usual JSON shapes. */
export function errorText(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 200);
  if (body === null || typeof body !== 'object') return '';
  const record = body as Record<string, unknown>;
  const error = record.error;
  if (error && typeof error === 'object') {
    const message = (error as Record<string, unknown>).message;
    if (typeof message === 'string') return message;
  }
  for (const field of ['message', 'error_description', 'error', 'detail']) {
    if (typeof record[field] === 'string') return record[field] as string;
  }
  return '';
}

/**
 * The usual reading of an answer that is not a success: 401 the credential is rejected, 403 it may not
 * do this, 404 nothing there, anything else could not be told. `consoleHint` says where to go instead.
 */
export function rejection<T>(provider: string, call: string, res: JsonResponse, consoleHint = '', secrets: string[] = []): Outcome<T> {
  const detail = scrub(errorText(res.body), secrets);
  const said = detail ? ` (${detail})` : '';
  const hint = consoleHint ? `; ${consoleHint}` : '';
  switch (res.status) {
    case 401:
      return refused('invalid-credential', `${provider} rejects this credential${said}: already revoked, expired or never valid${hint}`);
    case 403:
      return refused('forbidden', `${provider} refused ${call}${said}${hint}`);
    case 404:
      return refused('not-found', `${provider} found nothing for ${call}${said}${hint}`);
    default:
      return unknown('unexpected-status', `${provider} answered ${call} with HTTP ${res.status}${said}${hint}`);
  }
}
