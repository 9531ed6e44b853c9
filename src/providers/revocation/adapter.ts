/**
 * The adapter of a family in the revocation table: revoke and rotate through its row; verify through
 * the validator table; identify, analyze and evidence from the family's verify-only spec where it has
 * one, else identify from the row's read-only locate (which needs the operator's credential).
 */
import { checkWithRow } from '../../verify/check.js';
import { validatorFor } from '../../verify/validators/index.js';
import { ok, unknown, type Credential, type Outcome, type ProviderAdapter, type ProviderContext } from '../contract.js';
import { consoleEntryFor, manualStepFor } from '../consoles.js';
import { createVerifyOnlyAdapter } from '../verify-only/index.js';
import type { VerifySpec } from '../verify-only/specs.js';
import { locateWithRow, revokeWithRow, rotateWithRow } from './engine.js';
import type { RevocationRow } from './row.js';

export function createTableAdapter(row: RevocationRow, spec: VerifySpec | undefined): ProviderAdapter {
  const entry = consoleEntryFor(row.provider);
  const base = spec ? createVerifyOnlyAdapter(spec) : null;
  const covered = (cred: Credential): boolean => row.rules.includes(cred.finding.rule);

  return {
    id: row.provider,
    title: row.title,
    async identify(cred, ctx) {
      if (base) return base.identify(cred, ctx);
      const located = await locateWithRow(row, cred, ctx, false);
      if (located.state !== 'ok') return located.state === 'refused' ? unknown(located.code, located.message) : located;
      const { target } = located.value;
      return ok({ owner: target.owner ?? null, account: target.account ?? null, scopes: [], keyId: cred.finding.redacted, details: { key: target.label } });
    },
    async verify(cred, ctx) {
      if (base) return base.verify(cred, ctx);
      const validator = validatorFor(cred.finding.rule);
      if (validator?.kind !== 'row') return unknown('manual', `${row.title} has no read-only check for a ${cred.finding.rule} credential`);
      const verdict = await checkWithRow(validator.row, cred.secret, cred.pair?.secret, ctx);
      if (verdict.state === 'unknown') return unknown(verdict.code ?? 'unexpected-answer', verdict.detail);
      return ok({ live: verdict.state === 'live', detail: verdict.detail });
    },
    ...(base?.analyze ? { analyze: base.analyze } : {}),
    evidence: (cred, ctx) => (base ? base.evidence(cred, ctx) : Promise.resolve(unknown('no-api', `${row.title} reports no last use through its API: check its audit or usage pages`))),
    async revoke(cred, ctx, opts) {
      if (!covered(cred)) return base ? base.revoke(cred, ctx, opts) : manualRefusal(row, cred);
      return revokeWithRow(row, cred, ctx, opts);
    },
    ...(row.rotate
      ? { rotate: (cred: Credential, ctx: ProviderContext, opts: Parameters<NonNullable<ProviderAdapter['rotate']>>[2]) => (covered(cred) ? rotateWithRow(row, cred, ctx, opts) : manualRefusal(row, cred)) }
      : {}),
    // The console page stays offered: a denied operator or an ambiguous key ends there.
    manualSteps: (cred) => [manualStepFor(entry, cred)],
  };
}

async function manualRefusal<T>(row: RevocationRow, cred: Credential): Promise<Outcome<T>> {
  return { state: 'refused', code: 'manual', message: `${row.title} has no API spillkit uses for a ${cred.finding.rule} credential: see the manual steps` };
}
