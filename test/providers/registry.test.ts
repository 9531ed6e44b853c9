import { describe, expect, it } from 'vitest';
import { CONSOLES, consoleProviders } from '../../src/providers/consoles.js';
import { adapterFor, apiProviders } from '../../src/providers/registry.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { expandTemplate } from '../../src/rules/fake-secret.js';
import { credentialFor, recordingContext } from '../emulators/saas.js';

const rules = loadBuiltinRules();
const providers = [...new Set(rules.map((rule) => rule.provider))].sort();

/** An https URL a browser can open: no placeholder host, no spaces. */
const isHttpsPage = (url: string): boolean => {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && !/[<>{}\s]/.test(url) && parsed.hostname.includes('.');
  } catch {
    return false;
  }
};

describe('provider registry', () => {
  it('resolves every built-in rule\'s provider to an adapter with that id', () => {
    expect(providers.length).toBeGreaterThan(100);
    for (const provider of providers) {
      const adapter = adapterFor(provider);
      expect(adapter.id, provider).toBe(provider);
      expect(typeof adapter.revoke, provider).toBe('function');
    }
  });

  it('has a console entry for every provider without an API adapter, and an API adapter for the named ones', () => {
    const api = new Set(apiProviders());
    for (const name of ['aws', 'github', 'gitlab', 'slack', 'npm', 'stripe', 'openai', 'anthropic']) expect(api.has(name), name).toBe(true);
    const consoles = new Set(consoleProviders());
    const missing = providers.filter((provider) => !api.has(provider) && !consoles.has(provider));
    expect(missing).toEqual([]);
  });

  it('gives every manual step an https page or an explicit "no console" reason', () => {
    for (const rule of rules) {
      const secret = expandTemplate('$[alnum:32]', rule.id);
      const steps = adapterFor(rule.provider).manualSteps(credentialFor(rule.provider, rule.id, secret));
      for (const step of steps) {
        const where = `${rule.provider}/${rule.id}`;
        expect(step.title, where).not.toBe('');
        expect(step.checklist.length, where).toBeGreaterThan(0);
        if (step.url === '') expect(step.checklist[0], where).toMatch(/^No console: \S.{10,}/);
        else expect(isHttpsPage(step.url), `${where}: ${step.url}`).toBe(true);
      }
    }
  });

  it('keeps the console table itself well formed (pages are https, reasons are given)', () => {
    for (const [provider, entry] of Object.entries(CONSOLES)) {
      for (const [label, page] of [[provider, entry], ...Object.entries(entry.rules ?? {})] as const) {
        expect(Boolean(page.url) !== Boolean(page.noConsole), `${label}: exactly one of url / noConsole`).toBe(true);
        if (page.url) expect(isHttpsPage(page.url), `${label}: ${page.url}`).toBe(true);
        expect(page.steps.length, label).toBeGreaterThan(0);
      }
      const known = new Set(rules.filter((rule) => rule.provider === provider).map((rule) => rule.id));
      for (const rule of Object.keys(entry.rules ?? {})) expect(known.has(rule), `${provider}: rule ${rule} is not a built-in rule`).toBe(true);
    }
  });

  it('gives manual providers a manual step for every rule and honest answers', async () => {
    const ctx = recordingContext({});
    for (const provider of providers.filter((p) => !apiProviders().includes(p))) {
      const adapter = adapterFor(provider);
      const rule = rules.find((r) => r.provider === provider)!;
      const cred = credentialFor(provider, rule.id, 'not-a-real-secret-value');
      expect(adapter.manualSteps(cred), provider).toHaveLength(1);
      expect(await adapter.identify(cred, ctx), provider).toMatchObject({ state: 'unknown', code: 'manual' });
      expect(await adapter.revoke(cred, ctx, {}), provider).toMatchObject({ state: 'refused', code: 'manual' });
      expect(adapter.rotate, provider).toBeUndefined();
    }
    expect(ctx.records).toEqual([]);
  });

  it('gives generic credentials sensible checklists', () => {
    const checklist = (provider: string, rule: string) => adapterFor(provider).manualSteps(credentialFor(provider, rule, 'x'.repeat(20)))[0].checklist.join('\n');
    expect(checklist('postgres', 'postgres-uri-password')).toMatch(/Change the password of the user/);
    expect(checklist('private-key', 'private-key-rsa')).toMatch(/authorized_keys/);
    expect(checklist('private-key', 'private-key-rsa')).toMatch(/revoke the old certificate/);
    expect(checklist('ssh', 'openssh-private-key')).toMatch(/^No console: /);
    expect(checklist('generic', 'generic-secret-assignment')).toMatch(/Find the service/);
  });

  it('falls back to a manual adapter for a provider it has never heard of', () => {
    const adapter = adapterFor('acme-internal');
    expect(adapter.id).toBe('acme-internal');
    const [step] = adapter.manualSteps(credentialFor('acme-internal', 'acme-token', 'y'.repeat(20)));
    expect(step.url).toBe('');
    expect(step.checklist[0]).toContain('acme-internal');
  });
});
