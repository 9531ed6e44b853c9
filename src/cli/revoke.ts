import { revoke, type RevokeFacts } from '../api/revoke.js';
import { SpillkitError } from '../errors.js';
import { terminalSafe } from '../report/safe-text.js';
import { parseCommandArgs } from './args.js';
import { describeOutcome, formatManualSteps, showEvidence, showIdentity } from './credential.js';
import { printJson, printNote, printText } from './output.js';
import { confirm, promptHidden } from './prompt.js';

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
  --use-leaked-key    no operator credentials: let the leaked credential revoke itself, where the
                      provider allows it (AWS, Vault, Okta, Slack, npm, ...); journaled as your choice
  --expect-owner NAME refuse unless the provider names this owner or account for the key
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
      'expect-owner': { type: 'string' },
    },
    'revoke',
  );
  if (values.help) {
    process.stdout.write(`${REVOKE_HELP}\n`);
    return 0;
  }
  const dryRun = values['dry-run'] === true;
  const out: string[] = [];
  const result = await revoke({
    finding: values.finding ?? '',
    repo: values.repo,
    report: values.report,
    verify: values.verify,
    quarantine: values.quarantine,
    useLeakedKey: values['use-leaked-key'],
    expectOwner: values['expect-owner'],
    dryRun,
    promptHidden: process.stdin.isTTY ? promptHidden : undefined,
    onFacts: (facts) => out.push(...factLines(facts)),
    confirm: values.yes ? undefined : async (facts) => {
      if (!process.stdin.isTTY) throw new SpillkitError('USAGE', 'revoking changes the provider: pass --yes to confirm when not on a terminal (or --dry-run)');
      printNote(`${out.join('\n')}\n`);
      out.length = 0;
      return confirm(`Revoke ${facts.finding.redacted} now?`);
    },
  });
  if (result.status === 'declined') {
    printNote('not revoked\n');
    return 1;
  }
  const revoked = result.revoke!;
  out.push(describeOutcome(dryRun ? '  would revoke' : '  revoke', revoked, (r) => `${r.action}${r.reversible ? ' (reversible)' : ''}`));
  if (result.manualSteps.length) out.push('Steps in the provider console:', formatManualSteps(result.manualSteps));
  const { status, ...json } = result;
  if (values.json) printJson(json, 2);
  else printText(`${out.join('\n')}\n`);
  if (status === 'revoked') return 0;
  if (status === 'manual') return 1;
  printNote(`spillkit: revoke did not complete: ${terminalSafe(revoked.state === 'ok' ? '' : revoked.message)}\n`);
  return 2;
}

function factLines(facts: RevokeFacts): string[] {
  const f = facts.finding;
  return [
    `${facts.providerTitle} credential ${terminalSafe(`${f.redacted} (${f.rule}, ${f.path ?? f.source})`)}`,
    describeOutcome('  identity', facts.identity, showIdentity),
    describeOutcome('  evidence', facts.evidence, showEvidence),
    ...(facts.verify ? [describeOutcome('  live', facts.verify, (l) => `${l.live ? 'LIVE' : 'not live'} (${l.detail})`)] : []),
  ];
}
