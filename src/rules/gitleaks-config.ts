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
 *   the RuleSpec and add an allowlist for that rule whose path regex is the negation `^(?![\s\S]*(?:P))`.
 * - A rule with neither regex nor path only extends a rule of the same id elsewhere (gitleaks' way to add
 *   allowlists to a default rule): its allowlists are kept, scoped to that id.
 * - Keywords are lowercased. A rule without keywords gets the literal prefix(es) of its regex (>= 3
 *   chars). When there is none its keywords are [] and the engine must run it over the whole text.
 * - `[rules.allowlist]`/`[[rules.allowlists]]` -> Allowlist with ruleIds [id]; global `[allowlist]` and
 *   `[[allowlists]]` (with `targetRules`) -> Allowlist for every rule (or the targeted ones).
 * - `[extend]` useDefault/path/disabledRules are returned as found; config.ts follows `path`.
 *
 * Go RE2 -> JavaScript: see translateGoRegex. Allowlist regexes are strings without a flags field, so
 * their flags travel as a leading `(?i)`-style group that allowlist.ts understands.
 */
import { parse as parseToml, TomlError } from 'smol-toml';
import { SpillkitError } from '../errors.js';
import type { ConfiguredAllowlist } from './allowlist.js';
import type { RuleSpec } from './types.js';

export interface GitleaksPathRule {
  id: string;
  description: string;
  /** JavaScript regex (flags as a leading inline group, like allowlist regexes). */
  path: string;
}

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
}

export interface TranslatedRegex {
  pattern: string;
  flags: string;
}

// ---------------------------------------------------------------------------------------------------
// Go RE2 syntax -> JavaScript

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** Punctuation that keeps its backslash in every JS regex mode; other escaped punctuation becomes \xHH. */
const SYNTAX_CHARS = new Set('^$\\.*+?()[]{}|/');

function hexEscape(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : code <= 0xffff
    ? `\\u${code.toString(16).padStart(4, '0')}`
    : `\\u{${code.toString(16)}}`;
}

/**
 * Translate a Go RE2 pattern. Inline flags are hoisted to the whole pattern because Node 20 has no inline
 * modifiers: a leading `(?i)` is exact; a `(?i)` or `(?i:...)` elsewhere makes the whole pattern
 * case-insensitive, which can only widen what the rule matches (a rule may over-report, never miss).
 * `(?-i:...)` becomes `(?:...)` for the same reason. `\z`/`\A` become `$`/`^` (lookarounds when `m` is
 * set, where `$`/`^` would mean line ends). `\x{HHHH}` becomes `\uHHHH` (no `u` flag needed, which keeps
 * Go's lax escapes compiling); code points above FFFF use `\u{...}` and set `u`. `(?U)` (ungreedy) has no
 * JS equivalent and is refused. Throws Error with a short reason on unsupported syntax.
 */
