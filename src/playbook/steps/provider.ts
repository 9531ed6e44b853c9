/**
 * Revoke and rotate steps: each confirmed credential goes through its provider adapter, the same calls
 * as `spillkit revoke` / `spillkit rotate`. A credential is one unit even when the scan found it as two
 * findings (an AWS key id and its secret key): one identify call, one confirmation, one provider call,
 * and the outcome journaled for both halves. Anything that changes the provider is confirmed first and
 * journaled as attempted before the call, so a crash mid-call is visible on resume. Providers without
 * an API become checklist items (the console page and its steps) that a person ticks.
 */
import { SpillkitError } from '../../errors.js';
import type { Credential, Delivery, ManualStep, Outcome, ProviderContext } from '../../providers/contract.js';
import { checkDelivery, deliver } from '../../providers/delivery.js';
import { describeDelivery } from '../../providers/delivery-name.js';
import { addContext } from '../../providers/credential-source.js';
import { DELIVERY_TARGETS } from '../../providers/delivery-targets.js';
import { intentReader } from '../../providers/intent.js';
import type { Finding, ScanReport } from '../../scan/finding.js';
import { readFindingSecret } from '../../scan/secret-lookup.js';
import { credentialGroups, type CredentialGroup } from '../credentials.js';
import { EV, type ProviderAction } from '../journal-events.js';
import { outcomeKey } from '../state.js';
import type { StepContext, StepOutcome } from './context.js';


const PAST: Record<ProviderAction, string> = { revoke: 'revoked', rotate: 'rotated' };

type Group = CredentialGroup<Finding>;

export async function providerStep(ctx: StepContext, action: ProviderAction): Promise<StepOutcome> {
  const report = ctx.report();
  if (!report) throw new SpillkitError('USAGE', `the ${action} step needs the scan step first`);
  const confirmed = ctx.confirmed();
  if (confirmed.length === 0) return { status: 'done', summary: `no confirmed finding to ${action}` };
  const waiting = new Set<string>();
  const groups = credentialGroups(confirmed);
  for (const group of groups) {
    if (settle(ctx, action, group)) continue;
    if (await actOn(ctx, action, group, report) === 'needs-destination') waiting.add(group.primary.fingerprint);
  }
  return summarize(ctx, action, groups, waiting);
}

function dryRunFor(ctx: StepContext): boolean {
  return ctx.settings.dryRun || ctx.settings.providerDryRun;
}

/**
 * True when nothing is left to do for this credential: done (either half, e.g. one revoked from the
 * command line), or left to the console checklist, or already shown in this dry run. A half the journal
 * is silent about gets its partner's outcome, so both halves always agree.
 */
function settle(ctx: StepContext, action: ProviderAction, group: Group): boolean {
  const status = (f: Finding | null) => (f ? ctx.state().outcomes[outcomeKey(action, f.fingerprint)] : undefined);
  const mine = status(group.primary);
  const theirs = status(group.partner);
  if (group.partner && (mine === 'done') !== (theirs === 'done')) {
    const [from, to] = mine === 'done' ? [group.primary, group.partner] : [group.partner, group.primary];
    ctx.record(PAST[action], { fingerprint: to.fingerprint, provider: to.provider, action: `${PAST[action]} with its pair ${from.fingerprint}`, pairOf: from.fingerprint });
    return true;
  }
  return mine === 'done' || mine === 'manual' || (mine === 'dry-run' && dryRunFor(ctx));
}

/** Journals one outcome for the credential: under its primary, and the same under its partner. */
function recordBoth(ctx: StepContext, group: Group, type: string, data: Record<string, unknown>): void {
  ctx.record(type, { ...data, fingerprint: group.primary.fingerprint });
  if (group.partner) ctx.record(type, { ...data, fingerprint: group.partner.fingerprint, pairOf: group.primary.fingerprint });
}

