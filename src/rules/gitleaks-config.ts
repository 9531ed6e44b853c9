/**
 * Import a gitleaks v8 `.gitleaks.toml` as spillkit rules and allowlists, so a team keeps the custom
 * rules and the allowlists it already maintains.
 *
 * Mapping (gitleaks -> spillkit):
 * - `[[rules]]` id/description/regex/secretGroup/entropy/keywords -> RuleSpec (origin `gitleaks`,
 *   provider `generic` for `generic-*` ids and `custom` otherwise, severity high, confidence medium).
 *   `tags` have no RuleSpec field and are dropped.
 * - A rule with only `path` (it flags the file itself, e.g. `.pem` files) cannot be a RuleSpec: it is
 *   returned in `pathRules`. A rule with `regex` and `path` fires only where the path matches: we keep
 *   the RuleSpec and add an allowlist for that rule that holds where the path does not match P
 *   (`invertPaths`).
 * - A rule with neither regex nor path only extends a rule of the same id elsewhere (gitleaks' way to add
 *   allowlists to a default rule): its allowlists are kept, scoped to that id.
 * - Keywords are lowercased. A rule without keywords gets the literal prefix(es) of its regex (>= 3
 *   chars). When there is none its keywords are [] and the engine must run it over the whole text.
 * - `[rules.allowlist]`/`[[rules.allowlists]]` -> Allowlist with ruleIds [id]; global `[allowlist]` and
 *   `[[allowlists]]` (with `targetRules`) -> Allowlist for every rule (or the targeted ones).
 * - `[extend]` useDefault/path/disabledRules are returned as found; config.ts follows `path`.
 *
 * This file reads the document (TOML, `[extend]`, global allowlists) and maps errors to lines; a rule is
 * read by gitleaks-rule.ts, an allowlist by gitleaks-allowlist.ts. Go RE2 -> JavaScript: go-regex.ts.
 * Allowlist regexes are strings without a flags field, so their flags travel as a leading
 * `(?i)`-style group that allowlist.ts understands.
 */
import { parse as parseToml, TomlError } from 'smol-toml';
import type { ConfiguredAllowlist } from './allowlist.js';
import { badConfig, findLine } from './config-locate.js';
import { parseAllowlist } from './gitleaks-allowlist.js';
import { FieldError, isTable, orSkip, stringList, type Ctx, type Table } from './gitleaks-fields.js';
import { parseRule, RULE_HEADER, type GitleaksPathRule } from './gitleaks-rule.js';
import type { RuleSpec } from './types.js';

export interface GitleaksConfig {
  title?: string;
  rules: RuleSpec[];
  pathRules: GitleaksPathRule[];
  allowlists: ConfiguredAllowlist[];
  disabledRules: string[];
  useDefault: boolean;
  /** `[extend] path`, as written (relative paths are resolved by the caller). */
  extendPath?: string;
  /** Things we read but could not honour exactly, for the scan's warnings. */
  warnings: string[];
  /**
   * With `skipUnsupported`: rules and allowlists left out because the linear-time engine cannot run a
   * pattern of theirs, one `<file>:<line>: <why>; skipped` each.
   */
  skipped: string[];
}

export interface GitleaksParseOptions {
  /** A repository's own config: skip what the linear-time engine cannot run instead of refusing the file. */
  skipUnsupported?: boolean;
}

function parseExtend(raw: unknown): { useDefault: boolean; path?: string; disabledRules: string[] } {
  const ctx: Ctx = { section: { header: /^\s*\[\s*extend\s*\]/, index: 0 }, where: 'extend' };
  if (raw === undefined) return { useDefault: false, disabledRules: [] };
  if (!isTable(raw)) throw new FieldError('extend must be a table', ['extend'], null);
  if (raw.useDefault !== undefined && typeof raw.useDefault !== 'boolean') {
    throw new FieldError('extend.useDefault must be true or false', ['useDefault'], ctx.section);
  }
  if (raw.path !== undefined && typeof raw.path !== 'string') {
    throw new FieldError('extend.path must be a string', ['path'], ctx.section);
  }
  return {
    useDefault: raw.useDefault === true,
    ...(typeof raw.path === 'string' && raw.path !== '' ? { path: raw.path } : {}),
    disabledRules: stringList(raw.disabledRules, 'extend.disabledRules', ctx),
  };
}

export function parseGitleaksConfig(text: string, file: string, opts: GitleaksParseOptions = {}): GitleaksConfig {
  let doc: Table;
  try {
    doc = parseToml(text) as Table;
  } catch (e) {
    if (e instanceof TomlError) {
      const what = e.message.split('\n')[0].replace(/^Invalid TOML document: /, '');
      throw badConfig(file, e.line, `invalid TOML: ${what}`);
    }
    throw badConfig(file, null, `invalid TOML: ${(e as Error).message.split('\n')[0]}`);
  }
  const unsupported: FieldError[] = [];
  const skip = opts.skipUnsupported ? (e: FieldError): void => void unsupported.push(e) : undefined;
  try {
    const extend = parseExtend(doc.extend);
    const result: GitleaksConfig = {
      rules: [],
      pathRules: [],
      allowlists: [],
      disabledRules: extend.disabledRules,
      useDefault: extend.useDefault,
      warnings: [],
      skipped: [],
    };
    if (typeof doc.title === 'string') result.title = doc.title;
    if (extend.path) result.extendPath = extend.path;

    const rules = doc.rules ?? [];
    if (!Array.isArray(rules)) throw new FieldError('rules must be [[rules]] tables', ['rules'], null);
    const seen = new Set<string>();
    rules.forEach((raw, index) => {
      const parts = orSkip({ section: { header: RULE_HEADER, index }, where: `rules[${index}]`, skip }, () => parseRule(raw, index, skip));
      if (!parts) return;
      const id = parts.rule?.id ?? parts.pathRule?.id;
      if (id !== undefined) {
        if (seen.has(id)) throw new FieldError(`duplicate rule id ${id}`, [id], { header: RULE_HEADER, index });
        seen.add(id);
      }
      if (parts.rule) result.rules.push(parts.rule);
      if (parts.pathRule) result.pathRules.push(parts.pathRule);
      result.allowlists.push(...parts.allowlists);
      result.warnings.push(...parts.warnings);
    });

    const addList = (list: ConfiguredAllowlist | null): void => {
      if (list) result.allowlists.push(list);
    };
    if (doc.allowlist !== undefined) {
      const ctx: Ctx = { section: { header: /^\s*\[\s*allowlist\s*\]/, index: 0 }, where: 'allowlist', skip };
      addList(orSkip(ctx, () => parseAllowlist(doc.allowlist, ctx, undefined)));
    }
    if (doc.allowlists !== undefined) {
      if (!Array.isArray(doc.allowlists)) throw new FieldError('allowlists must be [[allowlists]] tables', ['allowlists'], null);
      doc.allowlists.forEach((a, index) => {
        const ctx: Ctx = { section: { header: /^\s*\[\[\s*allowlists\s*\]\]/, index }, where: `allowlists[${index}]`, skip };
        addList(orSkip(ctx, () => parseAllowlist(a, ctx, undefined)));
      });
    }
    result.skipped = unsupported.map((e) => `${file}:${findLine(text, e.needles, e.section)}: ${e.message}; skipped`);
    return result;
  } catch (e) {
    if (e instanceof FieldError) throw badConfig(file, findLine(text, e.needles, e.section), e.message);
    throw e;
  }
}
