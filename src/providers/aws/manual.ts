import type { Credential, ManualStep } from '../contract.js';
import { awsKeyOf, shortKeyId } from './key.js';

const CONSOLE = 'https://console.aws.amazon.com';

/**
 * The console side of an AWS key incident, after AWS's own guidance for an exposed access key: the user's
 * security credentials page, CloudTrail on the key id, and the sweep for what an intruder may have left.
 */
export function manualSteps(cred: Credential, knownUser: (keyId: string) => string | undefined): ManualStep[] {
  const key = awsKeyOf(cred);
  const keyId = key?.keyId ?? null;
  const user = keyId === null ? undefined : knownUser(keyId);
  const steps: ManualStep[] = [];
  if (key?.kind === 'temporary') {
    steps.push({
      title: 'Revoke the active sessions of the role that issued the session key',
      url: `${CONSOLE}/iam/home#/roles`,
      checklist: [
        'Find the role in CloudTrail (the events of the session key show its assumed-role ARN)',
        'Open the role > "Revoke active sessions" (attaches AWSRevokeOlderSessions)',
        'Find how the session credentials reached the repository and stop the source',
      ],
    });
  } else {
    steps.push({
      title: user ? `Security credentials of IAM user ${user}` : 'Find the IAM user that owns the key',
      url: user ? `${CONSOLE}/iam/home#/users/details/${encodeURIComponent(user)}?section=security_credentials` : `${CONSOLE}/iam/home#/users`,
      checklist: [
        ...(user ? [] : ['Search the users for the access key id (or run: aws iam get-access-key-last-used --access-key-id <id>)']),
        'Create a new access key and put it where the old one was used',
        'Make the leaked key Inactive, watch for breakage, then delete it',
        'Consider attaching AWSCompromisedKeyQuarantineV2 to the user while you investigate',
      ],
    });
  }
  steps.push({
    title: 'Review what the key did in CloudTrail, in every region',
    // The URL does not filter on the key: that would print (and journal) the whole key id.
    url: `${CONSOLE}/cloudtrail/home#/events`,
    checklist: [
      ...(keyId ? [`Filter the events on "AWS access key" = the leaked key ${shortKeyId(keyId)} (its full id is in the leaked file)`] : []),
      'Look at every region the account uses (event history is per region)',
      'Look for IAM changes: new users, access keys, login profiles, roles, policies attached',
      'Note the first use after the commit date for the incident timeline',
    ],
  });
  steps.push({
    title: 'Check the account for unauthorized resources and charges',
    url: `${CONSOLE}/billing/home#/bills`,
    checklist: [
      'Check every region for resources nobody created: EC2 instances and spot requests, Lambda functions, ECS/EKS, S3 buckets, SageMaker, Bedrock use',
      'Check IAM for users, roles or keys nobody created, and delete them',
      'Review the bill and Cost Explorer for unexpected charges; open an AWS Support case if there are any',
      'Answer any AWS Trust & Safety or Support notice about the exposed key',
    ],
  });
  return steps;
}