async function actOn(ctx: StepContext, action: ProviderAction, group: Group, report: ScanReport): Promise<'needs-destination' | void> {
  const { settings } = ctx;
  const finding = group.primary;
  const adapter = settings.adapterFor(finding.provider, settings.env);
  const credential = credentialOf(ctx, group, report);
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
  const base = { provider: adapter.id };
  const what = `${finding.redacted}${group.partner ? ` + ${group.partner.redacted}` : ''} (${adapter.title}, ${finding.rule}${group.partner ? ` + ${group.partner.rule}` : ''} in ${finding.path ?? finding.source})`;
  const manual = (): void => {
    ctx.record(EV.checklistItemsAdded, { items: manualItems(adapter.manualSteps(credential)).map((text) => ({ text, fingerprint: fp })) });
    recordBoth(ctx, group, `${action}-manual`, base);
    ctx.log(`${what}: no ${action} API; the console steps are on the checklist`);
  };

  if (action === 'revoke' && !settings.hasRevokeApi(finding.provider)) {
    if (dryRunFor(ctx)) return wouldNeedPerson(ctx, action, group, what, adapter.manualSteps(credential));
    return manual();
  }
  if (action === 'rotate' && !adapter.rotate) {
    if (dryRunFor(ctx)) return wouldNeedPerson(ctx, action, group, what, adapter.manualSteps(credential));
    return manual();
  }
  const delivery = action === 'rotate' ? ctx.state().deliveries[fp] ?? ctx.state().deliveries['*'] ?? settings.rotateDelivery : undefined;
  if (action === 'rotate' && !delivery) {
    // Nowhere to put the new credential yet: a person chooses it (the TUI's destination chooser); an
    // unattended run leaves the command for later on the checklist.
    if (dryRunFor(ctx)) {
      recordBoth(ctx, group, 'rotate-dry-run', { ...base, would: `needs a destination (${flags()})` });
      ctx.log(`${what}: a rotation would need a destination (${flags()})`);
      return;
    }
    if (!settings.unattended) return 'needs-destination';
    ctx.record(EV.checklistItemsAdded, {
      items: [{ text: `Rotate ${finding.redacted}: spillkit rotate --finding ${fp} ${Object.values(DELIVERY_TARGETS)[0].flag} (or ${Object.values(DELIVERY_TARGETS).slice(1).map((t) => t.flag).join(', ')})`, fingerprint: fp }],
    });
    recordBoth(ctx, group, 'rotate-manual', { ...base, reason: 'no destination for the new credential' });
    return;
  }

  // One identify (and, for a revoke, one evidence) call per credential, whatever its halves.
  const identity = await adapter.identify(credential, pctx);
  const evidence = action === 'revoke' ? await adapter.evidence(credential, pctx) : null;
  ctx.record(EV.providerFacts, {
    ...base, fingerprint: fp,
    identity: facts(identity, (i) => ({ owner: i.owner, account: i.account, keyId: i.keyId, scopes: i.scopes })),
    ...(evidence ? { evidence: facts(evidence, (e) => ({ lastUsed: e.lastUsed, service: e.service, region: e.region, notes: e.notes })) } : {}),
  });
  const owner = identity.state === 'ok' && identity.value.owner ? `, owned by ${identity.value.owner}` : '';
  const who = `${what.slice(0, -1)}${owner})`;

  if (action === 'revoke') {
    const useLeakedCredential = ctx.state().useLeakedKey[fp] === true || (group.partner !== null && ctx.state().useLeakedKey[group.partner.fingerprint] === true);
    const how = useLeakedCredential ? ' with the leaked key itself (--use-leaked-key)' : '';
    if (dryRunFor(ctx)) {
      const would = await adapter.revoke(credential, pctx, { useLeakedCredential });
      // What the real run would hand to a person (no API for this credential, no operator access) reads the same here.
      if (would.state === 'refused' && (would.code === 'manual' || would.code === 'no-api')) return wouldNeedPerson(ctx, action, group, what, adapter.manualSteps(credential));
      recordBoth(ctx, group, 'revoke-dry-run', { ...base, state: would.state, would: would.state === 'ok' ? would.value.action : would.message });
      ctx.log(`${who}: ${would.state === 'ok' ? would.value.action : would.message}`);
      return;
    }
    if (!(await ctx.confirm(`Revoke ${who}${how} now? This changes the provider.`))) {
      recordBoth(ctx, group, 'revoke-declined', base);
      return;
    }
    recordBoth(ctx, group, 'revoke-attempt', { ...base, ...(useLeakedCredential ? { useLeakedKey: true } : {}) });
    const revoked = await adapter.revoke(credential, pctx, { useLeakedCredential });
    if (revoked.state === 'ok') {
      recordBoth(ctx, group, 'revoked', { ...base, state: 'ok', action: revoked.value.action, reversible: revoked.value.reversible });
      ctx.log(`${who}: ${revoked.value.action}`);
    } else if (revoked.state === 'refused' && (revoked.code === 'manual' || revoked.code === 'no-api')) {
      manual();
    } else {
      recordBoth(ctx, group, 'revoke-failed', { ...base, state: revoked.state, code: revoked.code, message: revoked.message });
      ctx.log(`${who}: revoke ${revoked.state === 'refused' ? 'refused' : 'could not tell'}: ${revoked.message}`, 'warn');
    }
    return;
  }

  const opts = { delivery: delivery!, deleteOld: settings.deleteOld };
  const rotate = adapter.rotate!.bind(adapter);
  if (dryRunFor(ctx)) {
    const would = await rotate(credential, pctx, opts);
    recordBoth(ctx, group, 'rotate-dry-run', { ...base, state: would.state, would: would.state === 'ok' ? would.value.action : would.message });
    ctx.log(`${who}: ${would.state === 'ok' ? would.value.action : would.message}`);
    return;
  }
  const retire = settings.deleteOld ? 'delete' : 'deactivate';
  if (!(await ctx.confirm(`Create a new ${adapter.title} credential, deliver it to ${describeDelivery(opts.delivery)}, then ${retire} ${who}?`))) {
    recordBoth(ctx, group, 'rotate-declined', base);
    return;
  }
  recordBoth(ctx, group, 'rotate-started', { ...base, delivery: describeDelivery(opts.delivery) });
  const rotated = await rotate(credential, pctx, opts);
  if (rotated.state === 'ok') {
    const r = rotated.value;
    recordBoth(ctx, group, 'rotated', { ...base, action: r.action, newKeyId: r.newKeyId, delivered: r.delivered, old: r.old });
    ctx.log(`${who}: ${r.action}; delivered ${r.delivered.join(', ') || 'nothing'}; old credential ${r.old}`);
  } else if (rotated.state === 'refused' && (rotated.code === 'manual' || rotated.code === 'no-api')) {
    manual();
  } else {
    recordBoth(ctx, group, 'rotate-failed', { ...base, state: rotated.state, code: rotated.code, message: rotated.message });
    ctx.log(`${who}: rotate ${rotated.state === 'refused' ? 'refused' : 'could not tell'}: ${rotated.message}`, 'warn');
  }
}

