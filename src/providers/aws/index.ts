import type { ProviderAdapter } from '../contract.js';
import { analyze } from './analyze.js';
import { evidence } from './evidence.js';
import { identify } from './identify.js';
import { manualSteps } from './manual.js';
import { revoke } from './revoke.js';
import { rotate } from './rotate.js';
import { verify } from './verify.js';

/**
 * AWS IAM access keys: owner and last use from IAM, the account from STS, liveness by GetCallerIdentity
 * with the leaked pair (on request), blast radius by reading its own policies with the pair, revocation by deactivation (reversible), rotation by a second key
 * delivered before the old one retires. Operator credentials come from ctx.env or the SDK default chain.
 */
export function createAwsAdapter(): ProviderAdapter {
  // Owners learned by identify, so the console steps can name the user's page.
  const owners = new Map<string, string>();
  return {
    id: 'aws',
    title: 'AWS',
    identify: (cred, ctx) => identify(cred, ctx, (keyId, user) => owners.set(keyId, user)),
    verify,
    evidence,
    analyze,
    revoke,
    rotate,
    manualSteps: (cred) => manualSteps(cred, (keyId) => owners.get(keyId)),
  };
}
