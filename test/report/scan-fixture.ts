import type { Finding, ScanReport, ScanStats } from '../../src/scan/finding.js';
import type { ScanRuleInfo } from '../../src/report/scan/index.js';

/**
 * A fixed, fake ScanReport that exercises every branch of the scan formats: a pair of AWS halves still
 * at HEAD, secrets in a commit message and a tag message, a dangling blob, a path and author that are
 * hostile to CSV, and a rule the caller did not describe.
 *
 * No value here is a credential or even credential-shaped: hints are `XXXX…YYYY (N chars)` strings,
 * and secretHash values are deliberately low-entropy hex. (A real sha256 next to the key `secretHash`
 * in the golden JSON would trip generic high-entropy rules such as gitleaks' generic-api-key, and this
 * repository must scan clean with its own scanner.)
 */

/** A 40-hex object id that is obviously made up: the digit repeated, with a readable tag. */
export function fakeObjectId(digit: string): string {
  return `${digit.repeat(8)}deadbeef${digit.repeat(24)}`;
}

export function fakeHash(digit: string): string {
  return digit.repeat(64);
}

export const FIXTURE_RULES: ScanRuleInfo[] = [
  {
    id: 'aws-access-key-id',
    title: 'AWS access key ID',
    provider: 'aws',
    severity: 'critical',
    references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html'],
  },
  { id: 'aws-secret-access-key', title: 'AWS secret access key', provider: 'aws', severity: 'critical' },
  {
    id: 'github-pat',
    title: 'GitHub personal access token',
    provider: 'github',
    severity: 'high',
    references: ['not a url', 'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure'],
  },
  { id: 'slack-bot-token', title: 'Slack bot token', provider: 'slack', severity: 'high' },
  // generic-password and stripe-restricted-key are left out on purpose: formats must fall back to the id.
];

const BASE: Omit<Finding, 'fingerprint' | 'rule' | 'provider' | 'redacted' | 'secretHash'> = {
  severity: 'critical',
  confidence: 'high',
  source: 'blob',
  path: 'deploy/prod.env',
  line: 1,
  column: 1,
  commit: fakeObjectId('1'),
  author: 'Alice Example',
  authorEmail: 'alice@example.com',
  date: '2024-03-01T09:15:00Z',
  blob: fakeObjectId('a'),
  refs: ['refs/heads/main'],
  reachable: true,
  presentAtHead: false,
  occurrences: 1,
};

export function fixtureFindings(): Finding[] {
  return [
    {
      ...BASE,
      fingerprint: 'fp-aws-key-id-0001',
      rule: 'aws-access-key-id',
      provider: 'aws',
      line: 3,
      column: 19,
      refs: ['refs/heads/main', 'refs/heads/release', 'refs/remotes/origin/main', 'refs/stash', 'refs/tags/v1.0.0'],
      presentAtHead: true,
      occurrences: 4,
      redacted: 'AKIA…WXYZ (20 chars)',
      secretHash: fakeHash('1'),
      pairedWith: 'fp-aws-pair-0002',
    },
    {
      ...BASE,
      fingerprint: 'fp-aws-pair-0002',
      rule: 'aws-secret-access-key',
      provider: 'aws',
      line: 4,
      column: 23,
      refs: ['refs/heads/main', 'refs/heads/release', 'refs/remotes/origin/main', 'refs/stash', 'refs/tags/v1.0.0'],
      presentAtHead: true,
      occurrences: 4,
      redacted: 'abcd…wxyz (40 chars)',
      secretHash: fakeHash('2'),
      pairedWith: 'fp-aws-key-id-0001',
    },
    {
      ...BASE,
      fingerprint: 'fp-github-0003',
      rule: 'github-pat',
      provider: 'github',
      severity: 'high',
      source: 'commit-message',
      path: null,
      line: 2,
      column: 10,
      commit: fakeObjectId('2'),
      author: 'Bob Builder',
      authorEmail: 'bob@example.com',
      date: '2023-11-20T17:02:44Z',
      blob: fakeObjectId('2'),
      refs: ['refs/heads/feature/login'],
      redacted: 'ghp_…Ab12 (40 chars)',
      secretHash: fakeHash('3'),
    },
    {
      ...BASE,
      fingerprint: 'fp-slack-0004',
      rule: 'slack-bot-token',
      provider: 'slack',
      severity: 'high',
      confidence: 'medium',
      source: 'tag-message',
      path: null,
      line: 5,
      column: 1,
      commit: fakeObjectId('3'),
      tag: 'v1.2.0',
      blob: fakeObjectId('b'),
      refs: ['refs/tags/v1.2.0'],
      redacted: 'xoxb…1a2b (57 chars)',
      secretHash: fakeHash('4'),
    },
    {
      ...BASE,
      fingerprint: 'fp-generic-0005',
      rule: 'generic-password',
      provider: 'generic',
      severity: 'medium',
      confidence: 'low',
      // Attacker-chosen names: a comma, quotes and a formula where a spreadsheet would run it.
      path: 'docs/notes, "draft" v2.md',
      line: 12,
      column: 7,
      commit: fakeObjectId('4'),
      author: '=HYPERLINK("https://example.invalid","click")',
      authorEmail: 'mallory@example.invalid',
      date: '2022-06-30T23:59:59Z',
      blob: fakeObjectId('c'),
      refs: ['refs/heads/main'],
      redacted: 'pa…rd (8 chars)',
      secretHash: fakeHash('5'),
    },
    {
      ...BASE,
      fingerprint: 'fp-stripe-0006',
      rule: 'stripe-restricted-key',
      provider: 'stripe',
      severity: 'low',
      path: null,
      line: 1,
      column: 5,
      commit: null,
      author: null,
      authorEmail: null,
      date: null,
      blob: fakeObjectId('d'),
      refs: [],
      reachable: false,
      redacted: 'rk_l…9f8e (107 chars)',
      secretHash: fakeHash('6'),
    },
  ];
}

export function fixtureStats(overrides: Partial<ScanStats> = {}): ScanStats {
  return {
    objects: 12345,
    blobs: 8000,
    commits: 2100,
    trees: 2200,
    tags: 45,
    packs: 2,
    looseObjects: 12,
    blobBytes: 4404019,
    scannedBytes: 1234567,
    durationMs: 1340,
    threads: 8,
    deltaReuse: true,
    findings: 6,
    suppressed: 2,
    warnings: ['pack-0a1b2c.pack: 3 objects skipped (delta base missing)'],
    ...overrides,
  };
}

export function fixtureReport(): ScanReport {
  return {
    version: 1,
    repository: '/srv/repos/payments',
    scannedAt: '2024-05-02T10:00:00.000Z',
    stats: fixtureStats(),
    findings: fixtureFindings(),
  };
}

export function cleanReport(): ScanReport {
  return {
    version: 1,
    repository: '/srv/repos/payments',
    scannedAt: '2024-05-02T10:00:00.000Z',
    stats: fixtureStats({ findings: 0, suppressed: 0, warnings: [], durationMs: 420 }),
    findings: [],
  };
}

/** A value that is unmistakable in output and shaped like no credential at all. Built at run time. */
export function canary(n: number): string {
  return ['spillkit', 'canary', 'value', String(n).padStart(3, '0')].join('-');
}

export function withSecrets(report: ScanReport): ScanReport {
  return { ...report, findings: report.findings.map((finding, i) => ({ ...finding, secret: canary(i) })) };
}
