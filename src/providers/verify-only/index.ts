/**
 * Adapters for providers that can say whether a key is live but offer no API to revoke it (Stripe,
 * OpenAI, Anthropic...): verify and identify with one read-only call, revoke refused with the exact
 * console page. TruffleHog's reading of the answer: 2xx live, 401 dead, anything else could not tell.
 */
import { ok, refused, unknown, type Credential, type Identity, type Outcome, type ProviderAdapter, type ProviderContext } from '../contract.js';
import { consoleEntryFor, consolePage, manualStepFor } from '../consoles.js';
import { apiBase, callJson, errorText, scrub, type JsonResponse } from '../http.js';
import { VERIFY_SPECS, type ReadCall, type VerifySpec } from './specs.js';

type Reading = { kind: 'live'; res: JsonResponse; restricted: boolean } | { kind: 'dead'; detail: string };

async function read(spec: VerifySpec, cred: Credential, ctx: ProviderContext, readCall: ReadCall): Promise<Outcome<Reading>> {
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

export function createVerifyOnlyAdapter(spec: VerifySpec): ProviderAdapter {
  const entry = consoleEntryFor(spec.provider);
  const noCall = <T>(cred: Credential): Outcome<T> => unknown('manual', `${spec.title} has no read-only check for a ${cred.finding.rule} credential: check in the console`);

  return {
    id: spec.provider,
    title: spec.title,
    async verify(cred, ctx) {
      const check = spec.check(cred.finding.rule);
      if (!check) return noCall(cred);
      const reading = await read(spec, cred, ctx, check);
      if (reading.state !== 'ok') return reading;
      if (reading.value.kind === 'dead') return ok({ live: false, detail: reading.value.detail });
      return ok({ live: true, detail: reading.value.restricted ? 'authenticated, but restricted from this call (403)' : `${check.path.split('?')[0]} answered ${reading.value.res.status}` });
    },
    async identify(cred, ctx) {
      const identityCall = spec.identityCall?.(cred.finding.rule) ?? spec.check(cred.finding.rule);
      if (!identityCall) return noCall(cred);
      const reading = await read(spec, cred, ctx, identityCall);
      if (reading.state !== 'ok') return reading;
      if (reading.value.kind === 'dead') return refused('invalid-credential', `${spec.title} rejects this credential: ${reading.value.detail}`);
      const { res, restricted } = reading.value;
      const learned = restricted ? {} : (spec.identity?.(res) ?? {});
      const identity: Identity = {
        owner: learned.owner ?? null, account: learned.account ?? null, scopes: learned.scopes ?? [], keyId: cred.finding.redacted,
        details: { ...learned.details, ...(restricted ? { restricted: `may not call ${identityCall.path.split('?')[0]}` } : {}) },
      };
      return ok(identity);
    },
    async evidence() {
      return unknown('no-api', `${spec.title} reports no last use through its API: check the usage or logs pages in the console`);
    },
    async revoke(cred) {
      const page = consolePage(entry, cred.finding.rule);
      return refused('no-api', `${spec.title} has no API to revoke this key: do it at ${page.url ?? 'the console'} (see the manual steps)`);
    },
    manualSteps: (cred) => [manualStepFor(entry, cred)],
  };
}

/** One adapter factory per provider of the table, for the registry. */
export const VERIFY_ONLY_ADAPTERS: Record<string, () => ProviderAdapter> = Object.fromEntries(
  VERIFY_SPECS.map((spec) => [spec.provider, () => createVerifyOnlyAdapter(spec)]),
);
