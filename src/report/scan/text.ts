import type { Severity } from '../../rules/types.js';
import type { Finding, ScanReport } from '../../scan/finding.js';
import type { Validation } from '../../verify/validator.js';
import { palette, type Palette, type Style } from '../ansi.js';
import { terminalSafe } from '../safe-text.js';
import { describeLocation, isoDay, shortId } from './display.js';
import { groupFindings, type RuleGroup } from './grouping.js';
import { SEVERITY_ORDER, type ScanRuleInfo } from './rule-catalog.js';
import { groupDigits, humanBytes, humanDuration, plural } from './units.js';

/**
 * `--format text`: what a responder reads first. Findings are grouped by provider (who to call to
 * revoke), then rule, worst severity first; each finding says where it is, who committed it when,
 * which refs still carry it, and the fingerprint to hand to `spillkit revoke --finding`.
 *
 * Every value that comes from the repository goes through terminalSafe: a file name or author holding
 * an escape sequence must not be able to repaint the responder's terminal.
 */

export interface TextScanOptions {
  color: boolean;
  showSecrets: boolean;
  rules?: readonly ScanRuleInfo[];
}

/** How many refs to list before `+N more`. */
const REFS_SHOWN = 3;
const INDENT_RULE = '  ';
const INDENT_FINDING = '    ';
const INDENT_DETAIL = '      ';
const LABEL_WIDTH = 'fingerprint'.length + 2;

