/**
 * One validator row, sent: the request built from the secret, to the row's base (or the operator's
 * `<PROVIDER>_API_URL` override), read in three states. 2xx live, a dead status not live, 403 live
 * only where the row says so, anything else (429 after retries, 5xx, timeout, network) unknown with the
 * reason kept. The secret is scrubbed from every detail.
 */
import type { ProviderContext } from '../providers/contract.js';
import { apiBase, callJson, errorText, scrub, type JsonResponse } from '../providers/http.js';
import type { Auth, ValidatorRow, Verdict } from './validator.js';

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export function authHeaders(auth: Auth, secret: string, pair: string | undefined): { headers: Record<string, string>; query?: [string, string]; inPath?: string } {
  switch (auth.kind) {
    case 'bearer':
      return { headers: { authorization: `Bearer ${secret}` } };
    case 'scheme':
      return { headers: { authorization: `${auth.scheme} ${secret}` } };
    case 'header':
      return { headers: { [auth.name]: `${auth.prefix ?? ''}${secret}`, ...(auth.pairName && pair ? { [auth.pairName]: pair } : {}) } };
    case 'basic':
      return { headers: { authorization: auth.as === 'user' ? basic(secret, auth.other ?? '') : basic(auth.other ?? '', secret) } };
    case 'basic-pair':
      return { headers: { authorization: basic(pair ?? '', secret) } };
    case 'query':
      return { headers: {}, query: [auth.name, secret] };
    case 'path':
      return { headers: {}, inPath: secret };
  }
}

/** The URL a row calls, with the override applied; exported for the host-pinning test. */
export function rowUrl(row: ValidatorRow, env: NodeJS.ProcessEnv, query?: [string, string], inPath = 'secret'): string {
  // Percent-encode only what a path segment may not hold: `:` stays (Telegram's `123:AA…` tokens).
  const segment = encodeURIComponent(inPath).replace(/%(3A|40|24|26|2B|2C|3B|3D)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const path = row.path.replace('{secret}', segment);
  const url = new URL(`${apiBase(env, row.envVar, row.base)}${path}`);
  if (query) url.searchParams.set(query[0], query[1]);
  return url.toString();
}

function statusVerdict(row: ValidatorRow, res: JsonResponse, label: string, said: string): Verdict {
  if ((row.deadStatuses ?? [401]).includes(res.status)) return { state: 'not-live', detail: `${label} answered ${res.status}${said}` };
  if (res.status >= 200 && res.status < 300) {
    const who = row.who?.(res);
    return { state: 'live', detail: `${label} answered ${res.status}${who ? `: ${who}` : ''}` };
  }
  if (res.status === 403 && row.forbiddenIsLive) return { state: 'live', detail: `${label} answered 403: authenticated, restricted from this call` };
  return { state: 'unknown', code: 'unexpected-status', detail: `${label} answered HTTP ${res.status}${said}` };
}

/** Sends one row's check for `secret` (and `pair`, the other half, where the row needs it). */
export async function checkWithRow(row: ValidatorRow, secret: string, pair: string | undefined, ctx: ProviderContext): Promise<Verdict> {
  if (row.needsPair && !pair) return { state: 'unknown', detail: `${row.title} needs the other half of this credential (not found beside it)` };
  const { headers, query, inPath } = authHeaders(row.auth, secret, pair);
  const url = rowUrl(row, ctx.env, query, inPath);
  // The host is in every detail: a token of a self-hosted or other-region server reads "not live" here.
  const base = new URL(apiBase(ctx.env, row.envVar, row.base));
  const label = `${row.method ?? 'GET'} ${base.host}${base.pathname.replace(/\/+$/, '')}${row.path.split('?')[0]}`;
  const secrets = pair ? [secret, pair] : [secret];
  const answer = await callJson(ctx, {
    provider: row.provider, call: label, method: row.method ?? 'GET', url,
    headers: { ...row.headers, ...headers }, form: row.form, json: row.json, idempotent: true, secrets,
  });
  if (answer.state !== 'ok') return { state: 'unknown', code: answer.code, detail: `${answer.code}: ${answer.message}` };
  const res = answer.value;
  const said = scrub(errorText(res.body), secrets);
  const read = row.read?.(res);
  const verdict = read ?? statusVerdict(row, res, label, said ? ` (${said})` : '');
  return { ...verdict, detail: scrub(verdict.detail, secrets) };
}
