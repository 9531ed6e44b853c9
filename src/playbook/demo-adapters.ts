/**
 * `respond --demo` walks fake credentials: calling real providers with them would be slow offline and
 * pointless online. These adapters keep each provider's title and console steps (offline data) and
 * answer every call with what a dry run would do, without any network.
 */
import { ok, unknown, type ProviderAdapter } from '../providers/contract.js';

export function demoAdapter(real: ProviderAdapter): ProviderAdapter {
  const offline = `demo: ${real.title} is not called for fake credentials`;
  return {
    id: real.id,
    title: real.title,
    identify: async () => unknown('demo', offline),
    verify: async () => unknown('demo', offline),
    evidence: async () => unknown('demo', offline),
    revoke: async () => ok({ action: `demo: would revoke it through the ${real.title} API`, reversible: false }),
    ...(real.rotate
      ? { rotate: async () => ok({ action: `demo: would create a new ${real.title} credential, deliver it, then retire the old one`, newKeyId: null, delivered: [], old: 'left active' as const }) }
      : {}),
    manualSteps: (cred) => real.manualSteps(cred),
  };
}
