/**
 * What `spillkit scan` takes from user configuration (custom rules, path-only gitleaks rules,
 * allowlists, disabled rules, the files read and warnings), its empty value, and how two merge.
 */
import type { ConfiguredAllowlist } from './allowlist.js';
import type { GitleaksPathRule } from './gitleaks-rule.js';
import type { RuleSpec } from './types.js';

export interface ScanConfig {
  /** Custom rules, origin `config` or `gitleaks`. */
  rules: RuleSpec[];
  /** gitleaks rules that flag a file by its path alone (no regex): not expressible as a RuleSpec. */
  pathRules: GitleaksPathRule[];
  allowlists: ConfiguredAllowlist[];
  disabledRules: string[];
  /** Files read, in order. */
  sources: string[];
  warnings: string[];
  /** These settings are the scanned repository's own config files, not the user's `--config`. */
  fromRepository?: boolean;
}

export function emptyScanConfig(): ScanConfig {
  return { rules: [], pathRules: [], allowlists: [], disabledRules: [], sources: [], warnings: [] };
}

/** `first` wins on rule id collisions; lists are concatenated. */
export function mergeConfigs(first: ScanConfig, second: ScanConfig): ScanConfig {
  const ids = new Set([...first.rules.map((r) => r.id), ...first.pathRules.map((r) => r.id)]);
  const fromRepository = first.fromRepository === true || second.fromRepository === true;
  return {
    ...(fromRepository ? { fromRepository } : {}),
    rules: [...first.rules, ...second.rules.filter((r) => !ids.has(r.id))],
    pathRules: [...first.pathRules, ...second.pathRules.filter((r) => !ids.has(r.id))],
    allowlists: [...first.allowlists, ...second.allowlists],
    disabledRules: [...new Set([...first.disabledRules, ...second.disabledRules])],
    sources: [...first.sources, ...second.sources],
    warnings: [...first.warnings, ...second.warnings],
  };
}
