/**
 * What spillkit can do for each provider family through an API, as data (SPEC `providers`): identify
 * (owner, scopes), verify (live check; per rule, from the validator table), analyze (blast radius),
 * revoke, rotate, deliver (a rotated secret into the provider's store), evidence (last use). A family
 * without an entry gets the console checklist only. A test checks every entry against its adapter.
 */
import { validatorFor } from '../verify/validators/index.js';
import { REVOCATION_ROWS } from './revocation/index.js';
import { DELIVERY_KINDS } from './contract.js';

export const CAPABILITY_NAMES = ['identify', 'verify', 'analyze', 'revoke', 'rotate', 'deliver', 'evidence'] as const;
export type Capability = (typeof CAPABILITY_NAMES)[number];

/**
 * API capabilities beyond `verify`, which comes from the validator table rule by rule, and `deliver`,
 * which comes from the delivery table (a family whose store is a delivery target).
 */
export const PROVIDER_CAPABILITIES: Record<string, readonly Capability[]> = {
  aws: ['identify', 'analyze', 'revoke', 'rotate', 'evidence'],
  github: ['identify', 'analyze', 'revoke', 'rotate', 'evidence'],
  gitlab: ['identify', 'analyze', 'revoke', 'rotate', 'evidence'],
  slack: ['identify', 'analyze', 'revoke'],
  npm: ['identify', 'analyze', 'revoke'],
  'private-key': ['identify', 'revoke'],
  ssh: ['identify', 'revoke'],
  postgres: ['identify', 'revoke', 'rotate'],
  mysql: ['identify', 'revoke', 'rotate'],
  stripe: ['identify', 'analyze'],
  openai: ['identify', 'analyze'],
  anthropic: ['identify', 'analyze'],
  sendgrid: ['identify'],
  huggingface: ['identify', 'analyze'],
  xai: ['identify'],
  groq: ['identify'],
  mistral: ['identify'],
  deepseek: ['identify'],
  datadog: ['identify'],
};

/** What the revocation table adds to a family: identify (the key located), revoke, and rotate where the row creates keys. */
function rowCapabilities(provider: string, ruleId?: string): Capability[] {
  const row = REVOCATION_ROWS.find((r) => r.provider === provider);
  if (!row || (ruleId !== undefined && !row.rules.includes(ruleId))) return [];
  return ['identify', 'revoke', ...(row.rotate ? (['rotate'] as const) : [])];
}

function familyCapabilities(provider: string, ruleId?: string): Capability[] {
  return [...(PROVIDER_CAPABILITIES[provider] ?? []), ...rowCapabilities(provider, ruleId)];
}

/** A rule's capabilities: `verify` when its kind has a live check, plus its family's. */
export function ruleCapabilities(rule: { id: string; provider: string }): Capability[] {
  const family = familyCapabilities(rule.provider, rule.id);
  const verify = validatorFor(rule.id) ? (['verify'] as const) : [];
  return CAPABILITY_NAMES.filter((c) => (c === 'verify' ? verify.length > 0 : c === 'deliver' ? deliversTo(rule.provider) : family.includes(c)));
}

/** Whether a family's store takes rotated secrets (`rotate --to-…`). */
export function deliversTo(provider: string): boolean {
  return DELIVERY_KINDS.some((k) => k.provider === provider);
}

/** A family's capabilities: the union over its rules. */
export function providerCapabilities(provider: string, rules: readonly { id: string; provider: string }[]): Capability[] {
  const found = new Set<Capability>();
  for (const rule of rules) for (const c of ruleCapabilities(rule)) found.add(c);
  for (const c of familyCapabilities(provider)) found.add(c);
  if (deliversTo(provider)) found.add('deliver');
  return CAPABILITY_NAMES.filter((c) => found.has(c));
}
