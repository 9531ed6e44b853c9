import { resolve } from 'node:path';
import { SpillkitError } from '../errors.js';
import { joinIncident } from '../incident/session.js';
import type { Delivery } from '../providers/contract.js';
import { parseGithubSecretTarget } from '../providers/delivery.js';
import { describeDelivery } from '../providers/delivery-name.js';
import { ownerMismatch } from '../providers/owner-check.js';
import { adapterFor } from '../providers/registry.js';
import { terminalSafe } from '../report/safe-text.js';
import { parseCommandArgs } from './args.js';
import { describeOutcome, formatManualSteps, loadCredential, providerContext, providerEnv, showIdentity } from './credential.js';
import { printJson, printNote, printText } from './output.js';
import { confirm } from './prompt.js';

export const ROTATE_HELP = `Usage: spillkit rotate --finding FP (--to-env-file FILE | --to-github-secret OWNER/REPO:NAME)
                      [--repo PATH] [--report FILE] [--delete-old] [--dry-run] [--yes] [--json]

Creates the replacement credential, delivers it, and only then retires the old one, so the service
never runs without a working key. The new secret is never printed.

  --to-env-file FILE                 update (or add) just the credential's variables in FILE, atomically,
                                     mode 0600, leaving every other line as it was
  --to-github-secret OWNER/REPO:NAME store it as a GitHub Actions secret (operator token: GITHUB_TOKEN)
  --delete-old                       delete the old credential instead of deactivating it
  --expect-owner NAME                refuse unless the provider names this owner or account for the key
  --use-leaked-key                   no operator credential: let the leaked key create its replacement
                                     (only where the provider allows it; journaled as your choice)

Exit codes: 0 rotated, 1 a manual step is left to you, 2 failure or bad input.`;

export async function rotateCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      finding: { type: 'string' },
      repo: { type: 'string' },
      report: { type: 'string' },
      'to-env-file': { type: 'string' },
      'to-github-secret': { type: 'string' },
      'delete-old': { type: 'boolean' },
      'expect-owner': { type: 'string' },
      'use-leaked-key': { type: 'boolean' },
    },
    'rotate',
  );
  if (values.help) {
    process.stdout.write(`${ROTATE_HELP}\n`);
    return 0;
  }
  const targets = [values['to-env-file'], values['to-github-secret']].filter((v) => v !== undefined);
  if (targets.length !== 1) throw new SpillkitError('USAGE', 'rotate needs exactly one of --to-env-file FILE or --to-github-secret OWNER/REPO:NAME');
  const delivery: Delivery = values['to-env-file'] !== undefined
    ? { kind: 'env-file', file: resolve(values['to-env-file']) }
    : parseGithubSecretTarget(values['to-github-secret']!);
  const dryRun = values['dry-run'] === true;
  const { repo, credential } = loadCredential(values.repo ?? '.', values.report, values.finding);
  const adapter = adapterFor(credential.finding.provider);
  const session = dryRun ? null : joinIncident(repo, 'rotate');
  const out: string[] = [];
  const result: Record<string, unknown> = { fingerprint: credential.finding.fingerprint, provider: adapter.id, dryRun, delivery: describeDelivery(delivery) };
  try {
    const ctx = providerContext(session, dryRun, providerEnv(repo));
    const identity = await adapter.identify(credential, ctx);
    out.push(`${adapter.title} credential ${terminalSafe(credential.finding.redacted)}`, describeOutcome('  identity', identity, showIdentity));
    result.identity = identity;
    const mismatch = ownerMismatch(identity, values['expect-owner']);
    if (mismatch) {
      session?.journal.append({ type: 'rotate-failed', data: { fingerprint: credential.finding.fingerprint, provider: adapter.id, state: 'refused', code: 'owner-mismatch' } });
      throw new SpillkitError('USAGE', `rotate refused: ${mismatch}`);
    }
    if (!adapter.rotate) {
      const steps = adapter.manualSteps(credential);
      result.manualSteps = steps;
      out.push(`${adapter.title} has no rotation API here: rotate it in the console, then deliver the new value yourself.`, formatManualSteps(steps));
      session?.journal.append({ type: 'rotate-manual', data: { fingerprint: credential.finding.fingerprint, provider: adapter.id } });
      if (values.json) printJson(result, 2);
      else printText(`${out.join('\n')}\n`);
      return 1;
    }
    if (!dryRun && !values.yes) {
      if (!process.stdin.isTTY) throw new SpillkitError('USAGE', 'rotating changes the provider: pass --yes to confirm when not on a terminal (or --dry-run)');
      printNote(`${out.join('\n')}\n`);
      out.length = 0;
      const retire = values['delete-old'] ? 'delete' : 'deactivate';
      if (!(await confirm(`Create a new credential, deliver it to ${describeDelivery(delivery)}, then ${retire} ${credential.finding.redacted}?`))) {
        session?.journal.append({ type: 'rotate-declined', data: { fingerprint: credential.finding.fingerprint } });
        return 1;
      }
    }
    session?.journal.append({ type: 'rotate-started', data: { fingerprint: credential.finding.fingerprint, provider: adapter.id, delivery: describeDelivery(delivery) } });
    const rotated = await adapter.rotate(credential, ctx, {
      delivery, deleteOld: values['delete-old'] === true, useLeakedCredential: values['use-leaked-key'] === true, expectOwner: values['expect-owner'],
    });
    result.rotate = rotated;
    out.push(describeOutcome(dryRun ? '  would rotate' : '  rotate', rotated, (r) => `${r.action}; delivered ${r.delivered.join(', ') || 'nothing'}; old credential ${r.old}`));
    session?.journal.append({
      type: rotated.state === 'ok' ? 'rotated' : 'rotate-failed',
      data: rotated.state === 'ok'
        ? { fingerprint: credential.finding.fingerprint, provider: adapter.id, newKeyId: rotated.value.newKeyId, delivered: rotated.value.delivered, old: rotated.value.old }
        : { fingerprint: credential.finding.fingerprint, provider: adapter.id, state: rotated.state, code: rotated.code },
    });
    if (values.json) printJson(result, 2);
    else printText(`${out.join('\n')}\n`);
    if (rotated.state === 'ok') return 0;
    printNote(`spillkit: rotation did not complete: ${terminalSafe(rotated.message)}\n`);
    return 2;
  } finally {
    session?.release();
  }
}
