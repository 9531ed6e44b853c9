/**
 * Adapters for providers that can say whether a key is live but offer no API to revoke it (Stripe,
 * OpenAI, Anthropic...): verify and identify with one read-only call, revoke refused with the exact
 * console page; where the row has one, a read-only analysis (analyze.ts). TruffleHog's reading of the
 * answer: 2xx live, 401 dead, anything else could not tell.
 */
import { ok, refused, unknown, type Credential, type Identity, type Outcome, type ProviderAdapter, type ProviderContext } from '../contract.js';
import { consoleEntryFor, consolePage, manualStepFor } from '../consoles.js';
import { analyzeWithSpec } from './analyze.js';
import { read } from './read.js';
import { VERIFY_SPECS, type VerifySpec } from './specs.js';
import { checkWithRow } from '../../verify/check.js';
import { validatorFor } from '../../verify/validators/index.js';

export function createVerifyOnlyAdapter(spec: VerifySpec): ProviderAdapter {
  const entry = consoleEntryFor(spec.provider);
  const noCall = <T>(cred: Credential): Outcome<T> => unknown('manual', `${spec.title} has no read-only check for a ${cred.finding.rule} credential: check in the console`);

  return {
    id: spec.provider,
    title: spec.title,
    // The live check is the validator table's row for the rule: one answer for `scan --verify` and `revoke`.
    async verify(cred, ctx) {
      const validator = validatorFor(cred.finding.rule);
      if (validator?.kind !== 'row') return noCall(cred);
      const verdict = await checkWithRow(validator.row, cred.secret, cred.pair?.secret, ctx);
      if (verdict.state === 'unknown') return unknown(verdict.code ?? 'unexpected-answer', verdict.detail);
      return ok({ live: verdict.state === 'live', detail: verdict.detail });
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
    ...(spec.analyze ? { analyze: (cred: Credential, ctx: ProviderContext) => analyzeWithSpec(spec, cred, ctx) } : {}),
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
