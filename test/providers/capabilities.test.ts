import { describe, expect, it } from 'vitest';
import { PROVIDER_CAPABILITIES, ruleCapabilities } from '../../src/providers/capabilities.js';
import { adapterFor, apiProviders } from '../../src/providers/registry.js';
import { VERIFY_ONLY_ADAPTERS } from '../../src/providers/verify-only/index.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { validatorFor } from '../../src/verify/validators/index.js';
import { runCli } from '../helpers/run-cli.js';

describe('provider capabilities', () => {
  const rules = loadBuiltinRules();
  const providers = new Set(rules.map((r) => r.provider));

  it('claims only what each adapter implements', () => {
    for (const [provider, caps] of Object.entries(PROVIDER_CAPABILITIES)) {
      expect(providers.has(provider), `${provider} has rules`).toBe(true);
      expect(apiProviders(), `${provider} has an API adapter`).toContain(provider);
      const adapter = adapterFor(provider);
      if (caps.includes('rotate')) expect(adapter.rotate, `${provider} rotate`).toBeTypeOf('function');
      expect(adapter.analyze !== undefined, `${provider} analyze`).toBe(caps.includes('analyze'));
      if (caps.includes('revoke')) expect(provider in VERIFY_ONLY_ADAPTERS, `${provider} revokes through an API`).toBe(false);
    }
  });

  it('marks verify on exactly the rules with a live check', () => {
    for (const rule of rules) expect(ruleCapabilities(rule).includes('verify'), rule.id).toBe(validatorFor(rule.id) !== null);
  });

  it('lists every provider with its capabilities and rules as JSON', async () => {
    const r = await runCli(['providers', '--json']);
    expect(r.code).toBe(0);
    const list = (r.json as { providers: { id: string; name: string; capabilities: string[]; rules: string[] }[] }).providers;
    expect(new Set(list.map((p) => p.id))).toEqual(providers);
    const aws = list.find((p) => p.id === 'aws')!;
    expect(aws.capabilities).toEqual(expect.arrayContaining(['identify', 'verify', 'analyze', 'revoke', 'rotate', 'evidence']));
    expect(aws.rules).toContain('aws-access-key-id');
    for (const p of list) {
      expect(typeof p.name).toBe('string');
      for (const c of p.capabilities) expect(['identify', 'verify', 'analyze', 'revoke', 'rotate', 'deliver', 'evidence']).toContain(c);
    }
    const text = await runCli(['providers']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^aws\s+\d+\s+identify, verify, analyze, revoke, rotate, deliver, evidence$/m);
  });
});
