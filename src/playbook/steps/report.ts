/**
 * The report step: the incident report (src/report/incident) built from this incident's journal and
 * saved beside it; `spillkit report` can write it again at any time from the same journal.
 */
import { buildIncidentReport, gatherReportInput, renderIncidentReport, REPORT_FORMATS } from '../../report/incident/index.js';
import { foldJournal } from '../../report/incident/journal-facts.js';
import { EV } from '../journal-events.js';
import type { StepContext, StepOutcome } from './context.js';

/** What a report writer produces: artifact name -> path. */
export type ReportWriter = (ctx: StepContext) => Promise<Record<string, string> | null>;

export function reportStep(writer: ReportWriter) {
  return async (ctx: StepContext): Promise<StepOutcome> => {
    if (ctx.settings.dryRun || !ctx.incident) {
      ctx.record(EV.reportTodo, { reason: 'dry run: the report is written from the incident journal of a real run' });
      return { status: 'done', summary: 'dry run: a real run writes the incident report from its journal' };
    }
    const files = await writer(ctx);
    if (files === null) {
      ctx.record(EV.reportTodo, { reason: 'no incident to report on; run `spillkit report` after a real run' });
      return { status: 'done', summary: 'no incident to report on: write the report with `spillkit report`' };
    }
    ctx.record(EV.reportWritten, { files });
    // The incident stays open while a fresh clone of the remote still finds a planned secret that
    // nobody acknowledged as waiting on the host (`spillkit rewrite --verify-remote`).
    const remote = foldJournal(ctx.entries()).rewrite.remote;
    if (remote && !remote.clean && !remote.waitingOnHost) {
      const refs = [...new Set(remote.remaining.flatMap((r) => r.refs))];
      return {
        status: 'needs-user',
        reason: `the remote still serves ${remote.remaining.length} planned secret(s) through ${refs.slice(0, 5).join(', ')}${refs.length > 5 ? ` and ${refs.length - 5} more` : ''}: ` +
          'push or ask the host (SUPPORT-REQUEST.md), then `spillkit rewrite --verify-remote` (or --acknowledge-host-refs); report written: ' + Object.values(files).join(', '),
      };
    }
    return { status: 'done', summary: `report: ${Object.values(files).join(', ')}` };
  };
}

/** Default writer: the incident report built from the journal, saved as Markdown, JSON and HTML. */
export const defaultReportWriter: ReportWriter = async (ctx) => {
  if (!ctx.incident) return null;
  const { input } = gatherReportInput({ path: ctx.repoPath, incidentId: ctx.incident.id, toolVersion: ctx.settings.toolVersion });
  // This step is running while it writes: its own start is not a step "started and never finished".
  const lastStart = input.journal.map((e) => e.type === EV.stepStarted && e.step === ctx.step.id).lastIndexOf(true);
  if (lastStart >= 0) input.journal = input.journal.filter((_e, i) => i !== lastStart);
  const report = buildIncidentReport(input);
  const files: Record<string, string> = {};
  for (const format of REPORT_FORMATS) files[format] = ctx.writeArtifact(`report.${format}`, renderIncidentReport(report, format));
  return files;
};
