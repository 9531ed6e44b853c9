/**
 * One read-only call of a verify-only row, read the TruffleHog way: 2xx live, a dead status (401 by
 * default) dead, 403 live but restricted where the row says so, anything else could not tell.
 */
import { ok, unknown, type Credential, type Outcome, type ProviderContext } from '../contract.js';
import { apiBase, callJson, errorText, scrub, type JsonResponse } from '../http.js';
import type { ReadCall, VerifySpec } from './specs.js';

export type Reading = { kind: 'live'; res: JsonResponse; restricted: boolean } | { kind: 'dead'; detail: string };

export async function read(spec: VerifySpec, cred: Credential, ctx: ProviderContext, readCall: ReadCall): Promise<Outcome<Reading>> {
  const label = `GET ${readCall.path.split('?')[0]}`;
  const answer = await callJson(ctx, {
    provider: spec.provider, call: label, method: 'GET', url: `${apiBase(ctx.env, spec.envVar, spec.defaultBase)}${readCall.path}`,
    headers: readCall.headers(cred.secret), idempotent: true, secrets: [cred.secret],
  });
  if (answer.state !== 'ok') return answer;
  const res = answer.value;
  const said = scrub(errorText(res.body), [cred.secret]);
  if ((spec.deadStatuses ?? [401]).includes(res.status)) return ok({ kind: 'dead', detail: `${label} answered ${res.status}${said ? ` (${said})` : ''}` });
  if (res.status >= 200 && res.status < 300) {
    const dead = spec.deadAnswer?.(res);
    return ok(dead ? { kind: 'dead', detail: dead } : { kind: 'live', res, restricted: false });
  }
  if (res.status === 403 && spec.forbiddenIsLive) return ok({ kind: 'live', res, restricted: true });
  return unknown('unexpected-status', `${spec.title} answered ${label} with HTTP ${res.status}${said ? ` (${said})` : ''}`);
}
