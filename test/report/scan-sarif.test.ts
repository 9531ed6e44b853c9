import { describe, expect, it } from 'vitest';
import { formatScanReport } from '../../src/report/scan/index.js';
import { artifactUri, PARTIAL_FINGERPRINT_KEY } from '../../src/report/scan/sarif.js';
import { sarifValidator } from '../helpers/sarif-validator.js';
import { cleanReport, FIXTURE_RULES, fixtureFindings, fixtureReport } from './scan-fixture.js';


const validate = sarifValidator();
const opts = { color: false, showSecrets: false, toolVersion: '1.2.3', rules: FIXTURE_RULES };

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; informationUri: string; rules: Array<Record<string, any>> } };
    results: Array<Record<string, any>>;
    invocations: Array<Record<string, any>>;
  }>;
}

function sarifOf(report = fixtureReport()): SarifLog {
  return JSON.parse(formatScanReport(report, 'sarif', opts)) as SarifLog;
}

describe('SARIF output', () => {
  it('validates against the SARIF 2.1.0 schema', () => {
    for (const log of [sarifOf(), sarifOf(cleanReport())]) {
      const ok = validate(log);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('the validator rejects what it should (the schema is really applied)', () => {
    const log = sarifOf() as any;
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
    const noDriverName = sarifOf() as any;
    delete noDriverName.runs[0].tool.driver.name;
    expect(validate(noDriverName)).toBe(false);
  });

  it('meets GitHub code scanning requirements', () => {
    const log = sarifOf();
    expect(log.version).toBe('2.1.0');
    const [run] = log.runs;
    expect(run.tool.driver.name).toBe('spillkit');
    expect(run.tool.driver.version).toBe('1.2.3');
    expect(run.tool.driver.informationUri).toMatch(/^https:\/\//);
    expect(run.results).toHaveLength(fixtureFindings().length);
    for (const result of run.results) {
      expect(typeof result.ruleId).toBe('string');
      expect(result.message.text.length).toBeGreaterThan(0);
      expect(result.locations).toHaveLength(1);
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      // Relative: no scheme, no leading slash, no Windows drive.
      expect(artifactLocation.uri).not.toMatch(/^([a-z][a-z0-9+.-]*:|\/)/i);
      expect(() => new URL(artifactLocation.uri, 'file:///repo/')).not.toThrow();
      expect(region.startLine).toBeGreaterThanOrEqual(1);
      expect(region.startColumn).toBeGreaterThanOrEqual(1);
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(result.partialFingerprints[PARTIAL_FINGERPRINT_KEY]).toBe(result.properties.fingerprint);
    }
    const fingerprints = run.results.map((r) => r.partialFingerprints[PARTIAL_FINGERPRINT_KEY]);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });

  it('describes each rule once, with GitHub severity metadata', () => {
    const { rules } = sarifOf().runs[0].tool.driver;
    expect(rules.map((r) => r.id)).toEqual([
      'aws-access-key-id',
      'aws-secret-access-key',
      'generic-password',
      'github-pat',
      'slack-bot-token',
      'stripe-restricted-key',
    ]);
    const byId = Object.fromEntries(rules.map((r) => [r.id, r]));
    expect(byId['aws-access-key-id'].defaultConfiguration.level).toBe('error');
    expect(byId['aws-access-key-id'].properties['security-severity']).toBe('9.5');
    expect(byId['aws-access-key-id'].properties.tags).toContain('security');
    expect(byId['generic-password'].defaultConfiguration.level).toBe('warning');
    expect(byId['stripe-restricted-key'].defaultConfiguration.level).toBe('note');
    // helpUri skips references that are not web URLs.
    expect(byId['github-pat'].helpUri).toBe('https://docs.github.com/en/authentication/keeping-your-account-and-data-secure');
    expect(byId['slack-bot-token'].helpUri).toBeUndefined();
    for (const rule of rules) expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
  });

  it('keeps findings without a path, at honest pseudo paths', () => {
    const uris = fixtureFindings().map(artifactUri);
    expect(uris).toEqual([
      'deploy/prod.env',
      'deploy/prod.env',
      `.spillkit/commit-message/${fixtureFindings()[2].commit}`,
      '.spillkit/tag-message/v1.2.0',
      'docs/notes%2C%20%22draft%22%20v2.md',
      `.spillkit/dangling-blob/${fixtureFindings()[5].blob}`,
    ]);
  });

  it('percent-encodes paths that are legal in git but not in a URI', () => {
    const finding = { ...fixtureFindings()[0], path: 'a b/c#d%e:f?.env' };
    expect(artifactUri(finding)).toBe('a%20b/c%23d%25e%3Af%3F.env');
    expect(artifactUri({ ...finding, path: 'bad\uD800name' })).toBe('bad%EF%BF%BDname');
  });

  it('carries provenance in result properties', () => {
    const props = sarifOf().runs[0].results[0].properties;
    expect(props).toMatchObject({
      commit: fixtureFindings()[0].commit,
      author: 'Alice Example',
      date: '2024-03-01T09:15:00Z',
      reachable: true,
      presentAtHead: true,
      occurrences: 4,
    });
    expect(props.refs).toHaveLength(5);
  });

  it('reports scan warnings as tool notifications', () => {
    const [invocation] = sarifOf().runs[0].invocations;
    expect(invocation.toolExecutionNotifications).toEqual([
      { level: 'warning', message: { text: 'pack-0a1b2c.pack: 3 objects skipped (delta base missing)' } },
    ]);
  });
});
