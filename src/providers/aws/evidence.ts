import type { Credential, Evidence, Outcome, ProviderContext } from '../contract.js';
import { awsKeyOf, committedAt } from './key.js';
import { missingKeyId, temporaryKey } from './no-key.js';
import { explainOwnerFailure, lookUpOwner, type KeyOwner } from './owner.js';

/** The line a postmortem needs: was the key used after it became public in git? */
function useAfterCommit(owner: KeyOwner, committed: string | null): string {
  const where = [owner.service, owner.region].filter(Boolean).join(', ');
  if (owner.lastUsed === null) return 'IAM reports no use of this key (never used, or not since IAM began tracking in April 2015)';
  const last = `last used ${owner.lastUsed}${where ? ` (${where})` : ''}`;
  if (committed === null) return `${last}; the commit date is unknown`;
  if (Date.parse(owner.lastUsed) > Date.parse(committed)) {
    return `used after it was committed: ${last}, committed ${committed}; check CloudTrail for what it did`;
  }
  return `not used since it was committed: ${last}, committed ${committed}`;
}

/** IAM's last-use record of the key (GetAccessKeyLastUsed), compared with the commit that leaked it. */
export async function evidence(cred: Credential, ctx: ProviderContext): Promise<Outcome<Evidence>> {
  const key = awsKeyOf(cred);
  if (key === null) return missingKeyId();
  if (key.kind === 'temporary') return temporaryKey(key, 'report last use of');
  const owner = await lookUpOwner(ctx, key);
  if (owner.state !== 'ok') {
    const failure = await explainOwnerFailure(ctx, key, owner);
    return { state: failure.state, code: failure.code, message: failure.message };
  }
  const { lastUsed, service, region } = owner.value;
  return { state: 'ok', value: { lastUsed, service, region, notes: [useAfterCommit(owner.value, committedAt(cred))] } };
}
