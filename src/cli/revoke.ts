import { SpillkitError } from '../errors.js';
import { joinIncident } from '../incident/session.js';
import { adapterFor } from '../providers/registry.js';
import { terminalSafe } from '../report/safe-text.js';
import { parseCommandArgs } from './args.js';
import { describeOutcome, formatManualSteps, loadCredential, providerContext, providerEnv, showEvidence, showIdentity } from './credential.js';
import { printJson, printNote, printText } from './output.js';
import { confirm } from './prompt.js';

export const REVOKE_HELP = `Usage: spillkit revoke --finding FP [--repo PATH] [--report FILE] [options]

Contains one finding's credential through its provider: shows who owns it and the provider's evidence
(e.g. AWS last use), then revokes it (AWS: the key is made Inactive, which can be undone). The secret is
read back from the git object; it never appears on the command line or in the output.

Options:
  --finding FP        fingerprint from \`spillkit scan\`
  --repo PATH         repository (default: .)
  --report FILE       scan report to take the finding from (default: the latest saved scan)
  --verify            also check whether the credential is live, calling the provider with it
  --quarantine        AWS: also attach the AWSCompromisedKeyQuarantineV2 policy to the key's user
  --use-leaked-key    no admin credentials: let the leaked credential revoke itself (AWS)
  --dry-run           read calls only; say what would be done
  --yes               do not ask for confirmation (required when not on a terminal)
  --json              machine output

Exit codes: 0 revoked, 1 a manual step is left to you, 2 failure or bad input.`;

export async function revokeCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      finding: { type: 'string' },
      repo: { type: 'string' },
      report: { type: 'string' },
      verify: { type: 'boolean' },
      quarantine: { type: 'boolean' },
      'use-leaked-key': { type: 'boolean' },
    },
    'revoke',
  );
  if (values.help) {
    process.stdout.write(`${REVOKE_HELP}\n`);
    return 0;
  }
  const dryRun = values['dry-run'] === true;
  const { repo, credential } = loadCredential(values.repo ?? '.', values.report, values.finding);
  const adapter = adapterFor(credential.finding.provider);
  const session = dryRun ? null : joinIncident(repo, 'revoke');
  const out: string[] = [];
  const result: Record<string, unknown> = { fingerprint: credential.finding.fingerprint, provider: adapter.id, dryRun };
  try {
    const ctx = providerContext(session, dryRun, providerEnv(repo));
    session?.journal.append({ type: 'revoke-started', data: { fingerprint: credential.finding.fingerprint, provider: adapter.id } });
    out.push(`${adapter.title} credential ${terminalSafe(`${credential.finding.redacted} (${credential.finding.rule}, ${credential.finding.path ?? credential.finding.source})`)}`);
    const identity = await adapter.identify(credential, ctx);
    const evidence = await adapter.evidence(credential, ctx);
    out.push(describeOutcome('  identity', identity, showIdentity), describeOutcome('  evidence', evidence, showEvidence));
    // What the provider says about the credential, for the incident report (owner, scopes, last use).
    session?.journal.append({ type: 'provider-facts', data: { fingerprint: credential.finding.fingerprint, provider: adapter.id, identity, evidence } });
    Object.assign(result, { identity, evidence });
    if (values.verify) {
      const live = await adapter.verify(credential, ctx);
      out.push(describeOutcome('  live', live, (l) => `${l.live ? 'LIVE' : 'not live'} (${l.detail})`));
      result.verify = live;
    }
    const manual = adapter.manualSteps(credential);
    if (!dryRun && !values.yes) {
      if (!process.stdin.isTTY) throw new SpillkitError('USAGE', 'revoking changes the provider: pass --yes to confirm when not on a terminal (or --dry-run)');
      printNote(`${out.join('\n')}\n`);
      out.length = 0;
      if (!(await confirm(`Revoke ${credential.finding.redacted} now?`))) {
        session?.journal.append({ type: 'revoke-declined', data: { fingerprint: credential.finding.fingerprint } });
        printNote('not revoked\n');
        return 1;
      }
    }
    const revoked = await adapter.revoke(credential, ctx, { quarantine: values.quarantine, useLeakedCredential: values['use-leaked-key'] });
    result.revoke = revoked;
    out.push(describeOutcome(dryRun ? '  would revoke' : '  revoke', revoked, (r) => `${r.action}${r.reversible ? ' (reversible)' : ''}`));
    session?.journal.append({
      type: revoked.state === 'ok' ? 'revoked' : 'revoke-failed',
      data: { fingerprint: credential.finding.fingerprint, provider: adapter.id, state: revoked.state, ...(revoked.state === 'ok' ? { action: revoked.value.action } : { code: revoked.code }) },
    });
    // No revocation API (manual providers, verify-only ones): the console steps are left to a person.
    const needsPerson = revoked.state === 'refused' && (revoked.code === 'manual' || revoked.code === 'no-api');
    if (manual.length) out.push('Steps in the provider console:', formatManualSteps(manual));
    result.manualSteps = manual;
    if (values.json) printJson(result, 2);
    else printText(`${out.join('\n')}\n`);
    if (revoked.state === 'ok') return 0;
    if (needsPerson) return 1;
    printNote(`spillkit: revoke did not complete: ${terminalSafe(revoked.message)}\n`);
    return 2;
  } finally {
    session?.release();
  }
}
