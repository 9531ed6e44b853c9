import type { Severity } from '../../rules/types.js';
import type { Finding, ScanReport } from '../../scan/finding.js';
import { isoDay, shortId } from './display.js';
import { rulesForFindings, type ScanRuleInfo } from './rule-catalog.js';

/**
 * `--format sarif`: SARIF 2.1.0 shaped for GitHub code scanning (upload-sarif), which needs a tool
 * driver name, a ruleId and message text per result, exactly one physical location with a relative
 * URI, and stable partialFingerprints so an alert keeps its identity across uploads.
 *
 * SARIF is made to be uploaded to a third party, so it never carries the secret, not even under
 * --show-secrets, nor its hash (a fast hash of a short or guessable secret can be brute-forced).
 */

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SPILLKIT_INFORMATION_URI = 'https://github.com/spillkit/spillkit';
/** Key of our entry in partialFingerprints; bump the suffix only if the fingerprint scheme changes. */
export const PARTIAL_FINGERPRINT_KEY = 'spillkit/v1';

export interface SarifScanOptions {
  toolVersion: string;
  rules?: readonly ScanRuleInfo[];
}

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

/** GitHub buckets security-severity scores: >= 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

export function formatScanSarif(report: ScanReport, opts: SarifScanOptions): string {
  const rules = rulesForFindings(report.findings, opts.rules ?? []);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'spillkit',
            version: opts.toolVersion,
            informationUri: SPILLKIT_INFORMATION_URI,
            rules: rules.map(sarifRule),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.stats.warnings.map((text) => ({ level: 'warning', message: { text } })),
          },
        ],
        // Finding columns count characters (code points), not SARIF's default UTF-16 code units.
        columnKind: 'unicodeCodePoints',
        results: report.findings.map((finding) => sarifResult(finding, ruleIndex.get(finding.rule)!, rules)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function sarifRule(rule: ScanRuleInfo): Record<string, unknown> {
  const helpUri = rule.references?.find(isWebUrl);
  const references = (rule.references ?? []).filter(isWebUrl);
  const help =
    `A credential matching "${rule.title}" is in the repository's history. Revoke it first ` +
    '(spillkit revoke --finding FP), then rotate it and clean the history (spillkit plan-rewrite); ' +
    'rewriting history alone does not un-leak it.';
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: `${rule.title} (provider: ${rule.provider}).` },
    ...(helpUri !== undefined ? { helpUri } : {}),
    help: {
      text: help,
      markdown: [help, ...references.map((uri) => `- <${uri}>`)].join('\n\n'),
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ['security', 'secret', 'external/cwe/cwe-798', `provider/${rule.provider}`],
      'security-severity': SECURITY_SEVERITY[rule.severity],
    },
  };
}

function sarifResult(finding: Finding, ruleIndex: number, rules: readonly ScanRuleInfo[]): Record<string, unknown> {
  const rule = rules[ruleIndex];
  return {
    ruleId: finding.rule,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: resultMessage(finding, rule) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(finding) },
          region: { startLine: Math.max(1, finding.line), startColumn: Math.max(1, finding.column) },
        },
      },
    ],
    partialFingerprints: { [PARTIAL_FINGERPRINT_KEY]: finding.fingerprint },
    properties: {
      fingerprint: finding.fingerprint,
      provider: finding.provider,
      confidence: finding.confidence,
      source: finding.source,
      commit: finding.commit,
      ...(finding.tag !== undefined ? { tag: finding.tag } : {}),
      blob: finding.blob,
      author: finding.author,
      date: finding.date,
      refs: finding.refs,
      reachable: finding.reachable,
      presentAtHead: finding.presentAtHead,
      occurrences: finding.occurrences,
      ...(finding.why?.length ? { why: finding.why } : {}),
      ...(finding.pairedWith !== undefined ? { pairedWith: finding.pairedWith } : {}),
      ...(finding.validation !== undefined ? { validation: finding.validation } : {}),
    },
  };
}

function resultMessage(finding: Finding, rule: ScanRuleInfo): string {
  const where =
    finding.commit !== null
      ? `introduced in commit ${shortId(finding.commit)}${finding.date !== null ? ` on ${isoDay(finding.date)}` : ''}`
      : `in blob ${shortId(finding.blob)}, which no commit holds`;
  const head = finding.presentAtHead ? '; still at HEAD' : '';
  return `${rule.title}: ${finding.redacted}, ${where}${head}. Revoke with: spillkit revoke --finding ${finding.fingerprint}`;
}

/**
 * A relative URI for the finding's location. Blob findings use their tree path, percent-encoded per
 * segment (spaces, `#`, `%` and `:` are legal in git paths but not as-is in a URI). Secrets in commit
 * messages, tag messages or dangling blobs have no file in the tree; GitHub still needs one location
 * per result, so they point into a `.spillkit/` pseudo-directory that names honestly what holds the
 * secret instead of pretending it is in a real file:
 *   `.spillkit/commit-message/<commit>`, `.spillkit/tag-message/<tag>`, `.spillkit/dangling-blob/<blob>`.
 */
export function artifactUri(finding: Finding): string {
  if (finding.source === 'blob' && finding.path !== null) return encodePath(finding.path);
  if (finding.source === 'commit-message' && finding.commit !== null) return `.spillkit/commit-message/${finding.commit}`;
  if (finding.source === 'tag-message') return `.spillkit/tag-message/${encodePath(finding.tag ?? finding.blob)}`;
  return `.spillkit/dangling-blob/${finding.blob}`;
}

function encodePath(path: string): string {
  // encodeURIComponent throws on a lone surrogate; a mangled name still deserves a location.
  const wellFormed = path.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return wellFormed.split('/').map(encodeURIComponent).join('/');
}

function isWebUrl(candidate: string): boolean {
  return /^https?:\/\/\S+$/i.test(candidate) && URL.canParse(candidate);
}

/** `aws-access-key-id` -> `AwsAccessKeyId`: SARIF's rule `name` is an identifier-like label. */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}
