/**
 * Allowlists decide which findings are suppressed. They come from a spillkit config, from a .gitleaks.toml
 * (global `[allowlist]`/`[[allowlists]]` and per-rule `[[rules.allowlists]]`), and from one built-in list.
 *
 * Semantics follow gitleaks v8 (detect.checkFindingAllowed):
 * - `regexes` run against the secret, or the whole match / line when `regexTarget` says so. They are
 *   searched (not anchored) and case-sensitive unless the pattern starts with an inline flag group such
 *   as `(?i)`, which we accept as gitleaks does (JavaScript has no inline flags in Node 20).
 * - `stopwords` are substrings of the secret, compared case-insensitively (gitleaks lowercases the
 *   secret; we also lowercase the stopword, so `Example` works as a user expects).
 * - `paths` are regexes searched in the `/`-separated path; a finding without a path (a commit or tag
 *   message, a dangling blob) never matches a path criterion.
 * - `commits` are commit ids; an exact match as in gitleaks, or a prefix of at least 7 hex characters
 *   (people paste abbreviated ids), case-insensitive.
 * - `condition`: OR (default) allows a finding when any configured criterion matches; AND needs every
 *   configured criterion (criteria left empty are not checked).
 *
 * The scan knows the secret inside a worker and the path/commit only after provenance, so the checks
 * come in two halves: `allowsSecret` (content criteria) and `allowsLocation` (path/commit criteria).
 * An AND list that mixes both kinds cannot be decided by either half alone: the worker asks
 * `pendingAndLists` which of them passed their content half and carries those indices (stable for the
 * same input lists) to `allowsLocation`. `allowsFinding` does the whole check when everything is known.
 *
 * Built-in list: rules of provider `generic` (entropy/keyword-shaped rules with no fixed prefix) are
 * allowed in lockfiles and source maps. Lockfiles are full of integrity hashes and resolved URLs that look
 * like generic secrets; `.map` files carry base64-VLQ `mappings` and a copy of the sources (the original
 * file is scanned anyway). Provider rules still fire there: a registry token inside a lockfile URL or a
 * key in a bundled source map is a real leak.
 */
import { compileLinear, type ScanRegex } from './safe-regex.js';
import type { Allowlist } from './types.js';

/** An allowlist as loaded from config: gitleaks' `condition` rides along (types.ts has no field yet). */
export interface ConfiguredAllowlist extends Allowlist {
  condition?: 'OR' | 'AND';
  /**
   * The path criterion holds when the path matches none of `paths` (a finding without a path never
   * matches). How a gitleaks rule with `regex` and `path` is limited to its paths: an allowlist for
   * the rule everywhere else. (A negative lookahead would say the same, but linear-time matching
   * has no lookahead.)
   */
  invertPaths?: boolean;
}

/** Everything known about a finding when the whole check runs at once. */
export interface AllowContext {
  secret: string;
  match?: string;
  line?: string;
  path?: string | null;
  commit?: string | null;
  /** Provider of the rule; defaults to the rule id's first segment (`generic-api-key` -> `generic`). */
  provider?: string;
}

export interface LocationOptions {
  provider?: string;
  /** Indices returned by `pendingAndLists` for this match, so mixed AND lists can finish their check. */
  pendingAndLists?: readonly number[];
}

export interface CompiledAllowlists {
  /** Number of configured lists (the built-in list is not counted). */
  readonly size: number;
  allowsSecret(ruleId: string, secret: string, match?: string, line?: string): boolean;
  pendingAndLists(ruleId: string, secret: string, match?: string, line?: string): number[];
  allowsLocation(ruleId: string, path: string | null, commit: string | null, opts?: LocationOptions): boolean;
  allowsFinding(ruleId: string, ctx: AllowContext): boolean;
}

const LOCKFILE_NAMES = [
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lockb',
  'Cargo.lock',
  'go.sum',
  'poetry.lock',
  'Pipfile.lock',
  'composer.lock',
  'Gemfile.lock',
  'packages.lock.json',
  'Package.resolved',
  'gradle.lockfile',
];

/** The built-in list applied to provider `generic` rules only (see the file comment for why). */
export const BUILTIN_GENERIC_ALLOWLIST: Allowlist = {
  description: 'lockfiles and source maps (generic rules only)',
  paths: [
    `(?:^|/)(?:${LOCKFILE_NAMES.map(escapeRegex).join('|')})$`,
    '\\.lock$',
    '\\.map$',
  ],
  regexes: [],
  stopwords: [],
  commits: [],
};

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Compile an allowlist regex: an optional leading inline flag group (`(?i)`, `(?is)`) becomes JS flags.
 * Allowlist regexes come from configs, so they run on the linear-time engine (safe-regex.ts); only
 * spillkit's own built-in list (`trusted`) runs on V8. Throws the RegExp SyntaxError for a pattern that
 * does not compile as JavaScript, and UnsupportedPatternError for one that linear-time matching cannot
 * run (lookahead, backreference); config loaders turn either into BAD_CONFIG with the file and line.
 */
export function compileAllowlistRegex(source: string, trusted = false): ScanRegex {
  const inline = /^\(\?([imsu]+)\)/.exec(source);
  const flags = inline ? [...new Set(inline[1])].join('') : '';
  const body = inline ? source.slice(inline[0].length) : source;
  const v8 = new RegExp(body, flags);
  return trusted ? v8 : compileLinear(body, flags);
}

