// `spillkit rules`: the rule set as a user inspects it: list, show, check and test a snippet.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/rules/fake-secret.js';
import { loadBuiltinRules } from '../../src/rules/load.js';
import { runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'spillkit-rules-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('spillkit rules', () => {
  it('lists every rule with what makes it match, and counts them', async () => {
    const r = await runCli(['rules', 'list']);
    expect(r.code).toBe(0);
    const rules = loadBuiltinRules();
    expect(r.stdout).toContain(`${rules.length} rules over ${new Set(rules.map((x) => x.provider)).size} providers.`);
    expect(r.stdout).toMatch(/github-pat\s+github\s+critical\s+prefix ghp_; CRC32 checksum.*\[identify, verify, revoke, rotate, deliver, evidence\]/);
    const json = await runCli(['rules', 'list', '--json', '--provider', 'stripe']);
    const listed = (json.json as { rules: Array<{ id: string; provider: string }> }).rules;
    expect(listed.length).toBeGreaterThan(1);
    expect(listed.every((x) => x.provider === 'stripe')).toBe(true);
  });

  it('shows one rule with its pattern and console page, and refuses an unknown id', async () => {
    const r = await runCli(['rules', 'show', 'github-pat']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('pattern      ');
    expect(r.stdout).toMatch(/console\s+https:\/\//);
    const missing = await runCli(['rules', 'show', 'no-such-rule']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('checks every example of every rule', async () => {
    const r = await runCli(['rules', 'check']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/all pass\.\n$/);
  });

  it('checks a config\'s rules too, and fails on a negative example a rule finds', async () => {
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'rules:\n  - id: acme-token\n    title: Acme token\n    keywords: [acme_]\n    pattern: "acme_[a-z]{40}"\n    examples: ["acme_$[lower:40]"]\n    negativeExamples: ["acme_$[lower:10]"]\n');
    const ok = await runCli(['rules', 'check', '--config', good]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'rules:\n  - id: acme-token\n    title: Acme token\n    keywords: [acme_]\n    pattern: "acme_[a-z]{40}"\n    examples: ["acme_$[lower:40]"]\n    negativeExamples: ["acme_$[lower:44]"]\n');
    const failed = await runCli(['rules', 'check', '--config', bad]);
    expect(failed.code).toBe(2);
    expect(failed.stdout).toContain('FAIL acme-token: finds negative example 1');
  });

  it('tells which rules fire on a file and why, never showing the secret', async () => {
    const token = expandTemplate('ghp_$[crc62:30]', 'rules-cli');
    const file = join(dir, 'snippet.env');
    writeFileSync(file, `# deploy\nGITHUB_TOKEN=${token}\n`);
    const r = await runCli(['rules', 'test', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^2:14 {2}github-pat \(critical, high\)/);
    expect(r.stdout).toContain('why: prefix ghp_, CRC32 checksum holds');
    expect(r.stdout).not.toContain(token);
    const clean = join(dir, 'clean.txt');
    writeFileSync(clean, 'nothing here\n');
    expect((await runCli(['rules', 'test', clean])).code).toBe(0);
  });
});
