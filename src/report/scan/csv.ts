import type { Finding, ScanReport } from '../../scan/finding.js';
import { escapeUnsafe } from '../safe-text.js';

/**
 * `--format csv`: RFC 4180 (comma-separated, CRLF line ends, a header row, fields quoted when they hold
 * a comma, a double quote, CR or LF, quotes doubled), one row per finding.
 *
 * CSV files get opened in spreadsheets, and paths, author names and ref names are chosen by whoever
 * wrote the history: `=HYPERLINK(...)` as a file name is a formula. A field that starts with a
 * character a spreadsheet treats as the start of a formula (= + - @, tab, CR) gets a leading `'`
 * (the OWASP "CSV injection" guard). This also applies to the secret under --show-secrets and to a
 * redacted PEM hint such as `-----BEGIN…`.
 *
 * A CSV file also gets `cat`ed to a terminal: every control, bidi and zero-width character inside a
 * field (an ESC or a CR in a file name) is written as a visible escape (`\x1b`, `\u202e`), like the
 * text view. Line feeds stay (quoted, as RFC 4180 allows), so a PEM secret under --show-secrets keeps
 * its lines. Scripts that need values byte-exact read `--format json`.
 */

type Cell = string | number | boolean | null | undefined;

const COLUMNS: ReadonlyArray<readonly [header: string, cell: (finding: Finding) => Cell]> = [
  ['fingerprint', (f) => f.fingerprint],
  ['rule', (f) => f.rule],
  ['provider', (f) => f.provider],
  ['severity', (f) => f.severity],
  ['confidence', (f) => f.confidence],
  ['source', (f) => f.source],
  ['path', (f) => f.path],
  ['line', (f) => f.line],
  ['column', (f) => f.column],
  ['commit', (f) => f.commit],
  ['author', (f) => f.author],
  ['authorEmail', (f) => f.authorEmail],
  ['date', (f) => f.date],
  ['blob', (f) => f.blob],
  // Git forbids spaces in ref names, so a space is an unambiguous separator.
  ['refs', (f) => f.refs.join(' ')],
  ['reachable', (f) => f.reachable],
  ['presentAtHead', (f) => f.presentAtHead],
  ['redacted', (f) => f.redacted],
  ['secretHash', (f) => f.secretHash],
  ['occurrences', (f) => f.occurrences],
];

const SECRET_COLUMN = ['secret', (f: Finding) => f.secret] as const;

/** With `--verify` only, so the columns of an ordinary scan stay what scripts already read. */
const VALIDATION_COLUMNS: ReadonlyArray<readonly [header: string, cell: (finding: Finding) => Cell]> = [
  ['validation', (f) => f.validation?.state],
  ['validationCheckedAt', (f) => f.validation?.checkedAt],
  ['validationDetail', (f) => f.validation?.detail],
];

const CRLF = '\r\n';

export interface CsvScanOptions {
  showSecrets: boolean;
}

export function formatScanCsv(report: ScanReport, opts: CsvScanOptions): string {
  const verified = report.stats.verification !== undefined ? VALIDATION_COLUMNS : [];
  const columns = [...COLUMNS, ...verified, ...(opts.showSecrets ? [SECRET_COLUMN] : [])];
  const rows = [columns.map(([header]) => header)];
  for (const finding of report.findings) rows.push(columns.map(([, cell]) => csvText(cell(finding))));
  return rows.map((row) => row.map(csvField).join(',')).join(CRLF) + CRLF;
}

function csvText(value: Cell): string {
  if (value === null || value === undefined) return '';
  return escapeUnsafe(String(value), '\n');
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, defused against formula injection, then quoted per RFC 4180 when needed. */
export function csvField(text: string): string {
  const defused = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}
