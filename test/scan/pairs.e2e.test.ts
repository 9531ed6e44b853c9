// Credentials that come in halves (issue 12: one credential, one decision): the pair table is data,
// each row checked against the rules, and a client id found beside its secret is paired by a real scan.
import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/rules/fake-secret.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { PAIRS } from '../../src/scan/pairs.js';
import { buildRepo } from '../helpers/repo-builder.js';
import { scanJson } from '../helpers/run-cli.js';

describe('the pair table', () => {
  const rules = new Map(loadBuiltinRules().map((r) => [r.id, r]));

  it('names rules that exist, the id half and the secret half of one provider', () => {
    for (const [idRule, secretRule] of PAIRS) {
      expect(rules.has(idRule), idRule).toBe(true);
      expect(rules.has(secretRule), secretRule).toBe(true);
      expect(rules.get(idRule)!.provider, `${idRule} + ${secretRule}`).toBe(rules.get(secretRule)!.provider);
      expect(idRule).not.toBe(secretRule);
    }
    expect(new Set(PAIRS.map(([a, b]) => `${a}+${b}`)).size).toBe(PAIRS.length);
  });

  it('pairs a client id found beside its secret, and leaves one alone', async () => {
    // The rules' own examples, generated at run time (nothing secret-shaped is committed).
    const id = expandTemplate('ASANA_CLIENT_ID=$[digits:16]', 'pairs-id');
    const secret = expandTemplate('ASANA_CLIENT_SECRET=$[a-z0-9:32]', 'pairs-secret');
    const lone = expandTemplate('ASANA_CLIENT_SECRET=$[a-z0-9:32]', 'pairs-lone');
    const repo = buildRepo([
      { files: { 'config/asana.env': `${id}\n${secret}\n`, 'other/asana.env': `${lone}\n` }, message: 'asana app' },
    ]);
    try {
      const { report } = await scanJson(repo.dir);
      const inConfig = report.findings.filter((f) => f.path === 'config/asana.env');
      expect(inConfig.map((f) => f.rule).sort()).toEqual(['asana-client-id', 'asana-client-secret']);
      const [a, b] = inConfig;
      expect(a!.pairedWith).toBe(b!.fingerprint);
      expect(b!.pairedWith).toBe(a!.fingerprint);
      const alone = report.findings.find((f) => f.path === 'other/asana.env')!;
      expect(alone.rule).toBe('asana-client-secret');
      expect(alone.pairedWith).toBeUndefined();
    } finally {
      repo.cleanup();
    }
  });
});
