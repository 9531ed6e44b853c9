import { compileAllowlists, type CompiledAllowlists, type ConfiguredAllowlist } from '../rules/allowlist.js';
import { checksums } from '../rules/checksums.js';
import { literalPrefixKeywords } from '../rules/regex-prefix.js';
import { findDecodedMatches, findUtf16Matches, utf16Encoding, type Decoded, type Encoding } from './decode.js';
import { isBinary, printableRuns } from './binary-text.js';
import { placeholderKind } from '../rules/placeholder.js';
import { compileRuleRegexes } from '../rules/rule-regex.js';
import { hasRun, secretRunOf, type SecretRun } from '../rules/secret-run.js';
import { isTrustedRule, type ScanRegex } from '../rules/safe-regex.js';
import type { RuleSpec } from '../rules/types.js';
import { validators } from '../rules/validators.js';
import { shannonEntropy } from './entropy.js';
import { KeywordIndex } from './keyword-index.js';
import { lineEndCapped, lineStartCapped } from './lines.js';

/**
 * The rule engine. One combined keyword regex finds candidate positions; a rule's own regex then runs
 * only in a window around each hit (the hit's line, capped, or a bounded span for multi-line rules).
 * Regex matching costs far more than inflating a blob, so the engine never runs rule regexes on whole
 * files. It reads bytes as latin1 so that string offsets are byte offsets.
 */
export interface CompiledRule {
  index: number;
  spec: RuleSpec;
  /** V8 for built-in rules, the linear-time engine for config rules (rules/safe-regex.ts). */
  re: ScanRegex;
  secretGroup: number | string;
  entropy: number;
  allow: ScanRegex[];
  validate: ((secret: string, lead: string) => boolean) | null;
  placeholderCheck: boolean;
  multiline: number;
  /** Higher wins when two rules claim overlapping secrets. */
  priority: number;
  /** A keyword that must stand near the secret (lower-cased), and how far from it. */
  context: { keywords: string[]; within: number; also?: string[]; word?: boolean } | null;
  /** The rule counts only in files whose path matches (checked where paths are known). */
  path: RegExp | null;
  checksum: ((secret: string) => boolean) | null;
  /**
   * Keyword indexes that begin every match of a pattern guarded by a lookbehind on letters
   * (`(?<![A-Za-z0-9_])ck_…`): a hit inside a word (`stack_`) can never match, so it wakes nothing.
   * Worked out at the rule's first hit inside a word (null until then).
   */
  boundedPrefixes: Set<number> | null;
  /** The run of one character class every secret of the rule opens with (undefined until first needed). */
  secretRun?: SecretRun | null;
}

export interface Matcher {
  rules: CompiledRule[];
  keywords: KeywordIndex;
  /** Rules to wake per keyword index (including the rules of keywords it contains). */
  rulesByKeyword: number[][];
  /** Rules without keywords (some imported gitleaks rules): they run over every scanned region. */
  unkeyed: number[];
  allowlists: CompiledAllowlists;
  /** Keyword (lower-cased) to its index. */
  keyIndex: Map<string, number>;
}

/** A candidate: match span [ms, me) and secret span [ss, se), byte offsets in the scanned buffer. */
export interface RawMatch {
  rule: number;
  ms: number;
  me: number;
  ss: number;
  se: number;
  /** For rules with a checksum: 1 it holds, 0 it fails (the match is reported at low confidence). */
  check?: 0 | 1;
  /** Set when the secret was found inside an encoding: the span is the encoded run's. */
  dec?: Decoded;
  /** 1 when the value is mostly typed sequences (`abcdef123456`): reported by a provider's rule at low confidence. */
  madeUp?: 1;
}

/** How far a single-line window reaches on each side of a keyword hit on a very long line. */
export const LINE_CAP = 4096;

/** A pattern opening with a lookbehind that refuses a letter before the match. */
const LETTER_LOOKBEHIND = /^\(\?<!\[[^\]]*(?:A-Z|a-z)[^\]]*\]\)/;

const CONFIDENCE_RANK = { high: 3, medium: 2, low: 1 } as const;
const INLINE_ALLOW = ['spillkit:allow', 'gitleaks:allow', 'pragma: allowlist secret'];

