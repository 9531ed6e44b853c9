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
  /**
   * A keyword that must stand near the secret: for bare values that only mean something beside their
   * provider's name (`LANGUAGELAYER_KEY=<32 hex>`). Case-insensitive, anywhere (variable names, JSON
   * and YAML keys, CLI flags, URLs). `within`: bytes allowed between a keyword and the secret, either
   * side; 0 (the default) means on the secret's own line. Keywords default to the rule's keywords;
   * `word` makes them start a word (`lob` not inside `blob`); `also` requires a second word near it.
   */
  context?: RuleContext;
  /**
   * Regex on the file's path (`/`-separated, matched case-insensitively): the rule only counts in files
   * whose path matches (`.netrc`, `.pgpass`, kubeconfig). A match in a message or in a blob no path
   * reaches never counts.
   */
  path?: string;
  /** Name of a checksum the secret carries (`github-crc32`): a match whose checksum fails is downgraded to low confidence. */
  checksum?: string;
  /** Texts the rule must find (may contain `$[CLASS:N]` generators, expanded at test time). */
  examples: RuleExample[];
  /** Texts the rule must not find. */
  negativeExamples: RuleExample[];
  references?: string[];
  /** Where the rule came from: built-in data, a spillkit config, or an imported .gitleaks.toml. */
  origin?: 'builtin' | 'config' | 'gitleaks';
}

export interface RuleContext {
  keywords?: string[];
  within?: number;
  /** One of these words must stand near the secret as well (e.g. `secret`, `token` beside the provider's name). */
  also?: string[];
  /** The keywords must start a word (for short provider names: `lob` must not count inside `blob`). */
  word?: boolean;
}

/** An example text, or a text at a path (for rules with `path`). */
export type RuleExample = string | { path: string; text: string };

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