export function translateGoRegex(source: string): TranslatedRegex {
  const flags = new Set<string>();
  const out: Array<string | 'START' | 'END'> = [];
  let i = 0;
  let inClass = false;

  const readEscape = (): void => {
    const c = source[i + 1];
    if (c === undefined) throw new Error('trailing backslash');
    if (c === 'Q') {
      const end = source.indexOf('\\E', i + 2);
      const literal = source.slice(i + 2, end === -1 ? source.length : end);
      for (const ch of literal) out.push(/[0-9A-Za-z]/.test(ch) ? ch : hexEscape(ch));
      i = end === -1 ? source.length : end + 2;
      return;
    }
    if (c === 'x' && source[i + 2] === '{') {
      const close = source.indexOf('}', i + 3);
      const hex = close === -1 ? '' : source.slice(i + 3, close);
      if (!/^[0-9A-Fa-f]{1,6}$/.test(hex)) throw new Error('bad \\x{...} escape');
      const code = parseInt(hex, 16);
      if (code > 0xffff) flags.add('u');
      out.push(code <= 0xffff ? `\\u${hex.toLowerCase().padStart(4, '0')}` : `\\u{${hex.toLowerCase()}}`);
      i = close + 1;
      return;
    }
    if (c === 'p' || c === 'P') {
      flags.add('u');
      if (source[i + 2] === '{') {
        const close = source.indexOf('}', i + 3);
        if (close === -1) throw new Error('bad \\p{...} escape');
        out.push(`\\${c}{${source.slice(i + 3, close)}}`);
        i = close + 1;
      } else {
        out.push(`\\${c}{${source[i + 2] ?? ''}}`);
        i += 3;
      }
      return;
    }
    i += 2;
    if (c === 'z' && !inClass) return void out.push('END');
    if (c === 'A' && !inClass) return void out.push('START');
    if (c === 'a') return void out.push('\\x07');
    if (c === 'C' || c === 'z' || c === 'A') throw new Error(`unsupported escape \\${c}`);
    if (/[0-7]/.test(c)) {
      let digits = c;
      while (digits.length < 3 && /[0-7]/.test(source[i] ?? '')) digits += source[i++];
      return void out.push(hexEscape(String.fromCharCode(parseInt(digits, 8))));
    }
    if (/[dDwWsSbBnrtfv]/.test(c) || (c === 'x' && /^[0-9A-Fa-f]{2}$/.test(source.slice(i, i + 2)))) {
      return void out.push(`\\${c}`);
    }
    if (/[0-9A-Za-z]/.test(c)) throw new Error(`unsupported escape \\${c}`);
    if (SYNTAX_CHARS.has(c) || (inClass && c === '-')) return void out.push(`\\${c}`);
    out.push(hexEscape(c));
  };

  const readGroupOpen = (): void => {
    const rest = source.slice(i);
    const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
    if (named) {
      out.push(`(?<${named[1]}>`);
      i += named[0].length;
      return;
    }
    const flagGroup = /^\(\?([A-Za-z]*)(?:-([A-Za-z]*))?([:)])/.exec(rest);
    if (flagGroup && (flagGroup[1] || flagGroup[2] !== undefined)) {
      for (const f of flagGroup[1]) {
        if (f === 'U') throw new Error('ungreedy flag (?U) is not supported');
        if (!'ims'.includes(f)) throw new Error(`unknown flag ${f}`);
        flags.add(f);
      }
      if (flagGroup[3] === ':') out.push('(?:');
      i += flagGroup[0].length;
      return;
    }
    out.push('(');
    i += 1;
  };

  const readClass = (): void => {
    // At '[': copy the opening, a negation and a leading literal ']' (Go allows `[]a]`).
    out.push('[');
    i += 1;
    const negatedPosix = /^\[:\^([a-z]+):\]\]/.exec(source.slice(i));
    if (negatedPosix) {
      const body = POSIX_CLASSES[negatedPosix[1]];
      if (!body) throw new Error(`unknown class [:^${negatedPosix[1]}:]`);
      out.push('^', body, ']');
      i += negatedPosix[0].length;
      return;
    }
    if (source[i] === '^') {
      out.push('^');
      i += 1;
    }
    if (source[i] === ']') {
      out.push('\\]');
      i += 1;
    }
    inClass = true;
  };

  while (i < source.length) {
    const ch = source[i];
    if (ch === '\\') {
      readEscape();
    } else if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(source.slice(i));
      if (posix) {
        const body = POSIX_CLASSES[posix[2]];
        if (!body) throw new Error(`unknown class [:${posix[2]}:]`);
        if (posix[1]) throw new Error(`negated class [:^${posix[2]}:] inside a larger class is not supported`);
        out.push(body);
        i += posix[0].length;
      } else {
        if (ch === ']') inClass = false;
        out.push(ch === '[' ? '\\[' : ch);
        i += 1;
      }
    } else if (ch === '[') {
      readClass();
    } else if (ch === '(' && source[i + 1] === '?') {
      readGroupOpen();
    } else {
      out.push(ch);
      i += 1;
    }
  }
  if (inClass) throw new Error('missing closing ]');

  const multiline = flags.has('m');
  const pattern = out
    .map((p) => (p === 'END' ? (multiline ? '(?![\\s\\S])' : '$') : p === 'START' ? (multiline ? '(?<![\\s\\S])' : '^') : p))
    .join('');
  const flagString = ['i', 'm', 's', 'u'].filter((f) => flags.has(f)).join('');
  new RegExp(pattern, flagString); // surfaces what JS still rejects, as a SyntaxError for the caller
  return { pattern, flags: flagString };
}