function flags(): string {
  return Object.values(DELIVERY_TARGETS).map((t) => t.flag).join(' or ');
}

function wouldNeedPerson(ctx: StepContext, action: ProviderAction, group: Group, what: string, steps: ManualStep[]): void {
  recordBoth(ctx, group, `${action}-dry-run`, { provider: group.primary.provider, would: 'console steps for a person (no API)' });
  const page = steps.find((s) => s.url)?.url;
  ctx.log(`dry run: ${what}: no ${action} API; a person would follow the console steps${page ? ` at ${page}` : ''}`);
}

function summarize(ctx: StepContext, action: ProviderAction, groups: Group[], waiting: Set<string>): StepOutcome {
  const state = ctx.state();
  const checklist = state.steps[ctx.step.id].checklist;
  const by = { done: 0, byHand: 0, failed: 0, declined: 0, manualOpen: 0, manualDone: 0, dryRun: 0, other: 0 };
  const failed: string[] = [];
  for (const { primary: f } of groups) {
    if (waiting.has(f.fingerprint)) continue;
    const status = state.outcomes[outcomeKey(action, f.fingerprint)];
    if (status === 'done') {
      by.done++;
      if (/^(revoked|rotated) by hand/.test(state.outcomeNotes[outcomeKey(action, f.fingerprint)] ?? '')) by.byHand++;
    } else if (status === 'dry-run') by.dryRun++;
    else if (status === 'declined') by.declined++;
    else if (status === 'failed' || status === 'interrupted') {
      by.failed++;
      const note = state.outcomeNotes[outcomeKey(action, f.fingerprint)];
      failed.push(`${f.redacted}: ${note ?? 'the call was interrupted before its outcome was journaled'}`);
    } else if (status === 'manual') {
      const items = checklist.filter((c) => c.fingerprint === f.fingerprint);
      if (items.every((c) => c.checked)) by.manualDone++;
      else by.manualOpen++;
    } else by.other++;
  }
  if (by.failed > 0) {
    // The whole reason, and the way out that needs no provider call: the console steps by hand.
    throw new SpillkitError('IO', `could not ${action} ${by.failed} credential(s): ${failed.join('; ').replace(/\.$/, '')}. ` +
      `Run the step again, or ${action} it by hand in the provider's console and record who did it, when and how`);
  }
  const parts = [`${by.done + by.manualDone} ${PAST[action]}`];
  if (by.byHand + by.manualDone) parts.push(`${by.byHand + by.manualDone} of them by hand`);
  if (by.dryRun) parts.push(`${by.dryRun} in dry run (nothing changed)`);
  if (by.declined || by.manualOpen || by.other || waiting.size) {
    const left = [
      waiting.size ? `${waiting.size} need a destination for the new credential (choose it on the respond screen, or pass ${flags()})` : null,
      by.declined ? `${by.declined} declined (run the step again to be asked again)` : null,
      by.manualOpen ? `${by.manualOpen} need the console steps on the checklist done and ticked` : null,
      by.other ? `${by.other} not handled` : null,
    ].filter(Boolean);
    return { status: 'needs-user', reason: `${parts.join(', ')}; ${left.join('; ')}` };
  }
  return { status: 'done', summary: parts.join(', ') };
}

/** The secret read back from the git object (and its pair's), checked against the finding's hash. */
function credentialOf(ctx: StepContext, group: Group, report: ScanReport): Credential {
  const secretOf = (f: Finding): string => readFindingSecret(ctx.repo, f, ctx.settings.configPath);
  const { primary } = group;
  const credential: Credential = { finding: primary, secret: secretOf(primary) };
  addContext(ctx.repo, credential);
  const other = group.partner ?? (primary.pairedWith ? report.findings.find((f) => f.fingerprint === primary.pairedWith) : undefined);
  if (other) credential.pair = { finding: other, secret: secretOf(other) };
  return credential;
}

export function manualItems(steps: ManualStep[]): string[] {
  return steps.flatMap((s) => [s.url ? `${s.title}: ${s.url}` : s.title, ...s.checklist]);
}

function facts<T>(o: Outcome<T>, pick: (v: T) => Record<string, unknown>): Record<string, unknown> {
  // The Outcome's own shape, so the report reads it like any other journaled outcome.
  return o.state === 'ok' ? { state: 'ok', value: pick(o.value) } : { state: o.state, code: o.code, message: o.message };
}

export { describeDelivery };
