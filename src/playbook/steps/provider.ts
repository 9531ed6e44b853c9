/**
 * Revoke and rotate steps: each confirmed finding goes through its provider adapter, the same calls as
 * `spillkit revoke` / `spillkit rotate`. Anything that changes the provider is confirmed first and
 * journaled as attempted before the call, so a crash mid-call is visible on resume. Providers without
 * an API become checklist items (the console page and its steps) that a person ticks.
 */
import { SpillkitError } from '../../errors.js';
import type { Credential, Delivery, ManualStep, Outcome, ProviderAdapter, ProviderContext } from '../../providers/contract.js';
import { checkDelivery, deliver } from '../../providers/delivery.js';
import { describeDelivery } from '../../providers/delivery-name.js';
import { addContext } from '../../providers/credential-source.js';
import { intentReader } from '../../providers/intent.js';
import type { Finding, ScanReport } from '../../scan/finding.js';
import { readFindingSecret } from '../../scan/secret-lookup.js';
import { EV, type ProviderAction } from '../journal-events.js';
import { outcomeKey } from '../state.js';
import type { StepContext, StepOutcome } from './context.js';

const PAST: Record<ProviderAction, string> = { revoke: 'revoked', rotate: 'rotated' };

export async function providerStep(ctx: StepContext, action: ProviderAction): Promise<StepOutcome> {
  const report = ctx.report();
  if (!report) throw new SpillkitError('USAGE', `the ${action} step needs the scan step first`);
  const confirmed = ctx.confirmed();
  if (confirmed.length === 0) return { status: 'done', summary: `no confirmed finding to ${action}` };
  const actedOn = new Set<string>();
  for (const finding of confirmed) {
    const status = ctx.state().outcomes[outcomeKey(action, finding.fingerprint)];
    if (status === 'done' || status === 'manual' || (status === 'dry-run' && dryRunFor(ctx))) continue;
    const pair = finding.pairedWith;
    if (pair && (actedOn.has(pair) || ctx.state().outcomes[outcomeKey(action, pair)] === 'done')) {
      // An AWS key id and its secret key are one credential: acting on one acted on both.
      const pairStatus = ctx.state().outcomes[outcomeKey(action, pair)];
      if (pairStatus === 'done') {
        ctx.record(PAST[action], { fingerprint: finding.fingerprint, provider: finding.provider, action: `${PAST[action]} with its pair ${pair}` });
        continue;
      }
      if (pairStatus === 'dry-run') {
        ctx.record(`${action}-dry-run`, { fingerprint: finding.fingerprint, provider: finding.provider, would: `handled with its pair ${pair}` });
        continue;
      }
    }
    await actOn(ctx, action, finding, report);
    actedOn.add(finding.fingerprint);
  }
  return summarize(ctx, action, confirmed);
}

function dryRunFor(ctx: StepContext): boolean {
  return ctx.settings.dryRun || ctx.settings.providerDryRun;
}

