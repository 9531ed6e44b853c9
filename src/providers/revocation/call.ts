/**
 * The one way a revocation row reaches its provider: the row's base URL (or the operator's override),
 * the chosen credential where the row's auth puts it, and callJson's timeouts, retries and journal.
 * Every secret the call could echo (the leaked key, the operator's token, a new key) is scrubbed.
 */
import { authHeaders } from '../../verify/check.js';
import type { Auth } from '../../verify/validator.js';
import { ok, refused, type Credential, type Outcome, type ProviderContext } from '../contract.js';
import { apiBase, callJson, type JsonResponse } from '../http.js';
import type { Authority, OperatorCredential, RevocationRow, RowCall, RowRequest } from './row.js';

/** The operator's credential from the environment: the first variable set, and its user part. */
export interface OperatorSecret {
  secret: string;
  user?: string;
  /** The variable it came from, for messages (never its value). */
  variable: string;
}

const isSet = (env: NodeJS.ProcessEnv, name: string): boolean => (env[name] ?? '').trim() !== '';

export function operatorSecret(operator: OperatorCredential | undefined, env: NodeJS.ProcessEnv): OperatorSecret | null {
  if (!operator) return null;
  // Paired lists: the first secret variable set whose user variable is set too, so two half-set pairs never mix.
  const paired = operator.userEnv !== undefined && operator.userEnv.length === operator.env.length;
  const at = operator.env.findIndex((name, i) => isSet(env, name) && (!paired || isSet(env, operator.userEnv![i]!)));
  if (at < 0) return null;
  const variable = operator.env[at]!;
  const userVariable = paired ? operator.userEnv![at] : operator.userEnv?.find((name) => isSet(env, name));
  if (operator.userEnv && !userVariable) return null;
  return { secret: env[variable]!.trim(), variable, ...(userVariable ? { user: env[userVariable]!.trim() } : {}) };
}

/**
 * The row's API base: the `<PROVIDER>_API_URL` override, else a self-hosted family's base from the
 * operator's environment (`baseFrom`), else the provider's fixed base. Refused, in one line, when a
 * self-hosted base is unset or is not an http(s) URL (Vault's dev servers answer on plain http).
 */
export function rowBase(row: RevocationRow, env: NodeJS.ProcessEnv): Outcome<string> {
  if (isSet(env, row.envVar)) return ok(apiBase(env, row.envVar, ''));
  if (!row.baseFrom) return row.base ? ok(row.base) : refused('no-base', `${row.title} has no API base`);
  const variable = row.baseFrom.find((name) => isSet(env, name));
  if (!variable) return refused('no-base', `${row.title} runs on your own server: set ${row.baseFrom.join(' or ')} to its address`);
  const value = env[variable]!.trim().replace(/\/+$/, '');
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username || url.password) {
    return refused('bad-base', `${variable} is not an http(s) address without credentials, query or fragment: nothing was sent`);
  }
  return ok(value);
}

/** A row setting from the environment, or the refusal that names its variables. */
export function rowSetting(row: RevocationRow, env: NodeJS.ProcessEnv, name: string): Outcome<string> {
  const setting = row.settings?.[name];
  if (!setting) return refused('unknown-setting', `${row.title}: no setting ${name}`);
  const variable = setting.env.find((v) => isSet(env, v));
  if (!variable) return refused('missing-setting', `set ${setting.env.join(' or ')} to ${setting.what}`);
  return ok(env[variable]!.trim());
}

function signed(auth: Auth, secret: string, user: string | undefined): { headers: Record<string, string>; query?: [string, string] } {
  const { headers, query } = authHeaders(auth, secret, user);
  return { headers, ...(query ? { query } : {}) };
}

/**
 * A RowCall bound to one revocation: `authority` signs calls that do not say otherwise. `extraSecrets`
 * are scrubbed too (a replacement key once created).
 */
export function rowCall(row: RevocationRow, cred: Credential, ctx: ProviderContext, authority: Authority, operator: OperatorSecret | null, extraSecrets: string[] = []): RowCall {
  const resolved = rowBase(row, ctx.env);
  const send = async (req: RowRequest): Promise<Outcome<JsonResponse>> => {
    if (resolved.state !== 'ok') return resolved;
    const base = resolved.value;
    const as = req.as ?? authority;
    const secrets = [cred.secret, ...(cred.pair ? [cred.pair.secret] : []), ...(operator ? [operator.secret] : []), ...extraSecrets];
    let auth: { headers: Record<string, string>; query?: [string, string] } = { headers: {} };
    if (as === 'operator') {
      if (!operator || !row.operator) return refused('no-operator-credential', `${row.title}: no operator credential`);
      auth = signed(row.operator.auth, operator.secret, operator.user);
    } else if (as === 'leaked') {
      if (!row.leakedAuth) return refused('no-leaked-auth', `${row.title}: the leaked key is not used for calls`);
      auth = signed(row.leakedAuth, cred.secret, cred.pair?.secret);
    }
    const url = new URL(`${base}${req.path}`);
    if (auth.query) url.searchParams.set(auth.query[0], auth.query[1]);
    const label = req.label ?? `${req.method} ${pathTemplate(req.path)}`;
    return callJson(ctx, {
      provider: row.provider,
      call: `${label} (as ${as === 'none' ? 'nobody' : as === 'leaked' ? 'the leaked key' : 'operator'})`,
      method: req.method,
      url: url.toString(),
      headers: { ...row.headers, ...req.headers, ...auth.headers },
      json: req.leakedIn?.json ? { ...(req.json as Record<string, unknown> | undefined), [req.leakedIn.json]: cred.secret } : req.json,
      form: req.leakedIn?.form ? { ...req.form, [req.leakedIn.form]: cred.secret } : req.form,
      write: req.write,
      idempotent: req.idempotent ?? req.method !== 'POST',
      secrets,
    });
  };
  return Object.assign(send, { setting: (name: string) => rowSetting(row, ctx.env, name) });
}

/** A path as journaled: segments that carry an id (a digit, or long) become `{id}`, so no key id lands in the journal. */
export function pathTemplate(path: string): string {
  return path.split('?')[0]!.split('/').map((segment) => (/[0-9%]/.test(segment) || segment.length > 24 ? '{id}' : segment)).join('/');
}
