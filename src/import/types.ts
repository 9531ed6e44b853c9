/**
 * What another scanner's report says, reduced to the few facts spillkit can check against the object
 * database. Every parser turns its format into these entries; the locator decides what each one is.
 */
export const IMPORT_FORMATS = ['gitleaks', 'trufflehog', 'kingfisher', 'sarif'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
/** Where an entry came from: a report format, or GitHub's secret-scanning alerts. */
export type ImportTool = ImportFormat | 'github';

export interface ImportEntry {
  /** 0-based position of the entry in the report (alerts: in the order the API listed them). */
  index: number;
  tool: ImportTool;
  /** The other tool's rule, detector or secret type. */
  rule: string;
  /** SARIF: the tool that wrote the run (`tool.driver.name`). */
  scanner?: string;
  /** GitHub: `owner/repo#number` of the alert. */
  alert?: string;
  /** Blob path as the report gives it (normalised later); null when it names none. */
  path: string | null;
  commit: string | null;
  /** 1-based line where the secret (or the match holding it) starts. */
  line: number | null;
  /** 1-based column where the match starts, as the tool counts it: a hint to pick among candidates. */
  column: number | null;
  /**
   * The secret's own span on `line`, 1-based, end exclusive, in characters, when the report's columns
   * are known to cover exactly the secret (not a wider match).
   */
  span?: { start: number; end: number };
  /**
   * The secret as the report carries it, in memory only: used to confirm the place, never stored or
   * printed. Null when the report is redacted or has none.
   */
  secret: string | null;
  /**
   * The text around a redacted secret (gitleaks' Match with `REDACTED` in place of the secret), and
   * the start of the secret when the report still shows it (a partial redaction).
   */
  around?: { before: string; after: string; prefix: string };
  /**
   * Set when the entry cannot be placed whatever this repository holds (an issue comment, an S3 object,
   * another repository's alert): why.
   */
  unlocatable?: string;
}

/** Why an entry could not be placed in this repository's object database. */
export interface Unlocated {
  entry: number;
  tool: ImportTool;
  rule: string;
  path: string | null;
  commit: string | null;
  reason: string;
}

/** On a finding: the reports it came in from (a native finding may gain one too). */
export interface ImportSource {
  tool: ImportTool;
  rule: string;
  scanner?: string;
  alert?: string;
}