async function actOn(ctx: StepContext, action: ProviderAction, finding: Finding, report: ScanReport): Promise<void> {
  const { settings } = ctx;
  const adapter = settings.adapterFor(finding.provider, settings.env);
  const credential = credentialOf(ctx, finding, report);
  const pctx: ProviderContext = {
    env: settings.env,
    dryRun: dryRunFor(ctx),
    record: (type, data) => ctx.record(type, data),
    promptHidden: settings.unattended ? undefined : settings.promptHidden,
    deliver: (delivery: Delivery, values: Record<string, string>) => deliver(delivery, values, { env: settings.env, record: (type, data) => ctx.record(type, data) }),
    checkDelivery: (delivery: Delivery) => checkDelivery(delivery, { env: settings.env, record: (type, data) => ctx.record(type, data) }),
    openIntents: intentReader(() => ctx.entries()),
  };
  const fp = finding.fingerprint;
  const base = { fingerprint: fp, provider: adapter.id };
  const identity = await adapter.identify(credential, pctx);
  const evidence = action === 'revoke' ? await adapter.evidence(credential, pctx) : null;
  ctx.record(EV.providerFacts, {
    ...base,
    identity: facts(identity, (i) => ({ owner: i.owner, account: i.account, keyId: i.keyId, scopes: i.scopes })),
    ...(evidence ? { evidence: facts(evidence, (e) => ({ lastUsed: e.lastUsed, service: e.service, region: e.region, notes: e.notes })) } : {}),
  });
  const owner = identity.state === 'ok' && identity.value.owner ? `, owned by ${identity.value.owner}` : '';
  const what = `${finding.redacted} (${adapter.title}, ${finding.rule} in ${finding.path ?? finding.source}${owner})`;
  const manual = (): void => {
    ctx.record(EV.checklistItemsAdded, { items: manualItems(adapter.manualSteps(credential)).map((text) => ({ text, fingerprint: fp })) });
    ctx.record(`${action}-manual`, { ...base });
    ctx.log(`${what}: no ${action} API; the console steps are on the checklist`);
  };

  if (action === 'revoke') {
    if (!settings.hasRevokeApi(finding.provider)) {
      if (dryRunFor(ctx)) return wouldNeedPerson(ctx, action, base, what, adapter.manualSteps(credential));
      return manual();
    }
    if (dryRunFor(ctx)) {
      const would = await adapter.revoke(credential, pctx, {});
      // What the real run would hand to a person (no API for this credential, no operator access) reads the same here.
      if (would.state === 'refused' && (would.code === 'manual' || would.code === 'no-api')) return wouldNeedPerson(ctx, action, base, what, adapter.manualSteps(credential));
      ctx.record('revoke-dry-run', { ...base, state: would.state, would: would.state === 'ok' ? would.value.action : would.message });
      ctx.log(`${what}: ${would.state === 'ok' ? would.value.action : would.message}`);
      return;
    }
    if (!(await ctx.confirm(`Revoke ${what} now? This changes the provider.`))) {
      ctx.record('revoke-declined', base);
      return;
    }
    ctx.record('revoke-attempt', base);
    const revoked = await adapter.revoke(credential, pctx, {});
    if (revoked.state === 'ok') {
      ctx.record('revoked', { ...base, state: 'ok', action: revoked.value.action, reversible: revoked.value.reversible });
      ctx.log(`${what}: ${revoked.value.action}`);
    } else if (revoked.state === 'refused' && (revoked.code === 'manual' || revoked.code === 'no-api')) {
      manual();
    } else {
      ctx.record('revoke-failed', { ...base, state: revoked.state, code: revoked.code, message: revoked.message });
      ctx.log(`${what}: revoke ${revoked.state === 'refused' ? 'refused' : 'could not tell'}: ${revoked.message}`, 'warn');
    }
    return;
  }

  // rotate
  if (!adapter.rotate) {
    if (dryRunFor(ctx)) return wouldNeedPerson(ctx, action, base, what, adapter.manualSteps(credential));
    return manual();
  }
  const delivery = settings.rotateDelivery;
  if (!delivery) {
    if (dryRunFor(ctx)) {
      ctx.record('rotate-dry-run', { ...base, would: 'needs a destination (--to-env-file or --to-github-secret)' });
      ctx.log(`${what}: a rotation would need a destination (--to-env-file FILE or --to-github-secret OWNER/REPO:NAME)`);
      return;
    }
    ctx.record(EV.checklistItemsAdded, {
      items: [{ text: `Rotate ${finding.redacted}: spillkit rotate --finding ${fp} --to-env-file FILE (or --to-github-secret OWNER/REPO:NAME)`, fingerprint: fp }],
    });
    ctx.record('rotate-manual', { ...base, reason: 'no destination for the new credential' });
    return;
  }
  const opts = { delivery, deleteOld: settings.deleteOld };
  if (dryRunFor(ctx)) {
    const would = await adapter.rotate(credential, pctx, opts);
    ctx.record('rotate-dry-run', { ...base, state: would.state, would: would.state === 'ok' ? would.value.action : would.message });
    ctx.log(`${what}: ${would.state === 'ok' ? would.value.action : would.message}`);
    return;
  }
  const retire = settings.deleteOld ? 'delete' : 'deactivate';
  if (!(await ctx.confirm(`Create a new ${adapter.title} credential, deliver it to ${describeDelivery(delivery)}, then ${retire} ${what}?`))) {
    ctx.record('rotate-declined', base);
    return;
  }
  ctx.record('rotate-started', { ...base, delivery: describeDelivery(delivery) });
  const rotated = await adapter.rotate(credential, pctx, opts);
  if (rotated.state === 'ok') {
    const r = rotated.value;
    ctx.record('rotated', { ...base, action: r.action, newKeyId: r.newKeyId, delivered: r.delivered, old: r.old });
    ctx.log(`${what}: ${r.action}; delivered ${r.delivered.join(', ') || 'nothing'}; old credential ${r.old}`);
  } else if (rotated.state === 'refused' && (rotated.code === 'manual' || rotated.code === 'no-api')) {
    manual();
  } else {
    ctx.record('rotate-failed', { ...base, state: rotated.state, code: rotated.code, message: rotated.message });
    ctx.log(`${what}: rotate ${rotated.state === 'refused' ? 'refused' : 'could not tell'}: ${rotated.message}`, 'warn');
  }
}