/** An allowlist/path regex keeps its flags as a leading inline group (see allowlist.ts). */
export function translateGoRegexInline(source: string): string {
  const t = translateGoRegex(source);
  return t.flags ? `(?${t.flags})${t.pattern}` : t.pattern;
}

// ---------------------------------------------------------------------------------------------------
// Keywords from the literal prefix of a JavaScript pattern

interface Alternative {
  prefixes: string[];
  complete: boolean;
}

const MAX_PREFIXES = 16;

/**
 * The literals every match must start with, one per way the pattern can begin: `xox[bp]-` -> [`xox`],
 * `\b(?:ghp|gho)_[0-9a-z]{36}` -> [`ghp_`, `gho_`]. Returns [] when some way to match has a literal
 * prefix shorter than `minLength` (the rule cannot be keyword-gated).
 */
export function literalPrefixKeywords(pattern: string, minLength = 3): string[] {
  let i = 0;

  const quantifier = (): 'none' | 'optional' | 'repeat' => {
    const c = pattern[i];
    if (c === '?' || c === '*') {
      i += 1;
      if (pattern[i] === '?' || pattern[i] === '+') i += 1;
      return 'optional';
    }
    if (c === '+') {
      i += 1;
      if (pattern[i] === '?' || pattern[i] === '+') i += 1;
      return 'repeat';
    }
    const counted = c === '{' ? /^\{(\d+)(,\d*)?\}\??/.exec(pattern.slice(i)) : null;
    if (counted) {
      i += counted[0].length;
      const min = Number(counted[1]);
      if (min === 0) return 'optional';
      return counted[2] === undefined && min === 1 ? 'none' : 'repeat';
    }
    return 'none';
  };

  /** Reads one escape at i; returns the literal char, '' for zero-width, or null for a class. */
  const escape = (): string | null => {
    const c = pattern[i + 1] ?? '';
    const hex = /^\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|u\{([0-9A-Fa-f]+)\})/.exec(pattern.slice(i));
    if (hex) {
      i += hex[0].length;
      return String.fromCodePoint(parseInt(hex[1] ?? hex[2] ?? hex[3], 16));
    }
    if ((c === 'p' || c === 'P') && pattern[i + 2] === '{') {
      i = pattern.indexOf('}', i) + 1;
      return null;
    }
    i += 2;
    if (c === 'b' || c === 'B') return '';
    if (/[dDwWsSnrtfv0-9ck]/.test(c)) return null;
    return c;
  };

  const skipClass = (): void => {
    i += 1;
    if (pattern[i] === '^') i += 1;
    if (pattern[i] === ']') i += 1;
    while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
    i += 1;
  };

  const alternation = (): Alternative[] => {
    const alts: Alternative[] = [];
    for (;;) {
      alts.push(sequence());
      if (pattern[i] !== '|') return alts;
      i += 1;
    }
  };

  const sequence = (): Alternative => {
    let prefixes = [''];
    let open = true;
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== ')') {
      const c = pattern[i];
      if (c === '(') {
        const look = /^\(\?<?[=!]/.exec(pattern.slice(i));
        const head = look ?? /^\((?:\?:|\?<[A-Za-z_][A-Za-z0-9_]*>)?/.exec(pattern.slice(i));
        i += head![0].length;
        const inner = alternation();
        i += 1; // ')'
        const q = quantifier();
        if (look || !open) continue;
        if (q === 'optional') {
          open = false;
          continue;
        }
        const combined = prefixes.flatMap((p) => inner.flatMap((a) => a.prefixes.map((x) => p + x)));
        if (combined.length > MAX_PREFIXES) {
          open = false;
          continue;
        }
        prefixes = combined;
        if (q === 'repeat' || inner.some((a) => !a.complete)) open = false;
        continue;
      }
      let literal: string | null;
      if (c === '\\') literal = escape();
      else if (c === '[') {
        skipClass();
        literal = null;
      } else if (c === '^') {
        i += 1;
        literal = '';
      } else {
        i += 1;
        literal = c === '.' || c === '$' ? null : c;
      }
      const q = quantifier();
      if (!open || literal === '') continue;
      if (literal === null || q === 'optional') {
        open = false;
        continue;
      }
      prefixes = prefixes.map((p) => p + literal);
      if (q === 'repeat') open = false;
    }
    return { prefixes, complete: open };
  };

  const top = alternation();
  const all = top.flatMap((a) => a.prefixes);
  if (all.length === 0 || all.some((p) => p.length < minLength)) return [];
  return [...new Set(all.map((p) => p.toLowerCase()))];
}

