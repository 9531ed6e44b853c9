import { SpillkitError } from '../errors.js';
import { joinIncident } from '../incident/session.js';
import { DELIVERY_KINDS, type Delivery } from '../providers/contract.js';
import { deliveryFromFlags } from '../providers/delivery.js';
import { describeDelivery } from '../providers/delivery-name.js';
import { ownerMismatch } from '../providers/owner-check.js';
import { adapterFor } from '../providers/registry.js';
import { terminalSafe } from '../report/safe-text.js';
import { parseCommandArgs } from './args.js';
import { describeOutcome, formatManualSteps, loadCredential, providerContext, providerEnv, showIdentity } from './credential.js';
import { printJson, printNote, printText } from './output.js';
import { confirm } from './prompt.js';

const TARGET_LINES = DELIVERY_KINDS.map((k) => `  ${k.flag} ${k.argument}\n      ${k.description}\n      credentials: ${k.credentials}`).join('\n');

export const ROTATE_HELP = `Usage: spillkit rotate --finding FP (--to-env-file FILE | --to-github-secret OWNER/REPO:NAME | …one target)
                      [--repo PATH] [--report FILE] [--delete-old] [--use-leaked-key] [--expect-owner NAME] [--dry-run] [--yes] [--json]

Creates the replacement credential, delivers it, and only then retires the old one, so the service
never runs without a working key. The new secret is never printed. Each target changes only the named
entry and is read back (a version or a date, never the value) after the write.

Delivery targets (exactly one):
${TARGET_LINES}

  --delete-old        delete the old credential instead of deactivating it
  --expect-owner NAME refuse unless the provider names this owner or account for the key
  --use-leaked-key    no operator credential: let the leaked credential act itself, where the provider
                      allows it (a database role changing its own password; journalled as your choice)

Exit codes: 0 rotated, 1 a manual step is left to you, 2 failure or bad input.`;

export async function rotateCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      finding: { type: 'string' },
      repo: { type: 'string' },
      report: { type: 'string' },
      ...Object.fromEntries(DELIVERY_KINDS.map((k) => [k.flag.slice(2), { type: 'string' as const }])),
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
  const delivery: Delivery = deliveryFromFlags(values);
  const useLeaked = values['use-leaked-key'] === true;
  const dryRun = values['dry-run'] === true;
  const { repo, credential } = loadCredential(values.repo ?? '.', values.report, values.finding);
  const adapter = adapterFor(credential.finding.provider);
  const session = dryRun ? null : joinIncident(repo, 'rotate');
  const out: string[] = [];
  const result: Record<string, unknown> = { fingerprint: credential.finding.fingerprint, provider: adapter.id, dryRun, delivery: describeDelivery(delivery) };
  try {
    const delivered: string[] = [];
    const ctx = providerContext(session, dryRun, providerEnv(repo), (line) => delivered.push(line));
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
    session?.journal.append({ type: 'rotate-started', data: { fingerprint: credential.finding.fingerprint, provider: adapter.id, delivery: describeDelivery(delivery), ...(useLeaked ? { signedBy: 'leaked-credential' } : {}) } });
    const rotated = await adapter.rotate(credential, ctx, {
      delivery, deleteOld: values['delete-old'] === true, ...(useLeaked ? { useLeakedCredential: true } : {}), expectOwner: values['expect-owner'],
    });
    result.rotate = rotated;
    if (delivered.length) result.deliveries = delivered;
    out.push(...delivered.map((line) => `  ${terminalSafe(line)}`));
    out.push(describeOutcome(dryRun ? '  would rotate' : '  rotate', rotated, (r) => `${r.action}; delivered ${r.delivered.join(', ') || 'nothing'}; old credential ${r.old}`));
    session?.journal.append({
      type: rotated.state === 'ok' ? 'rotated' : 'rotate-failed',
      data: rotated.state === 'ok'
        ? { fingerprint: credential.finding.fingerprint, provider: adapter.id, newKeyId: rotated.value.newKeyId, delivered: rotated.value.delivered, old: rotated.value.old }
        : { fingerprint: credential.finding.fingerprint, provider: adapter.id, state: rotated.state, code: rotated.code },
    });
    // The adapter handed the step to a person (no operator access here): its console steps, exit 1.
    const manual = rotated.state === 'refused' && rotated.code === 'manual';
    if (manual) {
      const steps = adapter.manualSteps(credential);
      result.manualSteps = steps;
      out.push(formatManualSteps(steps));
    }
    if (values.json) printJson(result, 2);
    else printText(`${out.join('\n')}\n`);
    if (rotated.state === 'ok') return 0;
    if (manual) return 1;
    printNote(`spillkit: rotation did not complete: ${terminalSafe(rotated.message)}\n`);
    return 2;
  } finally {
    session?.release();
  }
}