function wouldNeedPerson(ctx: StepContext, action: ProviderAction, base: Record<string, unknown>, what: string, steps: ManualStep[]): void {
  ctx.record(`${action}-dry-run`, { ...base, would: 'console steps for a person (no API)' });
  const page = steps.find((s) => s.url)?.url;
  ctx.log(`dry run: ${what}: no ${action} API; a person would follow the console steps${page ? ` at ${page}` : ''}`);
}

function summarize(ctx: StepContext, action: ProviderAction, confirmed: Finding[]): StepOutcome {
  const state = ctx.state();
  const checklist = state.steps[ctx.step.id].checklist;
  const by = { done: 0, failed: 0, declined: 0, manualOpen: 0, manualDone: 0, dryRun: 0, other: 0 };
  const failed: string[] = [];
  for (const f of confirmed) {
    const status = state.outcomes[outcomeKey(action, f.fingerprint)];
    if (status === 'done') by.done++;
    else if (status === 'dry-run') by.dryRun++;
    else if (status === 'declined') by.declined++;
    else if (status === 'failed' || status === 'interrupted') {
      by.failed++;
      failed.push(f.redacted);
    } else if (status === 'manual') {
      const items = checklist.filter((c) => c.fingerprint === f.fingerprint);
      if (items.every((c) => c.checked)) by.manualDone++;
      else by.manualOpen++;
    } else by.other++;
  }
  if (by.failed > 0) {
    throw new SpillkitError('IO', `could not ${action} ${by.failed} credential(s) (${failed.join(', ')}); see the log, then run the step again or skip it`);
  }
  const parts = [`${by.done + by.manualDone} ${PAST[action]}`];
  if (by.manualDone) parts.push(`${by.manualDone} of them by hand`);
  if (by.dryRun) parts.push(`${by.dryRun} in dry run (nothing changed)`);
  if (by.declined || by.manualOpen || by.other) {
    const left = [
      by.declined ? `${by.declined} declined (run the step again to be asked again)` : null,
      by.manualOpen ? `${by.manualOpen} need the console steps on the checklist done and ticked` : null,
      by.other ? `${by.other} not handled` : null,
    ].filter(Boolean);
    return { status: 'needs-user', reason: `${parts.join(', ')}; ${left.join('; ')}` };
  }
  return { status: 'done', summary: parts.join(', ') };
}

/** The secret read back from the git object (and its pair's), checked against the finding's hash. */
function credentialOf(ctx: StepContext, finding: Finding, report: ScanReport): Credential {
  const secretOf = (f: Finding): string => readFindingSecret(ctx.repo, f, ctx.settings.configPath);
  const credential: Credential = { finding, secret: secretOf(finding) };
  addContext(ctx.repo, credential);
  if (finding.pairedWith) {
    const other = report.findings.find((f) => f.fingerprint === finding.pairedWith);
    if (other) credential.pair = { finding: other, secret: secretOf(other) };
  }
  return credential;
}

function manualItems(steps: ManualStep[]): string[] {
  return steps.flatMap((s) => [s.url ? `${s.title}: ${s.url}` : s.title, ...s.checklist]);
}

function facts<T>(o: Outcome<T>, pick: (v: T) => Record<string, unknown>): Record<string, unknown> {
  // The Outcome's own shape, so the report reads it like any other journaled outcome.
  return o.state === 'ok' ? { state: 'ok', value: pick(o.value) } : { state: o.state, code: o.code, message: o.message };
}

export { describeDelivery };