// ---------------------------------------------------------------------------------------------------
// The TOML document

type Table = Record<string, unknown>;

class FieldError extends Error {
  constructor(
    message: string,
    readonly needles: string[],
    readonly section: { header: RegExp; index: number } | null,
  ) {
    super(message);
  }
}

function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Where a value sits in the source: first line holding one of the needles after the section header. */
export function findLine(text: string, needles: string[], section: { header: RegExp; index: number } | null): number {
  const lines = text.split(/\r?\n/);
  let start = 0;
  if (section) {
    let seen = -1;
    for (let n = 0; n < lines.length; n++) {
      if (section.header.test(lines[n]) && ++seen === section.index) {
        start = n;
        break;
      }
    }
  }
  const variants = needles.filter((s) => s.length > 0).flatMap((s) => [s, s.replace(/\\/g, '\\\\'), JSON.stringify(s)]);
  for (let n = start; n < lines.length; n++) if (variants.some((v) => lines[n].includes(v))) return n + 1;
  return start + 1;
}

const RULE_HEADER = /^\s*\[\[\s*rules\s*\]\]/;

function stringList(v: unknown, what: string, ctx: Ctx): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw new FieldError(`${what} must be a list of strings`, [what.split('.').pop() ?? what], ctx.section);
  }
  return v as string[];
}

interface Ctx {
  section: { header: RegExp; index: number } | null;
  where: string;
}

