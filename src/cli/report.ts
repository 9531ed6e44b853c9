import { incidentReport, type IncidentReportResult } from '../api/report.js';
import { SpillkitError } from '../errors.js';
import { isReportFormat, REPORT_FORMATS, type ReportFormat } from '../report/incident/index.js';
import { terminalSafe } from '../report/safe-text.js';
import { parseCommandArgs } from './args.js';
import { printNote, printText, writeOutputFile } from './output.js';

export const REPORT_HELP = `Usage: spillkit report [PATH] [--incident ID] [--format md|json|html] [--output FILE]

Writes the incident report: summary and severity, each secret (redacted) with its owner and scopes,
the timeline (committed, first pushed, detected, revoked, rotated, rewritten, pushed, verified), the
exposure window, the provider's evidence of use, affected commits and refs, every action with who and
when, what is still open, and the facts to start the lessons learned from. No secret is ever in it.

Options:
  --incident ID      the incident to report on (default: the open incident, else the most recent one)
  --format FORMAT    md (default), json or html (one self-contained page)
  --output FILE      write it to FILE (mode 0600) instead of stdout
  --json             same as --format json

The report is also saved in the incident (report.md, report.json or report.html). Without any
incident, a scan-only report is made from the latest saved scan (every response step shows as open).

Exit codes: 0 written and nothing left open, 1 written with open items, 2 failure or nothing to report.`;

export type ReportRun = IncidentReportResult;

/** The headless part of the command (the library's incidentReport). */
export function runReport(opts: { path: string; incidentId?: string; format: ReportFormat; now?: () => Date }): ReportRun {
  return incidentReport(opts);
}

export async function reportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      incident: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
    },
    'report',
  );
  if (values.help) {
    process.stdout.write(`${REPORT_HELP}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new SpillkitError('USAGE', 'report takes one PATH (see `spillkit report --help`)');
  const format = values.format ?? (values.json ? 'json' : 'md');
  if (!isReportFormat(format)) throw new SpillkitError('USAGE', `--format must be one of ${REPORT_FORMATS.join(', ')}, not '${format}'`);

  const { report, text, artifact } = runReport({ path: positionals[0] ?? '.', incidentId: values.incident, format });
  if (values.output !== undefined) {
    writeOutputFile(values.output, text);
    printNote(`spillkit: report written to ${terminalSafe(values.output)}\n`);
  } else if (format === 'json') process.stdout.write(text);
  else printText(text); // md and html escape every value already; the sink guards what they would miss
  if (artifact) printNote(`spillkit: saved in the incident as ${terminalSafe(artifact)}\n`);
  else printNote('spillkit: no incident yet: this is a scan-only report (not saved in the store)\n');
  return report.openItems.length > 0 ? 1 : 0;
}
