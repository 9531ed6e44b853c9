import { gapLine } from '../analysis.js';
import type { Credential, Evidence, EvidenceOptions, Outcome, ProviderContext } from '../contract.js';
import { activityLine, lookUpActivity } from './cloudtrail.js';
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

/**
 * IAM's last-use record of the key (GetAccessKeyLastUsed), compared with the commit that leaked it; with
 * `activity`, also the key's CloudTrail events since that commit (a failure there is a note, not a failure).
 */
export async function evidence(cred: Credential, ctx: ProviderContext, opts: EvidenceOptions = {}): Promise<Outcome<Evidence>> {
  const key = awsKeyOf(cred);
  if (key === null) return missingKeyId();
  if (key.kind === 'temporary') {
    // IAM keeps no record of a session key, but CloudTrail names it in every event it signed.
    const activity = opts.activity ? await lookUpActivity(ctx, key, committedAt(cred)) : null;
    if (activity?.state === 'ok') return { state: 'ok', value: { lastUsed: activity.value.last, service: null, region: null, notes: ['an STS session key: IAM keeps no last-use record', activityLine(activity.value)], activity: activity.value } };
    return temporaryKey(key, 'report last use of');
  }
  const owner = await lookUpOwner(ctx, key);
  if (owner.state !== 'ok') {
    const failure = await explainOwnerFailure(ctx, key, owner);
    // A deleted key has no IAM record, yet CloudTrail still holds what it did: worth reading.
    const activity = opts.activity ? await lookUpActivity(ctx, key, committedAt(cred)) : null;
    if (activity?.state === 'ok') {
      return { state: 'ok', value: { lastUsed: null, service: null, region: null, notes: [`IAM last use not read: ${failure.message}`, activityLine(activity.value)], activity: activity.value } };
    }
    return { state: failure.state, code: failure.code, message: failure.message };
  }
  const { lastUsed, service, region } = owner.value;
  const notes = [useAfterCommit(owner.value, committedAt(cred))];
  if (!opts.activity) return { state: 'ok', value: { lastUsed, service, region, notes } };
  const activity = await lookUpActivity(ctx, key, committedAt(cred));
  if (activity.state !== 'ok') return { state: 'ok', value: { lastUsed, service, region, notes: [...notes, `CloudTrail: ${gapLine('event history', activity)}: ${activity.message}`] } };
  return { state: 'ok', value: { lastUsed, service, region, notes: [...notes, activityLine(activity.value)], activity: activity.value } };
}