interface CompiledList {
  index: number;
  and: boolean;
  ruleIds: Set<string> | null;
  regexes: ScanRegex[];
  target: 'secret' | 'match' | 'line';
  stopwords: string[];
  paths: ScanRegex[];
  invertPaths: boolean;
  commits: string[];
}

type Verdict = boolean | undefined; // undefined: the criterion is not configured

function compileList(list: ConfiguredAllowlist, index: number, trusted = false): CompiledList {
  return {
    index,
    and: list.condition === 'AND',
    ruleIds: list.ruleIds && list.ruleIds.length > 0 ? new Set(list.ruleIds) : null,
    regexes: list.regexes.map((r) => compileAllowlistRegex(r, trusted)),
    target: list.regexTarget ?? 'secret',
    stopwords: list.stopwords.map((w) => w.toLowerCase()).filter((w) => w.length > 0),
    paths: list.paths.map((r) => compileAllowlistRegex(r, trusted)),
    invertPaths: list.invertPaths === true,
    commits: list.commits.map((c) => c.trim().toLowerCase()).filter((c) => c.length > 0),
  };
}

function hasContent(l: CompiledList): boolean {
  return l.regexes.length > 0 || l.stopwords.length > 0;
}

function hasLocation(l: CompiledList): boolean {
  return l.paths.length > 0 || l.commits.length > 0;
}

function contentVerdicts(l: CompiledList, secret: string, match?: string, line?: string): Verdict[] {
  const target = l.target === 'match' ? (match ?? secret) : l.target === 'line' ? (line ?? match ?? secret) : secret;
  const lower = secret.toLowerCase();
  return [
    l.regexes.length > 0 ? l.regexes.some((r) => r.test(target)) : undefined,
    l.stopwords.length > 0 ? l.stopwords.some((w) => lower.includes(w)) : undefined,
  ];
}

function commitMatches(configured: string, commit: string): boolean {
  if (configured === commit) return true;
  return configured.length >= 7 && /^[0-9a-f]+$/.test(configured) && commit.startsWith(configured);
}

function locationVerdicts(l: CompiledList, path: string | null, commit: string | null): Verdict[] {
  const c = commit?.toLowerCase() ?? null;
  return [
    l.paths.length > 0 ? path !== null && l.paths.some((r) => r.test(path)) !== l.invertPaths : undefined,
    l.commits.length > 0 ? c !== null && l.commits.some((x) => commitMatches(x, c)) : undefined,
  ];
}

/** OR: any configured criterion true; AND: every configured criterion true (and at least one configured). */
function combine(and: boolean, verdicts: Verdict[]): boolean {
  const set = verdicts.filter((v): v is boolean => v !== undefined);
  if (set.length === 0) return false;
  return and ? set.every(Boolean) : set.some(Boolean);
}

export function providerOfRuleId(ruleId: string): string {
  const dash = ruleId.indexOf('-');
  return dash === -1 ? ruleId : ruleId.slice(0, dash);
}

export function compileAllowlists(lists: readonly ConfiguredAllowlist[]): CompiledAllowlists {
  const compiled = lists.map((l, i) => compileList(l, i));
  const builtin = compileList(BUILTIN_GENERIC_ALLOWLIST, -1, true);
  const perRule = new Map<string, CompiledList[]>();
  const applicable = (ruleId: string): CompiledList[] => {
    let found = perRule.get(ruleId);
    if (!found) {
      found = compiled.filter((l) => l.ruleIds === null || l.ruleIds.has(ruleId));
      perRule.set(ruleId, found);
    }
    return found;
  };

  const allowsSecret = (ruleId: string, secret: string, match?: string, line?: string): boolean =>
    applicable(ruleId).some((l) => {
      if (l.and && hasLocation(l)) return false; // needs the location half too
      return combine(l.and, contentVerdicts(l, secret, match, line));
    });

  const pendingAndLists = (ruleId: string, secret: string, match?: string, line?: string): number[] =>
    applicable(ruleId)
      .filter((l) => l.and && hasLocation(l) && hasContent(l))
      .filter((l) => combine(true, contentVerdicts(l, secret, match, line)))
      .map((l) => l.index);

  const allowsLocation = (
    ruleId: string,
    path: string | null,
    commit: string | null,
    opts: LocationOptions = {},
  ): boolean => {
    const provider = opts.provider ?? providerOfRuleId(ruleId);
    if (provider === 'generic' && combine(false, locationVerdicts(builtin, path, null))) return true;
    const pending = new Set(opts.pendingAndLists ?? []);
    return applicable(ruleId).some((l) => {
      if (!hasLocation(l)) return false;
      if (l.and && hasContent(l) && !pending.has(l.index)) return false;
      return combine(l.and, locationVerdicts(l, path, commit));
    });
  };

  const allowsFinding = (ruleId: string, ctx: AllowContext): boolean => {
    if (allowsSecret(ruleId, ctx.secret, ctx.match, ctx.line)) return true;
    const pending = pendingAndLists(ruleId, ctx.secret, ctx.match, ctx.line);
    return allowsLocation(ruleId, ctx.path ?? null, ctx.commit ?? null, {
      provider: ctx.provider,
      pendingAndLists: pending,
    });
  };

  return { size: compiled.length, allowsSecret, pendingAndLists, allowsLocation, allowsFinding };
}
