/**
 * A validator is one row of data: the read-only HTTPS request that proves a credential of some rules
 * live, and how to read the answer (Kingfisher's `validation` block, TruffleHog's three states). The
 * engine (check.ts) sends it only to the row's fixed base URL, or to the `<PROVIDER>_API_URL` override
 * the operator set; nothing from the scanned text ever chooses the host of a non-self-hosted row.
 */
import type { JsonResponse } from '../providers/http.js';

export type ValidationState = 'live' | 'not-live' | 'unknown';

/** What a finding's `validation` holds (SPEC: `{state, checkedAt, detail}`; `unknown` says why). */
export interface Validation {
  state: ValidationState;
  checkedAt: string;
  detail: string;
}

export interface Verdict {
  state: ValidationState;
  detail: string;
  /** Why it is unknown, as a stable code (`throttled`, `timeout`, `server-error`, `unexpected-status`...). */
  code?: string;
}

/** How the secret travels: a header built from it, HTTP basic, or a query parameter. */
export type Auth =
  | { kind: 'bearer' }
  /** `Authorization: <scheme> <secret>` (`token`, `Bot`, `Key`, `Token token=`...). */
  | { kind: 'scheme'; scheme: string }
  /**
   * `<name>: <prefix><secret>`; with `pairName`, the pair's other half travels in that second header
   * (Datadog's management calls take an application key and, beside it, an API key).
   */
  | { kind: 'header'; name: string; prefix?: string; pairName?: string }
  /** HTTP basic: the secret as user (password empty or `password`), or as password after `user`. */
  | { kind: 'basic'; as: 'user' | 'password'; other?: string }
  /** The pair's two halves as basic user:password (an id and its secret found together). */
  | { kind: 'basic-pair' }
  | { kind: 'query'; name: string }
  /** In the path, where the row's path says `{secret}` (Telegram's `/bot{secret}/getMe`). */
  | { kind: 'path' };

export interface ValidatorRow {
  /** Rule ids (src/rules/data) whose secret this row checks. */
  rules: string[];
  /** Provider id, as in the rules. */
  provider: string;
  title: string;
  /** The provider's fixed API base: https, no trailing slash. */
  base: string;
  /** The endpoint override (`STRIPE_API_URL`), honoured for tests and private clouds. */
  envVar: string;
  method?: 'GET' | 'POST';
  /** Path and query of the least-privileged read-only call (`/v1/me`, `/v2/items?limit=1`). */
  path: string;
  auth: Auth;
  /** Extra fixed headers (an API version). */
  headers?: Record<string, string>;
  /** A POST body, when the provider's "who am I" is a POST (Slack-style RPC). */
  form?: Record<string, string>;
  json?: unknown;
  /** Statuses meaning "not live"; default [401]. */
  deadStatuses?: number[];
  /** 403 means authenticated but not allowed this call: still live. */
  forbiddenIsLive?: boolean;
  /** Needs the paired half (`basic-pair`, or a client id beside a secret). */
  needsPair?: boolean;
  /**
   * Reads a 2xx (or any) answer when the status alone does not say (Slack's `{"ok": false}`); return
   * null to fall back to the status reading. The detail must not quote the secret.
   */
  read?(res: JsonResponse): Verdict | null;
  /** A short safe description of who the answer names, for the detail (`user alice`). */
  who?(res: JsonResponse): string | null;
  /**
   * What the provider answers, where `read` needs more than a status: a live and a dead example. The
   * table test replays them through a loopback emulator, and they show readers the shape `read` expects.
   */
  answers?: { live?: SampleAnswer; dead?: SampleAnswer };
}

export interface SampleAnswer {
  status: number;
  body: unknown;
}

/** A field of a JSON answer as a non-empty string, else null. */
export function field(body: unknown, ...path: string[]): string | null {
  let value: unknown = body;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : null;
}
