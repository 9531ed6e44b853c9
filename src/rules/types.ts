/** A rule as written in src/rules/data/*.yaml or a user's config, before compilation. */
export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type Confidence = 'high' | 'medium' | 'low';

export interface RuleSpec {
  /** Unique, kebab-case, prefixed by the provider: `aws-access-key-id`. */
  id: string;
  /** Provider id the adapters key on: `aws`, `github`, `generic`, ... */
  provider: string;
  title: string;
  severity: Severity;
  confidence: Confidence;
  /** Case-insensitive literals; a rule's regex runs only in windows around a keyword hit. */
  keywords: string[];
  /** JavaScript regex source. The engine adds the `g` and `d` flags itself. */
  pattern: string;
  /** Extra flags: any of `i`, `s`, `m`, `u`. */
  flags?: string;
  /** Which capture holds the secret: a group number or name. Default: group `secret`, else 1 if any, else 0. */
  secretGroup?: number | string;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  /** Longest span (bytes) a match may cover, for patterns that cross lines (PEM keys). Default 0: one line. */
  multiline?: number;
  /** Regexes tested against the secret; a match means "not a secret" (documentation values, test keys). */
  allow?: string[];
  /** Name of a built-in validator run on the secret (e.g. `jwt`). */
  validate?: string;
  /** Skip the shared placeholder filter (`xxxx`, `<your-key>`, `${VAR}`, ...). Default true. */
  placeholderCheck?: boolean;
  /** Texts the rule must find (may contain `$[CLASS:N]` generators, expanded at test time). */
  examples: string[];
  /** Texts the rule must not find. */
  negativeExamples: string[];
  references?: string[];
  /** Where the rule came from: built-in data, a spillkit config, or an imported .gitleaks.toml. */
  origin?: 'builtin' | 'config' | 'gitleaks';
}

/** Allowlists from config files: they suppress findings, never rules. */
export interface Allowlist {
  description?: string;
  /** Regexes on the finding's path (`/`-separated). */
  paths: string[];
  /** Regexes on the secret (or the whole match / line, per `regexTarget`). */
  regexes: string[];
  regexTarget?: 'secret' | 'match' | 'line';
  /** Substrings: a secret containing one is allowed. */
  stopwords: string[];
  /** Commit ids whose findings are allowed. */
  commits: string[];
  /** Only these rule ids (empty: every rule). */
  ruleIds?: string[];
}