export function formatScanText(report: ScanReport, opts: TextScanOptions): string {
  const p = palette(opts.color);
  const lines = headerLines(report, p);
  if (report.findings.length > 0) {
    for (const group of groupFindings(report.findings, opts.rules ?? [])) {
      lines.push('', p.bold(terminalSafe(group.provider)));
      group.rules.forEach((ruleGroup, i) => {
        if (i > 0) lines.push('');
        lines.push(...ruleSection(ruleGroup, p, opts.showSecrets, report.stats.input !== undefined));
      });
    }
    lines.push('', p.dim(report.stats.input !== undefined
      ? 'Revoke each credential at its provider (`spillkit rules show RULE` names the console page); these files are not in git history.'
      : 'Revoke each credential first (`spillkit revoke --finding FP`); rewriting history does not un-leak it.'));
  }
  const { warnings } = report.stats;
  if (warnings.length > 0) {
    lines.push('', p.yellow(`Warnings (${warnings.length}):`));
    for (const warning of warnings) lines.push(`${INDENT_RULE}${p.yellow('!')} ${terminalSafe(warning)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A clean scan says so in its first line; otherwise the first line counts findings by severity. */
function headerLines(report: ScanReport, p: Palette): string[] {
  const { findings, stats } = report;
  const repository = terminalSafe(report.repository);
  const lines =
    findings.length === 0
      ? [p.green(p.bold(`No secrets found in ${repository}.`)), p.dim(`Scanned ${scannedSummary(report)}.`)]
      : [
          `${p.bold(plural(findings.length, 'finding'))} in ${p.bold(repository)} ` +
            `(${severityBreakdown(findings)}); ${p.dim(`scanned ${scannedSummary(report)}`)}`,
        ];
  if (stats.suppressed > 0) {
    lines.push(p.dim(`${plural(stats.suppressed, 'more finding')} suppressed by allowlist or baseline.`));
  }
  const v = stats.verification;
  if (v) {
    const live = v.live > 0 ? p.red(p.bold(`${groupDigits(v.live)} LIVE`)) : '0 live';
    lines.push(`Verified: ${live}, ${groupDigits(v.notLive)} not live, ${groupDigits(v.unknown)} unknown, ${groupDigits(v.noValidator)} with no live check` +
      p.dim(` (${plural(v.checked, 'provider check')}${v.cached ? `, ${groupDigits(v.cached)} from cache` : ''}).`));
  }
  return lines;
}

function scannedSummary(report: ScanReport): string {
  const { stats } = report;
  return `${plural(stats.objects, 'object')}, ${humanBytes(stats.blobBytes)} in ${humanDuration(stats.durationMs)}`;
}

function severityBreakdown(findings: readonly Finding[]): string {
  return SEVERITY_ORDER.map((severity) => [severity, findings.filter((f) => f.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${groupDigits(count)} ${severity}`)
    .join(', ');
}

function severityStyle(severity: Severity, p: Palette): Style {
  switch (severity) {
    case 'critical':
      return p.alarm;
    case 'high':
      return (text) => p.bold(p.red(text));
    case 'medium':
      return p.yellow;
    case 'low':
      return p.cyan;
  }
}

function ruleSection(group: RuleGroup, p: Palette, showSecrets: boolean, plain: boolean): string[] {
  const badge = severityStyle(group.severity, p)(group.severity.toUpperCase());
  const { id, title } = group.rule;
  const count = plural(group.findings.length, 'finding');
  const detail = title === id ? count : `${id}, ${count}`;
  const lines = [`${INDENT_RULE}${badge}  ${p.bold(terminalSafe(title))} ${p.dim(`(${terminalSafe(detail)})`)}`];
  for (const finding of group.findings) lines.push('', ...findingLines(finding, p, showSecrets, plain));
  return lines;
}

/** `plain`: a file or standard input outside git, so no commit, refs, status or revoke-by-fingerprint. */
function findingLines(finding: Finding, p: Palette, showSecrets: boolean, plain = false): string[] {
  const detail = (label: string, value: string): string =>
    `${INDENT_DETAIL}${p.dim(label.padEnd(LABEL_WIDTH))}${value}`;

  const lines = [`${INDENT_FINDING}${p.bold(terminalSafe(describeLocation(finding)))}`];
  lines.push(detail('hint', terminalSafe(finding.redacted)));
  if (finding.validation) lines.push(detail('live?', validationText(finding.validation, p)));
  if (finding.why?.length) lines.push(detail('why', terminalSafe(`${finding.why.join(', ')} (${finding.confidence} confidence)`)));
  if (showSecrets && finding.secret !== undefined) lines.push(detail('secret', p.red(terminalSafe(finding.secret))));
  if (plain) {
    lines.push(detail('fingerprint', p.cyan(finding.fingerprint)));
    return lines;
  }
  lines.push(detail('commit', commitSummary(finding, p)));
  if (finding.refs.length > 0) lines.push(detail('refs', refsSummary(finding.refs, p)));
  const flags = statusFlags(finding, p);
  if (flags.length > 0) lines.push(detail('status', flags.join(', ')));
  lines.push(detail('fingerprint', `${p.cyan(finding.fingerprint)}  ${p.dim(`spillkit revoke --finding ${finding.fingerprint}`)}`));
  return lines;
}

function validationText(v: Validation, p: Palette): string {
  const state = v.state === 'live' ? p.red('LIVE') : v.state === 'not-live' ? p.green('not live') : p.yellow('unknown');
  return `${state}  ${p.dim(terminalSafe(v.detail))}`;
}

function commitSummary(finding: Finding, p: Palette): string {
  if (finding.commit === null) return p.dim(`none (no commit holds blob ${shortId(finding.blob)})`);
  const parts = [p.cyan(shortId(finding.commit))];
  if (finding.author !== null) {
    const email = finding.authorEmail !== null ? ` <${finding.authorEmail}>` : '';
    parts.push(terminalSafe(`${finding.author}${email}`));
  }
  if (finding.date !== null) parts.push(p.dim(terminalSafe(isoDay(finding.date))));
  return parts.join('  ');
}

function refsSummary(refs: readonly string[], p: Palette): string {
  const shown = refs.slice(0, REFS_SHOWN).map(terminalSafe);
  const rest = refs.length - shown.length;
  return rest > 0 ? `${shown.join(', ')}, ${p.dim(`+${groupDigits(rest)} more`)}` : shown.join(', ');
}

function statusFlags(finding: Finding, p: Palette): string[] {
  const flags: string[] = [];
  if (finding.presentAtHead) flags.push(p.red('still at HEAD'));
  if (finding.reachable === false) flags.push(p.yellow('dangling (no ref reaches it)'));
  else if (finding.reachable === null) flags.push(p.yellow('reachability unknown (refs could not all be read)'));
  if (finding.occurrences > 1) flags.push(`${groupDigits(finding.occurrences)} occurrences`);
  if (finding.pairedWith !== undefined) flags.push(`paired with ${p.cyan(terminalSafe(finding.pairedWith))}`);
  return flags;
}
