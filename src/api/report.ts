import { VERSION } from '../cli/version.js';
import { assertReportHoldsNoSecret } from '../report/incident/leak-guard.js';
import { buildIncidentReport, gatherReportInput, renderIncidentReport, type IncidentReport, type ReportFormat } from '../report/incident/index.js';

export interface IncidentReportOptions {
  /** The repository (default `.`). */
  path?: string;
  /** The incident to report on (default: the open incident, else the most recent one). */
  incidentId?: string;
  /** md (default), json or html. */
  format?: ReportFormat;
  /** Clock for "now" in the report (open items' ages); tests pin it. */
  now?: () => Date;
}

export interface IncidentReportResult {
  /** The report, as `spillkit report --format json` prints it. */
  report: IncidentReport;
  /** The rendered report in the chosen format. Never holds a secret. */
  text: string;
  /** Where the copy saved in the incident went; null for a scan-only report (no incident yet). */
  artifact: string | null;
}

/**
 * The incident report: gather the incident's journal and scan, build, render, and save a copy in the
 * incident (`report.md`, `report.json` or `report.html`). Without any incident it is a scan-only report
 * from the latest saved scan, not saved.
 */
export function incidentReport(options: IncidentReportOptions = {}): IncidentReportResult {
  const format = options.format ?? 'md';
  const { input, incident } = gatherReportInput({ path: options.path ?? '.', incidentId: options.incidentId, toolVersion: VERSION, now: options.now });
  const report = buildIncidentReport(input);
  const text = renderIncidentReport(report, format);
  assertReportHoldsNoSecret(text, input.scan?.findings ?? []);
  const artifact = incident ? incident.writeArtifact(`report.${format}`, text) : null;
  return { report, text, artifact };
}
