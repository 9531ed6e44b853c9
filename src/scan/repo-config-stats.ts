import { relative } from 'node:path';
import type { ScanConfig } from '../rules/scan-config.js';

/**
 * What the scanned repository's own config changed, for `stats.repoConfig` and the line on stderr.
 * A repository's config can add rules, allowlists that hide findings, and disable built-in rules, so
 * it is never applied silently (an allowlist of `.*` must not read as a clean scan).
 */
export interface RepoConfigStats {
  /** Its files in force, relative to the worktree (with any `[extend]`ed one). */
  files: string[];
  rules: number;
  allowlists: number;
  /** Built-in rules it turns off. */
  disabledRules: string[];
}

export function repoConfigStats(config: ScanConfig, worktree: string, builtinIds: ReadonlySet<string>): RepoConfigStats | undefined {
  if (!config.fromRepository) return undefined;
  return {
    files: config.sources.map((f) => relative(worktree, f)),
    rules: config.rules.length,
    allowlists: config.allowlists.length,
    disabledRules: [...new Set(config.disabledRules.filter((id) => builtinIds.has(id)))],
  };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A name shown as it is when plain, else quoted with its control bytes escaped. */
const shown = (name: string): string => (/^[\x21-\x7e]+$/.test(name) ? name : JSON.stringify(name));

/** `using the repository's own config .gitleaks.toml (2 rules, 1 allowlist); --no-repo-config ignores it` */
export function repoConfigNotice(s: RepoConfigStats): string {
  const parts = [plural(s.rules, 'rule'), plural(s.allowlists, 'allowlist')];
  if (s.disabledRules.length > 0) parts.push(`${plural(s.disabledRules.length, 'built-in rule')} disabled: ${s.disabledRules.join(', ')}`);
  return `using the repository's own config ${s.files.map(shown).join(', ')} (${parts.join(', ')}); --no-repo-config ignores it`;
}
