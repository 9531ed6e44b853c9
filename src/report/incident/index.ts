/** The incident report: build it as data (pure), render it as Markdown, JSON or one HTML page. */
import { SpillkitError } from '../../errors.js';
import { renderIncidentHtml } from './render-html.js';
import { renderIncidentMarkdown } from './render-md.js';
import type { IncidentReport } from './types.js';
import { jsonSafe } from '../safe-text.js';

export { buildIncidentReport } from './build.js';
export { gatherReportInput, type GatherOptions, type Gathered } from './gather/gather.js';
export type { GitFacts, ReportInput } from './input.js';
export type * from './types.js';
export { renderIncidentHtml, renderIncidentMarkdown };

export const REPORT_FORMATS = ['md', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export function renderIncidentJson(report: IncidentReport): string {
  return jsonSafe(JSON.stringify(report, null, 2)) + '\n';
}

export function renderIncidentReport(report: IncidentReport, format: ReportFormat): string {
  switch (format) {
    case 'md':
      return renderIncidentMarkdown(report);
    case 'json':
      return renderIncidentJson(report);
    case 'html':
      return renderIncidentHtml(report);
    default:
      throw new SpillkitError('USAGE', `unknown report format ${String(format)}`);
  }
}
