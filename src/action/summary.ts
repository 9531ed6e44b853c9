import { codeSpan, md } from '../report/markdown.js';
import { describeLocation, shortId } from '../report/scan/display.js';
import { severityRank } from '../report/scan/rule-catalog.js';
import type { Finding, ScanReport } from '../scan/finding.js';
import type { Validation } from '../verify/validator.js';
import type { FailOn } from './inputs.js';

/** Rows in the job summary; the SARIF upload and the report file hold every finding. */
export const SUMMARY_ROWS = 50;

export interface SummaryInput {
  report: ScanReport;
  scope: string;
  failOn: FailOn;
  fail: boolean;
  /** Things the run had to decide (a base that is not in the clone, ...). */
  notes: string[];
}

type Checked = Finding & { validation?: Validation };

const LIVE_LABEL: Record<Validation['state'], string> = { live: '**LIVE**', 'not-live': 'not live', unknown: 'could not tell' };

/**
 * The job summary (`$GITHUB_STEP_SUMMARY`, Markdown): what was scanned and each finding by its redacted
 * hint, never a secret. Everything that came from the repository (paths, rule ids, hints) is escaped.
 */
export function renderSummary(input: SummaryInput): string {
  const findings = [...(input.report.findings as Checked[])].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  const checked = findings.some((f) => f.validation !== undefined);
  const live = findings.filter((f) => f.validation?.state === 'live').length;
  const lines: string[] = [];
  if (findings.length === 0) {
    lines.push('## spillkit: no secrets found', '', `Scanned ${md(input.scope)}.`);
  } else {
    const liveNote = checked ? `, ${live} confirmed live` : '';
    lines.push(`## spillkit: ${findings.length} secret(s) found${liveNote}`, '', `Scanned ${md(input.scope)}.`);
  }
  for (const note of input.notes) lines.push('', `> ${md(note)}`);
  if (findings.length > 0) {
    lines.push('', `| Severity | Rule | Where | Commit | Hint | Fingerprint${checked ? ' | Live' : ''} |`, `|---|---|---|---|---|---${checked ? '|---' : ''}|`);
    for (const f of findings.slice(0, SUMMARY_ROWS)) {
      const cells = [f.severity, codeSpan(f.rule), md(describeLocation(f)), f.commit ? codeSpan(shortId(f.commit)) : '', codeSpan(f.redacted), codeSpan(f.fingerprint)];
      if (checked) cells.push(f.validation ? `${LIVE_LABEL[f.validation.state]}` : '');
      lines.push(`| ${cells.join(' | ')} |`);
    }
    if (findings.length > SUMMARY_ROWS) lines.push('', `… and ${findings.length - SUMMARY_ROWS} more (see the code scanning alerts).`);
    lines.push(
      '',
      'Revoke each credential first (`spillkit revoke --finding FP`), then rotate it and clean the history ' +
        '(`spillkit plan-rewrite`): removing it in a new commit does not un-leak it.',
    );
  }
  const verdict = input.fail
    ? input.failOn === 'live' ? 'The job fails: a credential is confirmed live.' : 'The job fails on findings (input fail-on).'
    : findings.length > 0 ? `The job does not fail (fail-on: ${input.failOn}).` : '';
  if (verdict) lines.push('', verdict);
  return `${lines.join('\n')}\n`;
}