export function compileRules(specs: RuleSpec[], allowlists: ConfiguredAllowlist[] = []): Matcher {
  const rules: CompiledRule[] = specs.map((spec, index) => {
    // Shapes with no provider behind them (an assignment, a password on a command line) lose to any
    // provider's rule claiming the same text.
    const generic = spec.provider === 'generic' || spec.provider === 'command-line';
    const rule = {
      index,
      spec,
      entropy: spec.entropy ?? 0,
      validate: spec.validate ? validators[spec.validate] ?? null : null,
      placeholderCheck: spec.placeholderCheck !== false,
      multiline: spec.multiline ?? 0,
      priority: CONFIDENCE_RANK[spec.confidence] + (generic ? 0 : 10) + (spec.origin === 'builtin' || !spec.origin ? 1 : 0),
      context: spec.context
        ? {
          keywords: (spec.context.keywords ?? spec.keywords).map((k) => k.toLowerCase()),
          within: spec.context.within ?? 0,
          ...(spec.context.also ? { also: spec.context.also.map((k) => k.toLowerCase()) } : {}),
          ...(spec.context.word ? { word: true } : {}),
        }
        : null,
      path: spec.path ? new RegExp(spec.path, 'i') : null,
      checksum: spec.checksum ? checksums[spec.checksum] ?? null : null,
      boundedPrefixes: null,
    } as Omit<CompiledRule, 're' | 'secretGroup' | 'allow'> as CompiledRule;
    if (!isTrustedRule(spec.origin)) return Object.assign(rule, compileRuleRegexes(spec));
    // Built-in rules compile at their first window: most of a large rule set never wakes in a given
    // repository, and every scan worker would otherwise pay for all of it.
    let compiled: ReturnType<typeof compileRuleRegexes> | null = null;
    const get = (): ReturnType<typeof compileRuleRegexes> => (compiled ??= compileRuleRegexes(spec));
    Object.defineProperties(rule, {
      re: { get: () => get().re, enumerable: true, configurable: true },
      secretGroup: { get: () => get().secretGroup, enumerable: true, configurable: true },
      allow: { get: () => get().allow, enumerable: true, configurable: true },
    });
    return rule;
  });
  const single = new Map<string, Set<number>>();
  const unkeyed: number[] = [];
  for (const r of rules) {
    // The keyword index needs 3 bytes; a rule with a shorter keyword (some imported configs) runs over
    // every scanned region instead, so it never misses a match.
    if (r.spec.keywords.length === 0 || r.spec.keywords.some((k) => k.length < 3)) {
      unkeyed.push(r.index);
      continue;
    }
    for (const kw of r.spec.keywords) {
      const key = kw.toLowerCase();
      if (!single.has(key)) single.set(key, new Set());
      single.get(key)!.add(r.index);
    }
  }
  // The index reports every occurrence, so `client_secret` also shows up as `secret`: each keyword
  // wakes only its own rules.
  const keys = [...single.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const rulesByKeyword = keys.map((k) => [...single.get(k)!].sort((a, b) => a - b));
  return {
    rules,
    keywords: new KeywordIndex(keys),
    rulesByKeyword,
    unkeyed,
    allowlists: compileAllowlists(allowlists),
    keyIndex: new Map(keys.map((k, i) => [k, i])),
  };
}

/** The rule's keywords that begin every match of its pattern, when a lookbehind refuses a letter before it. */
function boundedPrefixesOf(m: Matcher, r: CompiledRule): Set<number> {
  const bounded = new Set<number>();
  if (!LETTER_LOOKBEHIND.test(r.spec.pattern)) return bounded;
  for (const prefix of literalPrefixKeywords(r.spec.pattern, 3)) {
    for (const kw of r.spec.keywords) {
      const k = m.keyIndex.get(kw.toLowerCase());
      if (k !== undefined && prefix.startsWith(kw.toLowerCase())) bounded.add(k);
    }
  }
  return bounded;
}

/** Latin1 view of bytes: one char per byte, so offsets carry over unchanged. */
function latin1(buf: Buffer, from: number, to: number): string {
  return buf.toString('latin1', from, to);
}

/**
 * Finds raw candidates whose keyword lies in one of `regions` (all of `buf` when null). Candidates pass
 * the secret's own filters (entropy, rule allow, validator, placeholder) but not those that depend on
 * the surrounding text, which `finalizeMatches` applies to the final text of each blob.
 *
 * Multi-line rules (PEM blocks, manifests) work from anchors: (position, rule) pairs of their keyword
 * hits. `anchorsOut` receives every anchor of the text; in a delta scan `carriedAnchors` holds the
 * base's anchors mapped into this text, and a multi-line window is searched only when an edited region
 * touches it (otherwise the base's matches inside it were carried over unchanged).
 */
export function findRawMatches(
  m: Matcher,
  buf: Buffer,
  regions: Array<[number, number]> | null,
  out: RawMatch[],
  anchorsOut?: number[],
  carriedAnchors?: number[],
): number {
  const all: Array<[number, number]> = regions ?? [[0, buf.length]];
  const windows = new Map<number, number[]>();
  const anchors: number[] = carriedAnchors ? [...carriedAnchors] : [];
  let scanned = 0;
  const addWindow = (rule: number, ws: number, we: number): void => {
    let w = windows.get(rule);
    if (!w) windows.set(rule, (w = []));
    const n = w.length;
    if (n && w[n - 1] >= ws && w[n - 2] <= ws) {
      if (we > w[n - 1]) w[n - 1] = we;
    } else w.push(ws, we);
  };
  // The line last looked up, [lineStart, lineEnd] (lineEnd is its newline or the end of the text):
  // hits cluster on lines, and on a long line (minified JSON, a test table) each capped bound would
  // otherwise rescan up to LINE_CAP bytes per hit.
  let lineStart = -1;
  let lineEnd = -2;
  const onLine = (p: number): void => {
    if (p >= lineStart && p <= lineEnd) return;
    lineStart = lineStartCapped(buf, p, Number.MAX_SAFE_INTEGER);
    lineEnd = lineEndCapped(buf, p, Number.MAX_SAFE_INTEGER);
  };
  // lineStartCapped/lineEndCapped, answered from the cached line when p lies on it.
  const startCapped = (p: number): number => (p >= lineStart && p <= lineEnd ? Math.max(lineStart, p - LINE_CAP) : lineStartCapped(buf, p, LINE_CAP));
  const endCapped = (p: number): number => (p >= lineStart && p <= lineEnd ? Math.min(lineEnd, p + LINE_CAP) : lineEndCapped(buf, p, LINE_CAP));
  if (m.keywords.size) {
    for (const [a, b] of all) {
      if (b <= a) continue;
      scanned += b - a;
      m.keywords.scan(buf, a, b, (at, k, length) => {
        onLine(at);
        const ws = startCapped(at);
        // A keyword may hold a line break (`credentials\n`): its window ends on the line it ends on.
        const we = endCapped(at + length);
        const midWord = at > 0 && startsInsideWord(buf, at);
        for (const id of m.rulesByKeyword[k]) {
          const rule = m.rules[id];
          if (rule.multiline > 0) anchors.push(at, id);
          // A context rule's keyword is a provider's name: inside another word (`keap` in
          // `purestakeApiKey`, `lob` in `blob`) it names nothing.
          else if (midWord && (rule.context !== null || (rule.boundedPrefixes ??= boundedPrefixesOf(m, rule)).has(k))) continue;
          else if (rule.context !== null && rule.context.within > 0) {
            // A context rule's secret may sit on the lines around its keyword: widen to them.
            const within = rule.context.within;
            addWindow(id, startCapped(Math.max(0, at - within)), endCapped(Math.min(buf.length, at + length + within)));
          } else addWindow(id, ws, we);
        }
      });
    }
  }
  const seen = new Set<number>();
  for (let i = 0; i < anchors.length; i += 2) {
    const at = anchors[i];
    const id = anchors[i + 1];
    const k = at * 4096 + id;
    if (seen.has(k)) continue;
    seen.add(k);
    anchorsOut?.push(at, id);
    const ws = startCapped(at);
    const we = Math.min(buf.length, at + m.rules[id].multiline);
    if (regions === null || overlapsAny(regions, ws, we)) addWindow(id, ws, we);
  }
  for (const id of m.unkeyed) {
    for (const [a, b] of all) if (b > a) addWindow(id, lineStartCapped(buf, a, LINE_CAP), lineEndCapped(buf, b, LINE_CAP));
  }
  for (const [id, w] of windows) {
    const rule = m.rules[id];
    const merged = w.length > 2 ? mergeWindows(w) : w;
    for (let k = 0; k < merged.length; k += 2) runRule(rule, buf, merged[k], merged[k + 1], out);
  }
  return scanned;
}

/** Windows as sorted, disjoint [start, end) pairs (keyword hits may arrive out of order). */
function mergeWindows(w: number[]): number[] {
  const pairs: Array<[number, number]> = [];
  for (let k = 0; k < w.length; k += 2) pairs.push([w[k], w[k + 1]]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [a, b] of pairs) {
    const n = out.length;
    if (n && a <= out[n - 1]) out[n - 1] = Math.max(out[n - 1], b);
    else out.push(a, b);
  }
  return out;
}

function overlapsAny(regions: Array<[number, number]>, a: number, b: number): boolean {
  for (const [ra, rb] of regions) if (ra <= b && rb >= a) return true;
  return false;
}

function runRule(rule: CompiledRule, buf: Buffer, ws: number, we: number, out: RawMatch[]): void {
  if (rule.secretRun === undefined) rule.secretRun = isTrustedRule(rule.spec.origin) ? secretRunOf(rule.spec.pattern, rule.spec.flags) : null;
  if (rule.secretRun !== null && !hasRun(buf, ws, we, rule.secretRun)) return;
  const text = latin1(buf, ws, we);
  const re = rule.re;
  re.lastIndex = 0;
  let mt: RegExpExecArray | null;
  while ((mt = re.exec(text)) !== null) {
    if (mt[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const g = rule.secretGroup;
    const span = typeof g === 'number' ? mt.indices![g] : mt.indices!.groups?.[g];
    if (!span) continue;
    const secret = typeof g === 'number' ? mt[g] : mt.groups![g];
    if (!secret) continue;
    const ss = ws + span[0];
    const se = ws + span[1];
    const verdict = secretPasses(rule, secret, buf, ss);
    if (verdict === FAILS) continue;
    if (rule.context !== null && (insideEncodedData(buf, ss, se) || contextKeywordNear(buf, rule.context, ss, se) === null)) continue;
    const raw: RawMatch = { rule: rule.index, ms: ws + mt.index, me: ws + mt.index + mt[0].length, ss, se };
    if (rule.checksum !== null) raw.check = rule.checksum(utf8(secret)) ? 1 : 0;
    if (verdict === MADE_UP) raw.madeUp = 1;
    out.push(raw);
  }
}

const BASE64_BYTE = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=') BASE64_BYTE[c.charCodeAt(0)] = 1;

/**
 * The value [ss, se) is a piece of a long base64 run (an image in a data URI, an embedded file): the
 * bytes beside it continue the run with `+` or `/`, and the run is far longer than the value. A bare
 * value there is a slice of encoded data that happens to sit between two slashes, whatever word the
 * data spells nearby (`viewBox` beside an inline image names no Box key).
 */
function insideEncodedData(buf: Buffer, ss: number, se: number): boolean {
  const before = buf[ss - 1];
  const after = buf[se];
  if (before !== 0x2b && before !== 0x2f && after !== 0x2b && after !== 0x2f) return false;
  const need = Math.max(ENCODED_RUN_MIN, 3 * (se - ss));
  let from = ss;
  while (from > 0 && se - from < need && BASE64_BYTE[buf[from - 1]] === 1) from--;
  let to = se;
  while (to < buf.length && to - from < need && BASE64_BYTE[buf[to]] === 1) to++;
  return to - from >= need;
}

/** Shorter slash-separated runs are paths and URLs, which do hold keys. */
const ENCODED_RUN_MIN = 96;

/**
 * The context keyword standing near the secret [ss, se), or null: on the secret's line when `within`
 * is 0, else at most `within` bytes before or after it. The secret itself does not count. With
 * `word`, a keyword must start a word (`lob` counts in `LOB_KEY` and `myLobKey`, not in `blob_key`;
 * generic words such as `key` must not, since `Apikey` and `hapikey` hold them). With `also`, one of
 * those words must stand near too (the provider's name and `secret`, say).
 */
export function contextKeywordNear(buf: Buffer, context: { keywords: string[]; within: number; also?: string[]; word?: boolean }, ss: number, se: number): string | null {
  const longest = Math.max(...context.keywords.map((k) => k.length), ...(context.also ?? []).map((k) => k.length));
  const lineFrom = lineStartCapped(buf, ss, LINE_CAP);
  const lineTo = lineEndCapped(buf, se, LINE_CAP);
  if (context.within > STRUCTURE_WITHIN) {
    // A file's structure (`kind: Config`, `<datasource`, `[http-basic`): anywhere in the span, either side.
    const structFrom = Math.max(0, ss - context.within - longest);
    const structTo = Math.min(buf.length, se + context.within + longest);
    const anywhere = (): boolean => true;
    const inFile = firstWordNear(buf, context.keywords, structFrom, ss, se, structTo, context.word === true, anywhere);
    if (inFile === null || context.also === undefined) return inFile;
    return firstWordNear(buf, context.also, structFrom, ss, se, structTo, false, anywhere) === null ? null : inFile;
  }
  // A provider's name: anywhere on the secret's line; with `within`, also on the lines before it,
  // either close (at most CONTEXT_REACH bytes from the keyword's end) or as the key that opens the
  // block holding it.
  const from = context.within === 0 ? lineFrom : Math.min(lineFrom, Math.max(0, ss - context.within - longest));
  const near = (at: number, length: number): boolean =>
    at >= lineFrom || at + length >= ss - CONTEXT_REACH || opensBlock(buf, at + length, ss);
  const found = firstWordNear(buf, context.keywords, from, ss, se, lineTo, context.word === true, near);
  if (found === null || context.also === undefined) return found;
  return firstWordNear(buf, context.also, from, ss, se, lineTo, false, near) === null ? null : found;
}

/**
 * The keyword ending at `end` names the block the secret sits in: the rest of its line only closes a
 * key and opens a block (`soundcloud:`, `"soundcloud": {`, `[soundcloud]`, `<soundcloud>`), and the
 * secret comes on a later line. A name in an earlier log line or entry does not.
 */
function opensBlock(buf: Buffer, end: number, ss: number): boolean {
  const lineEnd = lineEndCapped(buf, end, LINE_CAP);
  if (lineEnd >= ss) return false;
  const rest = buf.toString('latin1', end, lineEnd);
  // Something must open the block: `:`, `=`, `{`, `>`, `]`, `(`; a line merely ending with the name
  // (`Fetching data from alienvault`) opens nothing.
  return /^[\w.-]*["'\]>]?\s*(?::|=|=>|\{|:\s*\{|=\s*\{|\()?\s*[{[(]?\s*(?:#.*)?\r?$/.test(rest) && /[:={>\](]/.test(rest);
}

/**
 * The farthest a context keyword may stand before its value, whatever a rule asks: farther, the name
 * belongs to something else (a log line above, the previous entry of a config). The convention of the
 * field (a provider's name, then at most about 40 characters to its key).
 */
const CONTEXT_REACH = 40;

/** Rules asking for more than this are about a file's structure, not a provider's name next to a key. */
const STRUCTURE_WITHIN = 160;

/** The byte at `at` continues a word: a letter before it, and no camelCase step (`myLob`) between. */
function startsInsideWord(buf: Buffer, at: number): boolean {
  const prev = buf[at - 1];
  return isLetter(buf[at]) && isLetter(prev) && !(isLower(prev) && isUpper(buf[at]));
}

const isLetter = (b: number): boolean => (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a);
const isLower = (b: number): boolean => b >= 0x61 && b <= 0x7a;
const isUpper = (b: number): boolean => b >= 0x41 && b <= 0x5a;

function firstWordNear(buf: Buffer, words: string[], from: number, ss: number, se: number, to: number, wordStart: boolean, near: (at: number, length: number) => boolean): string | null {
  const before = buf.toString('latin1', from, ss).toLowerCase();
  const after = se < to ? buf.toString('latin1', se, to).toLowerCase() : '';
  for (const k of words) {
    for (const [text, base] of [[before, from], [after, se]] as const) {
      for (let i = text.indexOf(k); i >= 0; i = text.indexOf(k, i + 1)) {
        const at = base + i;
        if (base === from && !near(at, k.length)) continue;
        const prev = at > 0 ? buf[at - 1] : 0;
        // A word starts after a non-letter, or at a camelCase step (`myLob`), never inside a word.
        if (!wordStart || !isLetter(prev) || (isLower(prev) && isUpper(buf[at]))) return k;
      }
    }
  }
  return null;
}

/**
 * A short string cannot reach a high entropy however random it is (14 distinct characters give at most
 * log2(14) = 3.8 bits): from 12 characters on, the floor scales down so a random 14-character
 * password still counts while a repetitive one does not. Shorter values keep the full floor: below
 * 12 characters, code (`string):`, `[awsKey]`) outnumbers secrets.
 */
export function entropyFloor(floor: number, length: number): number {
  return length < 12 ? floor : Math.min(floor, 0.85 * Math.log2(length));
}

/** How much of the secret's line, before it, a validator sees (the name it is assigned to, a prefix). */
const LEAD_BYTES = 200;

const FAILS = 0;
const PASSES = 1;
const MADE_UP = 2;

/**
 * The secret's own filters. A value of typed sequences passes only a provider's rule (the provider's
 * name and exact format stand for it), marked made up; the generic rules drop it.
 */
function secretPasses(rule: CompiledRule, latinSecret: string, buf: Buffer, ss: number): number {
  if (rule.entropy > 0 && shannonEntropy(latinSecret) < entropyFloor(rule.entropy, latinSecret.length)) return FAILS;
  const secret = utf8(latinSecret);
  for (const a of rule.allow) if (a.test(secret)) return FAILS;
  if (rule.validate && !rule.validate(secret, utf8(latin1(buf, lineStartCapped(buf, ss, LEAD_BYTES), ss)))) return FAILS;
  if (!rule.placeholderCheck) return PASSES;
  const kind = placeholderKind(secret);
  if (kind === null) return PASSES;
  return kind === 'sequence' && rule.priority >= 10 ? MADE_UP : FAILS;
}

export function utf8(latinText: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(latinText) ? Buffer.from(latinText, 'latin1').toString('utf8') : latinText;
}

/**
 * Turns candidates into the blob's matches: one per (rule, secret span), inline allow comments and
 * content allowlists applied, and where rules claim overlapping secrets only the most specific kept.
 */
export function finalizeMatches(m: Matcher, buf: Buffer, raw: RawMatch[]): RawMatch[] {
  if (raw.length === 0) return raw;
  const sorted = [...raw].sort((a, b) => a.ss - b.ss || a.se - b.se || a.rule - b.rule);
  const unique: RawMatch[] = [];
  for (const r of sorted) {
    const prev = unique[unique.length - 1];
    if (prev && prev.rule === r.rule && prev.ss === r.ss && prev.se === r.se && prev.dec?.secret === r.dec?.secret) continue;
    if (allowedInContext(m, buf, r)) continue;
    unique.push(r);
  }
  const dropped = new Set<RawMatch>();
  for (let i = 0; i < unique.length; i++) {
    const a = unique[i];
    if (dropped.has(a)) continue;
    for (let j = i + 1; j < unique.length && unique[j].ss < a.se; j++) {
      const b = unique[j];
      if (dropped.has(b)) continue;
      if (b.rule === a.rule) {
        // The same rule on a value and on its decoded form (`%2B`, `\/`): the decoded one is the secret.
        if ((a.dec === undefined) !== (b.dec === undefined)) {
          dropped.add(a.dec === undefined ? a : b);
          if (a.dec === undefined) break;
        }
        continue;
      }
      // A path-bound rule may not count here; the other rule's match stays until the path is known.
      if ((m.rules[a.rule].path === null) !== (m.rules[b.rule].path === null)) continue;
      const pa = m.rules[a.rule].priority;
      const pb = m.rules[b.rule].priority;
      const loser = pa !== pb ? (pa > pb ? b : a) : a.se - a.ss !== b.se - b.ss ? (a.se - a.ss > b.se - b.ss ? b : a) : a.rule < b.rule ? b : a;
      dropped.add(loser);
      if (loser === a) break;
    }
  }
  return unique.filter((r) => !dropped.has(r));
}

function allowedInContext(m: Matcher, buf: Buffer, r: RawMatch): boolean {
  const ls = lineStartCapped(buf, r.ms, LINE_CAP);
  const le = lineEndCapped(buf, r.me, LINE_CAP);
  const line = latin1(buf, ls, le);
  for (const marker of INLINE_ALLOW) if (line.includes(marker)) return true;
  if (m.allowlists.size === 0) return false;
  const rule = m.rules[r.rule].spec;
  return m.allowlists.allowsSecret(rule.id, r.dec?.secret ?? utf8(latin1(buf, r.ss, r.se)), utf8(latin1(buf, r.ms, r.me)), utf8(line));
}

/**
 * Every raw candidate of a whole text, as the object pass finds them in a blob: plain text (binary
 * files in their printable runs), inside encodings, and UTF-16 files decoded. Returns the candidates.
 */
export function scanWhole(m: Matcher, buf: Buffer, counted?: { bytes: number }, anchorsOut?: number[]): RawMatch[] {
  const raw: RawMatch[] = [];
  const utf16 = utf16Encoding(buf);
  let bytes: number;
  if (utf16 !== null) bytes = findUtf16Matches(m, buf, utf16, raw);
  else {
    const regions = isBinary(buf) ? printableRuns(buf) : null;
    bytes = findRawMatches(m, buf, regions, raw, anchorsOut);
    bytes += findDecodedMatches(m, buf, regions, raw);
  }
  if (counted) counted.bytes += bytes;
  return raw;
}

/**
 * Applies path-bound rules once the path is known: their matches elsewhere go, and where one stays it
 * supersedes a generic rule's match of the same secret (finalizeMatches keeps both until now).
 */
export function dropOffPath<T extends { rule: number; ss: number; se: number }>(m: Matcher, matches: T[], path: string | undefined | null): T[] {
  if (!matches.some((r) => m.rules[r.rule].path !== null)) return matches;
  const kept = matches.filter((r) => {
    const rule = m.rules[r.rule];
    return rule.path === null || (path !== undefined && path !== null && rule.path.test(path));
  });
  const bound = kept.filter((r) => m.rules[r.rule].path !== null);
  return kept.filter((r) => m.rules[r.rule].spec.provider !== 'generic' || !bound.some((b) => b.ss < r.se && r.ss < b.se));
}

export interface TextMatch {
  ruleId: string;
  secret: string;
  /** The encoding the secret was found in (its span is the encoded run's). */
  decoded?: Encoding;
  start: number;
  end: number;
  line: number;
  column: number;
}

/**
 * The whole pipeline on one standalone text (rule self-checks, staged files, messages). `path` is the
 * text's file path, if it is a file: rules bound to a path only count when it matches.
 */
export function matchText(m: Matcher, text: string | Buffer, path?: string): TextMatch[] {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const final = finalizeMatches(m, buf, scanWhole(m, buf));
  return dropOffPath(m, final, path).map((r) => {
    const pos = r.dec?.line !== undefined ? { line: r.dec.line, column: r.dec.column ?? 1 } : lineAndColumn(buf, r.ss);
    return {
      ruleId: m.rules[r.rule].spec.id, secret: r.dec?.secret ?? buf.toString('utf8', r.ss, r.se), start: r.ss, end: r.se, ...pos,
      ...(r.dec ? { decoded: r.dec.kind } : {}),
    };
  });
}

/** 1-based line, and 1-based column counted in characters (code points) of the UTF-8 line. */
export function lineAndColumn(buf: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = buf.indexOf(10); i >= 0 && i < offset; i = buf.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: columnOf(buf, lineStart, offset) };
}

export function columnOf(buf: Buffer, lineStart: number, offset: number): number {
  let col = 1;
  // Count UTF-8 lead bytes: continuation bytes (10xxxxxx) do not start a character.
  for (let i = lineStart; i < offset; i++) if ((buf[i] & 0xc0) !== 0x80) col++;
  return col;
}
