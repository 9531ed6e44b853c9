import { describe, expect, it } from 'vitest';
import { stripAnsi } from '../../src/report/ansi.js';
import { terminalSafe } from '../../src/report/safe-text.js';
import { formatScanReport } from '../../src/report/scan/index.js';
import { cleanReport, FIXTURE_RULES, fixtureFindings, fixtureReport, fixtureStats } from './scan-fixture.js';

const opts = { color: false, showSecrets: false, toolVersion: '0.1.0', rules: FIXTURE_RULES };
const text = (report = fixtureReport(), extra: Partial<typeof opts> & { color?: boolean } = {}): string =>
  formatScanReport(report, 'text', { ...opts, ...extra });

describe('text output', () => {
  it('a clean scan is one clear line plus the stats', () => {
    const lines = text(cleanReport()).trimEnd().split('\n');
    expect(lines).toEqual([
      'No secrets found in /srv/repos/payments.',
      'Scanned 12,345 objects, 4.2 MiB in 420 ms.',
    ]);
  });

  it('a clean scan still reports warnings and suppressed findings', () => {
    const report = { ...cleanReport(), stats: fixtureStats({ findings: 0 }) };
    const out = text(report);
    expect(out.split('\n')[0]).toBe('No secrets found in /srv/repos/payments.');
    expect(out).toContain('2 more findings suppressed by allowlist or baseline.');
    expect(out).toMatch(/Warnings \(1\):\n {2}! pack-0a1b2c\.pack: 3 objects skipped \(delta base missing\)\n$/);
  });

  it('starts with a header: count, repository, severities, objects, bytes and duration', () => {
    expect(text().split('\n')[0]).toBe(
      '6 findings in /srv/repos/payments (2 critical, 2 high, 1 medium, 1 low); scanned 12,345 objects, 4.2 MiB in 1.3 s',
    );
  });

  it('groups by provider then rule, worst severity first', () => {
    const providers = text()
      .split('\n')
      .filter((line) => /^\S/.test(line) && !/findings? in|suppressed|Revoke|Warnings/.test(line));
    expect(providers).toEqual(['aws', 'github', 'slack', 'generic', 'stripe']);
    const ruleHeaders = text().split('\n').filter((line) => /^ {2}[A-Z]+ {2}/.test(line));
    expect(ruleHeaders).toEqual([
      '  CRITICAL  AWS access key ID (aws-access-key-id, 1 finding)',
      '  CRITICAL  AWS secret access key (aws-secret-access-key, 1 finding)',
      '  HIGH  GitHub personal access token (github-pat, 1 finding)',
      '  HIGH  Slack bot token (slack-bot-token, 1 finding)',
      '  MEDIUM  generic-password (1 finding)',
      '  LOW  stripe-restricted-key (1 finding)',
    ]);
  });

  it('says where each finding is, who committed it and how to revoke it', () => {
    const out = text();
    expect(out).toContain('    deploy/prod.env:3:19\n');
    expect(out).toContain('    commit message of 22222222de, line 2\n');
    expect(out).toContain('    tag v1.2.0 message, line 5\n');
    expect(out).toContain('    blob ddddddddde (no path), line 1, column 5\n');
    expect(out).toContain('commit       22222222de  Bob Builder <bob@example.com>  2023-11-20\n');
    expect(out).toContain('refs         refs/heads/main, refs/heads/release, refs/remotes/origin/main, +2 more\n');
    expect(out).toContain('status       still at HEAD, 4 occurrences, paired with fp-aws-pair-0002\n');
    expect(out).toContain('status       dangling (no ref reaches it)\n');
    expect(out).toContain('fingerprint  fp-github-0003  spillkit revoke --finding fp-github-0003\n');
    expect(out).toContain('hint         AKIA…WXYZ (20 chars)\n');
  });

  it('colours only when asked', () => {
    expect(text()).not.toContain('\u001b[');
    const colored = text(fixtureReport(), { color: true });
    expect(colored).toContain('\u001b[');
    expect(stripAnsi(colored)).toBe(text());
    expect(text(cleanReport(), { color: true })).toContain('\u001b[');
  });

  it('cannot be hijacked by escape sequences or bidi overrides in repository data', () => {
    const findings = fixtureFindings();
    findings[0] = {
      ...findings[0],
      path: 'evil\u001b]0;pwned\u0007\u001b[2J.env',
      author: 'Eve \u202eredli\u202c',
      refs: ['refs/heads/x\u001b[31m'],
    };
    const out = text({ ...fixtureReport(), findings, stats: fixtureStats({ warnings: ['bad\rline'] }) });
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e]/);
    expect(out).toContain('evil\\x1b]0;pwned\\x07\\x1b[2J.env:3:19');
    expect(out).toContain('Eve \\u202eredli\\u202c');
    expect(out).toContain('bad\\x0dline');
  });

  it('terminalSafe leaves ordinary text, including non-Latin names, alone', () => {
    expect(terminalSafe('Zoë Ñúñez 山田 <z@example.com> …')).toBe('Zoë Ñúñez 山田 <z@example.com> …');
    expect(terminalSafe('tab\there')).toBe('tab\\x09here');
  });

  it('falls back to the rule id when the caller did not describe the rule', () => {
    const out = formatScanReport(fixtureReport(), 'text', { ...opts, rules: undefined });
    expect(out).toContain('  CRITICAL  aws-access-key-id (1 finding)');
  });
});
