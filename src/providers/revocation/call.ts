/**
 * The one way a revocation row reaches its provider: the row's base URL (or the operator's override),
 * the chosen credential where the row's auth puts it, and callJson's timeouts, retries and journal.
 * Every secret the call could echo (the leaked key, the operator's token, a new key) is scrubbed.
 */
import { authHeaders } from '../../verify/check.js';
import type { Auth } from '../../verify/validator.js';
import { refused, type Credential, type ProviderContext } from '../contract.js';
import { apiBase, callJson } from '../http.js';
import type { Authority, OperatorCredential, RevocationRow, RowCall, RowRequest } from './row.js';

/** The operator's credential from the environment: the first variable set, and its user part. */
export interface OperatorSecret {
  secret: string;
  user?: string;
  /** The variable it came from, for messages (never its value). */
  variable: string;
}

export function operatorSecret(operator: OperatorCredential | undefined, env: NodeJS.ProcessEnv): OperatorSecret | null {
  if (!operator) return null;
  const variable = operator.env.find((name) => (env[name] ?? '').trim() !== '');
  if (!variable) return null;
  const userVariable = operator.userEnv?.find((name) => (env[name] ?? '').trim() !== '');
  if (operator.userEnv && !userVariable) return null;
  return { secret: env[variable]!.trim(), variable, ...(userVariable ? { user: env[userVariable]!.trim() } : {}) };
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
  const base = apiBase(ctx.env, row.envVar, row.base);
  return async (req: RowRequest) => {
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
      json: req.json,
      form: req.form,
      write: req.write,
      idempotent: req.idempotent ?? req.method !== 'POST',
      secrets,
    });
  };
}

/** A path as journaled: segments that carry an id (a digit, or long) become `{id}`, so no key id lands in the journal. */
export function pathTemplate(path: string): string {
  return path.split('?')[0]!.split('/').map((segment) => (/[0-9%]/.test(segment) || segment.length > 24 ? '{id}' : segment)).join('/');
}