/** A JS SyntaxError repeats the whole pattern; keep only the reason. */
function reason(e: unknown): string {
  return (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
}

function translateInline(source: string, what: string, ctx: Ctx): string {
  try {
    return translateGoRegexInline(source);
  } catch (e) {
    throw new FieldError(`${ctx.where}: ${what} ${JSON.stringify(source)} does not compile: ${reason(e)}`, [source], ctx.section);
  }
}

function parseAllowlist(raw: unknown, ctx: Ctx, ruleIds: string[] | undefined): ConfiguredAllowlist {
  if (!isTable(raw)) throw new FieldError(`${ctx.where} must be a table`, [], ctx.section);
  const condition = String(raw.condition ?? 'OR').toUpperCase();
  if (!['OR', '||', 'AND', '&&'].includes(condition)) {
    throw new FieldError(`${ctx.where}: condition must be "OR" or "AND", not ${JSON.stringify(raw.condition)}`, ['condition'], ctx.section);
  }
  const regexTarget = raw.regexTarget ?? 'secret';
  if (regexTarget !== 'secret' && regexTarget !== 'match' && regexTarget !== 'line') {
    throw new FieldError(`${ctx.where}: regexTarget must be "secret", "match" or "line"`, ['regexTarget'], ctx.section);
  }
  const targetRules = stringList(raw.targetRules, `${ctx.where}.targetRules`, ctx);
  const list: ConfiguredAllowlist = {
    paths: stringList(raw.paths, `${ctx.where}.paths`, ctx).map((p) => translateInline(p, 'path', ctx)),
    regexes: stringList(raw.regexes, `${ctx.where}.regexes`, ctx).map((r) => translateInline(r, 'regex', ctx)),
    stopwords: stringList(raw.stopwords, `${ctx.where}.stopwords`, ctx),
    commits: stringList(raw.commits, `${ctx.where}.commits`, ctx),
  };
  if (typeof raw.description === 'string') list.description = raw.description;
  if (regexTarget !== 'secret') list.regexTarget = regexTarget;
  if (condition === 'AND' || condition === '&&') list.condition = 'AND';
  const ids = ruleIds ?? (targetRules.length > 0 ? targetRules : undefined);
  if (ids) list.ruleIds = ids;
  if (list.paths.length + list.regexes.length + list.stopwords.length + list.commits.length === 0) {
    throw new FieldError(`${ctx.where} has no paths, regexes, stopwords or commits`, [], ctx.section);
  }
  return list;
}

function ruleAllowlists(raw: Table, id: string, ctx: Ctx): ConfiguredAllowlist[] {
  const lists: ConfiguredAllowlist[] = [];
  if (raw.allowlist !== undefined) lists.push(parseAllowlist(raw.allowlist, { ...ctx, where: `rule ${id}: allowlist` }, [id]));
  if (raw.allowlists !== undefined) {
    if (!Array.isArray(raw.allowlists)) throw new FieldError(`rule ${id}: allowlists must be [[rules.allowlists]] tables`, ['allowlists'], ctx.section);
    raw.allowlists.forEach((a, n) => lists.push(parseAllowlist(a, { ...ctx, where: `rule ${id}: allowlists[${n}]` }, [id])));
  }
  return lists;
}

function countGroups(pattern: string, flags: string): number {
  return (new RegExp(`${pattern}|`, flags).exec('') ?? []).length - 1;
}

interface RuleParts {
  rule?: RuleSpec;
  pathRule?: GitleaksPathRule;
  allowlists: ConfiguredAllowlist[];
  warnings: string[];
}

function parseRule(raw: unknown, index: number): RuleParts {
  const ctx: Ctx = { section: { header: RULE_HEADER, index }, where: `rules[${index}]` };
  if (!isTable(raw)) throw new FieldError(`rules[${index}] must be a table`, [], ctx.section);
  if (typeof raw.id !== 'string' || raw.id.trim() === '') throw new FieldError(`rules[${index}] has no id`, [], ctx.section);
  const id = raw.id;
  ctx.where = `rule ${id}`;
  const description = typeof raw.description === 'string' ? raw.description : id;
  const allowlists = ruleAllowlists(raw, id, ctx);
  const warnings: string[] = [];
  if (raw.required !== undefined) warnings.push(`rule ${id}: composite rules ([[rules.required]]) are not supported; the rule runs alone`);
  if (raw.regex !== undefined && typeof raw.regex !== 'string') throw new FieldError(`rule ${id}: regex must be a string`, ['regex'], ctx.section);
  if (raw.path !== undefined && typeof raw.path !== 'string') throw new FieldError(`rule ${id}: path must be a string`, ['path'], ctx.section);
  const path = raw.path === undefined ? undefined : translateInline(raw.path, 'path', ctx);

  if (raw.regex === undefined) {
    if (path !== undefined) return { pathRule: { id, description, path }, allowlists, warnings };
    if (allowlists.length === 0) throw new FieldError(`rule ${id} has no regex and no path`, [id], ctx.section);
    return { allowlists, warnings }; // extends a rule defined elsewhere
  }

  let translated: TranslatedRegex;
  try {
    translated = translateGoRegex(raw.regex);
  } catch (e) {
    throw new FieldError(`rule ${id}: regex does not compile: ${reason(e)}`, [raw.regex], ctx.section);
  }
  const rule: RuleSpec = {
    id,
    provider: id.startsWith('generic') ? 'generic' : 'custom',
    title: description,
    severity: 'high',
    confidence: 'medium',
    keywords: [],
    pattern: translated.pattern,
    examples: [],
    negativeExamples: [],
    origin: 'gitleaks',
  };
  if (translated.flags) rule.flags = translated.flags;
  if (raw.secretGroup !== undefined) {
    const group = raw.secretGroup;
    if (typeof group !== 'number' || !Number.isInteger(group) || group < 0) {
      throw new FieldError(`rule ${id}: secretGroup must be a whole number`, ['secretGroup'], ctx.section);
    }
    const groups = countGroups(translated.pattern, translated.flags);
    if (group > groups) {
      const what = `rule ${id}: secretGroup ${group} but the regex has ${groups} group(s)`;
      throw new FieldError(what, ['secretGroup'], ctx.section);
    }
    if (group > 0) rule.secretGroup = group;
  }
  if (raw.entropy !== undefined) {
    if (typeof raw.entropy !== 'number' || raw.entropy < 0) throw new FieldError(`rule ${id}: entropy must be a number >= 0`, ['entropy'], ctx.section);
    if (raw.entropy > 0) rule.entropy = raw.entropy;
  }
  const keywords = stringList(raw.keywords, `rule ${id}: keywords`, ctx).map((k) => k.toLowerCase()).filter((k) => k.length > 0);
  rule.keywords = keywords.length > 0 ? [...new Set(keywords)] : literalPrefixKeywords(translated.pattern);
  if (path !== undefined) {
    const inline = /^\(\?([imsu]+)\)/.exec(path);
    const body = inline ? path.slice(inline[0].length) : path;
    allowlists.push({
      description: `rule ${id} applies only to paths matching its path regex`,
      paths: [`${inline ? inline[0] : ''}^(?![\\s\\S]*(?:${body}))`],
      regexes: [],
      stopwords: [],
      commits: [],
      ruleIds: [id],
    });
  }
  return { rule, allowlists, warnings };
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

function badConfig(file: string, line: number | null, what: string): SpillkitError {
  return new SpillkitError('BAD_CONFIG', line === null ? `${file}: ${what}` : `${file}:${line}: ${what}`, { file, line });
}

export function parseGitleaksConfig(text: string, file: string): GitleaksConfig {
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
  try {
    const extend = parseExtend(doc.extend);
    const result: GitleaksConfig = {
      rules: [],
      pathRules: [],
      allowlists: [],
      disabledRules: extend.disabledRules,
      useDefault: extend.useDefault,
      warnings: [],
    };
    if (typeof doc.title === 'string') result.title = doc.title;
    if (extend.path) result.extendPath = extend.path;

    const rules = doc.rules ?? [];
    if (!Array.isArray(rules)) throw new FieldError('rules must be [[rules]] tables', ['rules'], null);
    const seen = new Set<string>();
    rules.forEach((raw, index) => {
      const parts = parseRule(raw, index);
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

    if (doc.allowlist !== undefined) {
      result.allowlists.push(parseAllowlist(doc.allowlist, { section: { header: /^\s*\[\s*allowlist\s*\]/, index: 0 }, where: 'allowlist' }, undefined));
    }
    if (doc.allowlists !== undefined) {
      if (!Array.isArray(doc.allowlists)) throw new FieldError('allowlists must be [[allowlists]] tables', ['allowlists'], null);
      doc.allowlists.forEach((a, index) => {
        const section = { header: /^\s*\[\[\s*allowlists\s*\]\]/, index };
        result.allowlists.push(parseAllowlist(a, { section, where: `allowlists[${index}]` }, undefined));
      });
    }
    return result;
  } catch (e) {
    if (e instanceof FieldError) throw badConfig(file, findLine(text, e.needles, e.section), e.message);
    throw e;
  }
}
