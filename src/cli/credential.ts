import type { IncidentSession } from '../incident/session.js';
import type { Evidence, Identity, ManualStep, Outcome, ProviderContext } from '../providers/contract.js';
import { makeProviderContext } from '../providers/credential-source.js';
import { terminalSafe } from '../report/safe-text.js';
import { promptHidden } from './prompt.js';

export { loadCredential, loadReport, providerEnv } from '../providers/credential-source.js';

/** The provider context of a command: the hidden prompt only on a terminal. */
export function providerContext(session: IncidentSession | null, dryRun: boolean, env: NodeJS.ProcessEnv = process.env, onDelivery?: (line: string) => void): ProviderContext {
  return makeProviderContext({ session, dryRun, env, promptHidden: process.stdin.isTTY ? promptHidden : undefined, onDelivery });
}

/** One line of command output; what a provider answered (an owner name, an error text) is escaped. */
export function describeOutcome<T>(label: string, o: Outcome<T>, show: (v: T) => string): string {
  if (o.state === 'ok') return `${label}: ${terminalSafe(show(o.value))}`;
  return `${label}: ${o.state === 'refused' ? 'refused' : 'could not tell'} (${o.code}): ${terminalSafe(o.message)}`;
}

export const showIdentity = (i: Identity): string =>
  [i.owner ? `owner ${i.owner}` : 'owner unknown', i.account ? `account ${i.account}` : null, i.keyId ? `key ${i.keyId}` : null, i.scopes.length ? `scopes ${i.scopes.join(', ')}` : null]
    .filter(Boolean)
    .join(', ');

export const showEvidence = (e: Evidence): string =>
  [e.lastUsed ? `last used ${e.lastUsed}` : 'no recorded use', e.service ? `service ${e.service}` : null, e.region ? `region ${e.region}` : null, ...e.notes]
    .filter(Boolean)
    .join('; ');

export function formatManualSteps(steps: ManualStep[]): string {
  const safe = terminalSafe;
  return steps.map((s) => [`  ${safe(s.title)}`, ...(s.url ? [`    ${safe(s.url)}`] : []), ...s.checklist.map((c) => `    [ ] ${safe(c)}`)].join('\n')).join('\n');
}
