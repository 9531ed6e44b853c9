import { describe, expect, it } from 'vitest';
import { DELIVERY_KINDS } from '../../../src/providers/contract.js';
import { checkTable, deliveryFromFlags, DELIVERY_TARGETS } from '../../../src/providers/delivery/table.js';
import { describeDelivery, deliveryVariable } from '../../../src/providers/delivery-name.js';
import { providerCapabilities } from '../../../src/providers/capabilities.js';
import { loadBuiltinRules } from '../../../src/rules/load.js';
import { runCli } from '../../helpers/run-cli.js';

/** The delivery table against its list of kinds, and the flags as `rotate` parses them. */
// An argument for each flag, in DELIVERY_KINDS order (env file, the three GitHub stores, GitLab, the two
// AWS stores, Vault, Kubernetes, Doppler, 1Password).
const ARGUMENTS = ['.env', 'acme/app:DB_URL', 'acme/app/production:DB_URL', 'acme/app:DB_URL', 'acme/app:DB_URL', 'prod/app#DB_URL', '/app/prod/DB_URL', 'kv/app:DB_URL', 'prod/app:DB_URL', 'app/prd:DB_URL', 'Ops/App DB:DB_URL'];
const EXAMPLES = new Map(DELIVERY_KINDS.map((k, i) => [k.kind, ARGUMENTS[i]]));

describe('the delivery table', () => {
  it('has exactly one row per listed kind, each flag unique and --to-…', () => {
    expect(checkTable()).toEqual([]);
    expect(Object.keys(DELIVERY_TARGETS).sort()).toEqual(DELIVERY_KINDS.map((k) => k.kind).sort());
    expect(ARGUMENTS).toHaveLength(DELIVERY_KINDS.length);
  });

  it('every flag parses its example into its own kind, named and described', () => {
    for (const info of DELIVERY_KINDS) {
      const d = deliveryFromFlags({ [info.flag.slice(2)]: EXAMPLES.get(info.kind) });
      expect(d.kind).toBe(info.kind);
      expect(describeDelivery(d)).toBeTruthy();
      if (info.kind !== 'env-file') expect(deliveryVariable(d, 'old-secret', 'FALLBACK')).toBe(info.kind === 'ssm-parameter' ? '/app/prod/DB_URL' : 'DB_URL');
    }
  });

  it('needs exactly one target', () => {
    expect(() => deliveryFromFlags({})).toThrow(/rotate needs exactly one delivery target: --to-env-file FILE, --to-github-secret OWNER\/REPO:NAME/);
    expect(() => deliveryFromFlags({ 'to-env-file': '.env', 'to-doppler': 'a/b:C' })).toThrow(/exactly one/);
  });

  it('marks deliver on the families whose store is a target', () => {
    const rules = loadBuiltinRules();
    for (const family of ['github', 'gitlab', 'aws', 'vault', 'kubernetes', 'doppler', 'onepassword']) {
      expect(providerCapabilities(family, rules.filter((r) => r.provider === family)), family).toContain('deliver');
    }
    expect(providerCapabilities('slack', rules.filter((r) => r.provider === 'slack'))).not.toContain('deliver');
  });

  it('rotate --help lists every target; a bad target is one line and exit 2', async () => {
    const help = await runCli(['rotate', '--help']);
    expect(help.code).toBe(0);
    for (const info of DELIVERY_KINDS) expect(help.stdout).toContain(`${info.flag} ${info.argument}`);
    const bad = await runCli(['rotate', '--finding', 'ffff', '--to-k8s-secret', 'Bad/Name']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--to-k8s-secret takes NAMESPACE\/NAME:KEY/);
  });
});
