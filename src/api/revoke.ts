import { joinIncident } from '../incident/session.js';
import type { Evidence, Identity, Liveness, ManualStep, Outcome, RevokeResult as Revocation } from '../providers/contract.js';
import { loadCredential, makeProviderContext, providerEnv } from '../providers/credential-source.js';
import { refused } from '../providers/contract.js';
import { ownerMismatch } from '../providers/owner-check.js';
import { adapterFor } from '../providers/registry.js';
import type { Finding } from '../scan/finding.js';

export interface RevokeOptions {
  /** Fingerprint of the finding whose credential to revoke (from a scan). */
  finding: string;
  /** The repository (default `.`); the secret is read back from its object database. */
  repo?: string;
  /** A JSON scan report to take the finding from (default: the repository's latest saved scan). */
  report?: string;
  /** Also ask the provider whether the credential is live, calling it with the credential. */
  verify?: boolean;
  /** AWS: also attach the AWSCompromisedKeyQuarantineV2 policy to the key's user. */
  quarantine?: boolean;
  /** No admin credentials: let the leaked credential revoke itself, where the provider allows it. */
  useLeakedKey?: boolean;
  /** The owner or account the operator expects: a key of anyone else is refused. */
  expectOwner?: string;
  /** Read calls only; journal nothing; say what would be done. */
  dryRun?: boolean;
  /** The environment providers read operator credentials and endpoints from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** What the provider said before anything changes (owner, evidence, liveness), for display. */
  onFacts?: (facts: RevokeFacts) => void;
  /**
   * Asked after the facts and before the provider is changed (not in a dry run); false stops there,
   * journaled as declined. Without it the revocation goes ahead: calling revoke() is the decision.
   */
  confirm?: (facts: RevokeFacts) => boolean | Promise<boolean>;
  /** Asks the operator for a value without echoing it, for the providers that need one. */
  promptHidden?: (question: string) => Promise<string>;
}

/** What is known about the credential before it is revoked. Never the secret. */
export interface RevokeFacts {
  fingerprint: string;
  provider: string;
  /** The provider's display name (`AWS`, `GitHub`, ...). */
  providerTitle: string;
  finding: Pick<Finding, 'rule' | 'redacted' | 'path' | 'source'>;
  identity: Outcome<Identity>;
  evidence: Outcome<Evidence>;
  verify?: Outcome<Liveness>;
}

/**
 * `revoked`: the provider revoked it. `manual`: no API does it, the `manualSteps` are left to a person.
 * `failed`: the provider refused or could not be reached (see `revoke`). `declined`: confirm said no.
 */
export type RevokeStatus = 'revoked' | 'manual' | 'failed' | 'declined';

/** The object `spillkit revoke --json` prints, plus `status`. */
export interface RevokeResult {
  fingerprint: string;
  provider: string;
  dryRun: boolean;
  identity: Outcome<Identity>;
  evidence: Outcome<Evidence>;
  verify?: Outcome<Liveness>;
  /** Absent when declined. */
  revoke?: Outcome<Revocation>;
  manualSteps: ManualStep[];
  status: RevokeStatus;
}

/**
 * Contains one finding's credential through its provider: who owns it and the provider's evidence,
 * optionally whether it is live, then the revocation. Every step lands in the repository's open
 * incident (one is opened if none is), unless it is a dry run.
 */
export async function revoke(options: RevokeOptions): Promise<RevokeResult> {
  const dryRun = options.dryRun === true;
  const { repo, credential } = loadCredential(options.repo ?? '.', options.report, options.finding);
  const { finding } = credential;
  const adapter = adapterFor(finding.provider);
  const session = dryRun ? null : joinIncident(repo, 'revoke');
  try {
    const ctx = makeProviderContext({ session, dryRun, env: providerEnv(repo, options.env), promptHidden: options.promptHidden });
    session?.journal.append({ type: 'revoke-started', data: { fingerprint: finding.fingerprint, provider: adapter.id } });
    const identity = await adapter.identify(credential, ctx);
    const evidence = await adapter.evidence(credential, ctx);
    // What the provider says about the credential, for the incident report (owner, scopes, last use).
    session?.journal.append({ type: 'provider-facts', data: { fingerprint: finding.fingerprint, provider: adapter.id, identity, evidence } });
    const facts: RevokeFacts = {
      fingerprint: finding.fingerprint,
      provider: adapter.id,
      providerTitle: adapter.title,
      finding: { rule: finding.rule, redacted: finding.redacted, path: finding.path, source: finding.source },
      identity,
      evidence,
      ...(options.verify ? { verify: await adapter.verify(credential, ctx) } : {}),
    };
    const result: RevokeResult = {
      fingerprint: finding.fingerprint,
      provider: adapter.id,
      dryRun,
      identity,
      evidence,
      ...(facts.verify ? { verify: facts.verify } : {}),
      manualSteps: adapter.manualSteps(credential),
      status: 'failed',
    };
    options.onFacts?.(facts);
    const mismatch = ownerMismatch(identity, options.expectOwner);
    if (mismatch) {
      const revoke = refused<Revocation>('owner-mismatch', mismatch);
      session?.journal.append({ type: 'revoke-failed', data: { fingerprint: finding.fingerprint, provider: adapter.id, state: 'refused', code: 'owner-mismatch' } });
      return { ...result, revoke, status: 'failed' };
    }
    if (!dryRun && options.confirm && !(await options.confirm(facts))) {
      session?.journal.append({ type: 'revoke-declined', data: { fingerprint: finding.fingerprint } });
      return { ...result, status: 'declined' };
    }
    const revoked = await adapter.revoke(credential, ctx, { quarantine: options.quarantine, useLeakedCredential: options.useLeakedKey, expectOwner: options.expectOwner });
    session?.journal.append({
      type: revoked.state === 'ok' ? 'revoked' : 'revoke-failed',
      data: { fingerprint: finding.fingerprint, provider: adapter.id, state: revoked.state, ...(revoked.state === 'ok' ? { action: revoked.value.action } : { code: revoked.code }) },
    });
    // No revocation API (manual providers, verify-only ones): the console steps are left to a person.
    const needsPerson = revoked.state === 'refused' && (revoked.code === 'manual' || revoked.code === 'no-api');
    const status: RevokeStatus = revoked.state === 'ok' ? 'revoked' : needsPerson ? 'manual' : 'failed';
    const { manualSteps, ...before } = result;
    return { ...before, revoke: revoked, manualSteps, status };
  } finally {
    session?.release();
  }
}
