import { palette, stripAnsi, type Palette } from '../../report/ansi.js';
import { terminalSafe } from '../../report/safe-text.js';
import { describeLocation } from '../../report/scan/display.js';
import { severityRank } from '../../report/scan/rule-catalog.js';
import { groupDigits, humanBytes, humanDuration, plural } from '../../report/scan/units.js';
import type { RiskTier, SweepRepository, SweepResult } from '../types.js';

/**
 * `--format text`: the summary table, one row per repository that needs attention, ranked by risk
 * (critical secrets still at HEAD, then anything at HEAD, then history only, then repositories that
 * could not be scanned); clean repositories are only counted, since an organisation has thousands.
 * Below it, each risky repository's worst findings with the fingerprint to revoke, and why each failed
 * repository was not scanned. Every repository-supplied value goes through terminalSafe.
 */

/** Findings listed per repository before `+N more`; the JSON result has them all. */
const FINDINGS_SHOWN = 10;

const RISK_LABEL: Record<RiskTier, string> = {
  live: 'live credential',
  'critical-at-head': 'critical at HEAD',
  'at-head': 'at HEAD',
  'history-only': 'history only',
  unknown: 'not scanned',
  none: 'clean',
};

export function formatSweepText(result: SweepResult, opts: { color: boolean }): string {
  const p = palette(opts.color);
  const lines = [headline(result, p)];
  const attention = result.repositories.filter((r) => r.risk !== 'none');
  if (attention.length > 0) lines.push('', ...table(attention, p));
  const risky = attention.filter((r) => r.findings.length > 0);
  if (risky.length > 0) {
    lines.push('', p.bold('Findings, worst first:'));
    for (const repo of risky) lines.push('', ...repositoryFindings(repo, p));
  }
  const unscanned = result.repositories.filter((r) => r.status !== 'scanned');
  if (unscanned.length > 0) {
    lines.push('', p.yellow(p.bold('Not scanned:')));
    for (const repo of unscanned) lines.push(`  ${p.yellow('!')} ${terminalSafe(repo.name)}: ${repo.status}: ${terminalSafe(repo.error ?? '')}`);
  }
  const warnings = [...result.warnings, ...result.repositories.flatMap((r) => r.warnings.map((w) => `${r.name}: ${w}`))];
  if (warnings.length > 0) {
    lines.push('', p.yellow(`Warnings (${warnings.length}):`));
    for (const w of warnings) lines.push(`  ${p.yellow('!')} ${terminalSafe(w)}`);
  }
  if (risky.length > 0) {
    lines.push('', p.dim('Revoke each credential first (`spillkit revoke --finding FP --repo <clone>`); rewriting history does not un-leak it.'));
  }
  return `${lines.join('\n')}\n`;
}

function headline(result: SweepResult, p: Palette): string {
  const s = result.stats;
  const parts = [`${groupDigits(s.scanned)} scanned`];
  if (s.reused > 0) parts.push(`${groupDigits(s.reused)} unchanged since the last sweep`);
  if (s.failed > 0) parts.push(p.red(`${groupDigits(s.failed)} failed`));
  if (s.skipped > 0) parts.push(p.yellow(`${groupDigits(s.skipped)} skipped`));
  const shard = result.shard ? ` (shard ${result.shard.index}/${result.shard.count})` : '';
  const swept = `Swept ${plural(s.repositories, 'repository', 'repositories')}${shard}: ${parts.join(', ')}; ` +
    `${humanBytes(s.blobBytes)} of blobs in ${humanDuration(s.durationMs)}.`;
  const found = s.findings === 0
    ? p.green(p.bold(`No secrets found${s.failed + s.skipped > 0 ? ' in the repositories scanned' : ''}.`))
    : `${p.bold(plural(s.findings, 'finding'))} in ${plural(s.repositoriesWithFindings, 'repository', 'repositories')}, ` +
      `${p.red(`${groupDigits(s.findingsAtHead)} still at HEAD`)}; ${groupDigits(s.byRisk.none)} clean.`;
  return `${swept}\n${found}`;
}

function table(repos: readonly SweepRepository[], p: Palette): string[] {
  const header = ['RISK', 'REPOSITORY', 'FINDINGS', 'AT HEAD', 'CRITICAL', 'WORST'];
  const rows = repos.map((r) => {
    const scanned = r.status === 'scanned';
    return [
      riskStyle(r.risk, p)(RISK_LABEL[r.risk]),
      terminalSafe(r.name),
      scanned ? groupDigits(r.findings.length) : '-',
      scanned ? groupDigits(r.findings.filter((f) => f.presentAtHead).length) : '-',
      scanned ? groupDigits(r.findings.filter((f) => f.severity === 'critical').length) : '-',
      scanned ? worstSeverity(r) : r.status,
    ];
  });
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => stripAnsi(row[col]).length)));
  const numeric = new Set([2, 3, 4]);
  const render = (cells: string[]): string =>
    cells
      .map((cell, col) => {
        const pad = ' '.repeat(widths[col] - stripAnsi(cell).length);
        return numeric.has(col) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [p.dim(render(header)), ...rows.map(render)];
}

function worstSeverity(repo: SweepRepository): string {
  if (repo.findings.length === 0) return '-';
  return [...repo.findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity))[0].severity;
}

function repositoryFindings(repo: SweepRepository, p: Palette): string[] {
  const lines = [`  ${p.bold(terminalSafe(repo.name))} ${p.dim(`(${RISK_LABEL[repo.risk]})`)}`];
  for (const f of repo.findings.slice(0, FINDINGS_SHOWN)) {
    const live = f.validation?.state === 'live' ? `${p.alarm('LIVE')}  ` : '';
    const where = f.presentAtHead ? p.red('at HEAD') : f.reachable ? 'history' : f.reachable === null ? p.yellow('unknown') : p.yellow('dangling');
    lines.push(
      `    ${live}${f.severity.toUpperCase().padEnd(8)}  ${terminalSafe(f.rule)}  ${terminalSafe(describeLocation(f))}  ` +
        `${terminalSafe(f.redacted)}  ${where}  ${p.cyan(f.fingerprint)}`,
    );
  }
  const rest = repo.findings.length - FINDINGS_SHOWN;
  if (rest > 0) lines.push(p.dim(`    +${groupDigits(rest)} more (see --format json)`));
  return lines;
}

function riskStyle(risk: RiskTier, p: Palette): (text: string) => string {
  switch (risk) {
    case 'live':
    case 'critical-at-head':
      return p.alarm;
    case 'at-head':
      return (t) => p.bold(p.red(t));
    case 'history-only':
      return p.yellow;
    case 'unknown':
      return p.yellow;
    case 'none':
      return p.green;
  }
}
