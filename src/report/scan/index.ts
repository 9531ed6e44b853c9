import { SpillkitError } from '../../errors.js';
import type { ScanReport } from '../../scan/finding.js';
import { formatScanCsv } from './csv.js';
import { formatScanJson } from './json.js';
import type { ScanRuleInfo } from './rule-catalog.js';
import { formatScanSarif } from './sarif.js';
import { formatScanText } from './text.js';
import { jsonSafe } from '../safe-text.js';

export type { ScanRuleInfo } from './rule-catalog.js';

/** The values `spillkit scan --format` accepts, in the order `--help` lists them. */
export const SCAN_FORMATS = ['text', 'json', 'sarif', 'csv'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];

export function isScanFormat(value: string): value is ScanFormat {
  return (SCAN_FORMATS as readonly string[]).includes(value);
}

export interface ScanFormatOptions {
  /** ANSI colour in the text format (the CLI decides from --no-color, NO_COLOR and isTTY). */
  color: boolean;
  /** Include the raw secret (json, csv, text). SARIF never carries it: it is made to be uploaded. */
  showSecrets: boolean;
  /** spillkit's version, for SARIF's tool driver. */
  toolVersion: string;
  /** Titles, severities and references of the rules; findings of rules not listed fall back to their ids. */
  rules?: readonly ScanRuleInfo[];
}

/** Renders a scan in one of the `--format` outputs; the result always ends with a line break. */
export function formatScanReport(report: ScanReport, format: ScanFormat, opts: ScanFormatOptions): string {
  switch (format) {
    case 'text':
      return formatScanText(report, opts);
    case 'json':
      return jsonSafe(formatScanJson(report, opts));
    case 'sarif':
      return jsonSafe(formatScanSarif(report, opts));
    case 'csv':
      return formatScanCsv(report, opts);
    default:
      // Reached only when a caller bypasses the type (an unchecked CLI string).
      throw new SpillkitError('USAGE', `unknown scan format '${String(format)}' (expected ${SCAN_FORMATS.join(', ')})`, {
        format,
      });
  }
}
