import { compileAllowlists, type CompiledAllowlists, type ConfiguredAllowlist } from '../rules/allowlist.js';
import { isPlaceholder } from '../rules/placeholder.js';
import { compileRuleRegexes } from '../rules/rule-regex.js';
import type { ScanRegex } from '../rules/safe-regex.js';
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
  validate: ((secret: string) => boolean) | null;
  placeholderCheck: boolean;
  multiline: number;
  /** Higher wins when two rules claim overlapping secrets. */
  priority: number;
}

export interface Matcher {
  rules: CompiledRule[];
  keywords: KeywordIndex;
  /** Rules to wake per keyword index (including the rules of keywords it contains). */
  rulesByKeyword: number[][];
  /** Rules without keywords (some imported gitleaks rules): they run over every scanned region. */
  unkeyed: number[];
  allowlists: CompiledAllowlists;
}

/** A candidate: match span [ms, me) and secret span [ss, se), byte offsets in the scanned buffer. */
export interface RawMatch {
  rule: number;
  ms: number;
  me: number;
  ss: number;
  se: number;
}

/** How far a single-line window reaches on each side of a keyword hit on a very long line. */
export const LINE_CAP = 4096;

const CONFIDENCE_RANK = { high: 3, medium: 2, low: 1 } as const;
const INLINE_ALLOW = ['spillkit:allow', 'gitleaks:allow', 'pragma: allowlist secret'];

export function compileRules(specs: RuleSpec[], allowlists: ConfiguredAllowlist[] = []): Matcher {
  const rules: CompiledRule[] = specs.map((spec, index) => {
    const { re, secretGroup, allow } = compileRuleRegexes(spec);
    const generic = spec.provider === 'generic';
    return {
      index,
      spec,
      re,
      secretGroup,
      entropy: spec.entropy ?? 0,
      allow,
      validate: spec.validate ? validators[spec.validate] ?? null : null,
      placeholderCheck: spec.placeholderCheck !== false,
      multiline: spec.multiline ?? 0,
      priority: CONFIDENCE_RANK[spec.confidence] + (generic ? 0 : 10) + (spec.origin === 'builtin' || !spec.origin ? 1 : 0),
    };
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
  // The index reports one keyword per position, longest first; a keyword containing another
  // (`client_secret` holds `secret`) must also wake the rules of the contained one.
  const keys = [...single.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const rulesByKeyword = keys.map((k) => {
    const all = new Set<number>();
    for (const other of keys) if (k.includes(other)) for (const i of single.get(other)!) all.add(i);
    return [...all].sort((a, b) => a - b);
  });
  return {
    rules,
    keywords: new KeywordIndex(keys),
    rulesByKeyword,
    unkeyed,
    allowlists: compileAllowlists(allowlists),
  };
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
  if (m.keywords.size) {
    for (const [a, b] of all) {
      if (b <= a) continue;
      scanned += b - a;
      m.keywords.scan(buf, a, b, (at, k, length) => {
        const ws = lineStartCapped(buf, at, LINE_CAP);
        const we = lineEndCapped(buf, at + length, LINE_CAP);
        for (const id of m.rulesByKeyword[k]) {
          if (m.rules[id].multiline > 0) anchors.push(at, id);
          else addWindow(id, ws, we);
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
    const ws = lineStartCapped(buf, at, LINE_CAP);
    const we = Math.min(buf.length, at + m.rules[id].multiline);
    if (regions === null || overlapsAny(regions, ws, we)) addWindow(id, ws, we);
  }
  for (const id of m.unkeyed) {
    for (const [a, b] of all) if (b > a) addWindow(id, lineStartCapped(buf, a, LINE_CAP), lineEndCapped(buf, b, LINE_CAP));
  }
  for (const [id, w] of windows) {
    const rule = m.rules[id];
    for (let k = 0; k < w.length; k += 2) runRule(rule, buf, w[k], w[k + 1], out);
  }
  return scanned;
}

function overlapsAny(regions: Array<[number, number]>, a: number, b: number): boolean {
  for (const [ra, rb] of regions) if (ra <= b && rb >= a) return true;
  return false;
}

function runRule(rule: CompiledRule, buf: Buffer, ws: number, we: number, out: RawMatch[]): void {
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
    if (!secret || !secretPasses(rule, secret)) continue;
    out.push({ rule: rule.index, ms: ws + mt.index, me: ws + mt.index + mt[0].length, ss: ws + span[0], se: ws + span[1] });
  }
}

function secretPasses(rule: CompiledRule, latinSecret: string): boolean {
  if (rule.entropy > 0 && shannonEntropy(latinSecret) < rule.entropy) return false;
  const secret = utf8(latinSecret);
  for (const a of rule.allow) if (a.test(secret)) return false;
  if (rule.validate && !rule.validate(secret)) return false;
  if (rule.placeholderCheck && isPlaceholder(secret)) return false;
  return true;
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
    if (prev && prev.rule === r.rule && prev.ss === r.ss && prev.se === r.se) continue;
    if (allowedInContext(m, buf, r)) continue;
    unique.push(r);
  }
  const dropped = new Set<RawMatch>();
  for (let i = 0; i < unique.length; i++) {
    const a = unique[i];
    if (dropped.has(a)) continue;
    for (let j = i + 1; j < unique.length && unique[j].ss < a.se; j++) {
      const b = unique[j];
      if (dropped.has(b) || b.rule === a.rule) continue;
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
  return m.allowlists.allowsSecret(rule.id, utf8(latin1(buf, r.ss, r.se)), utf8(latin1(buf, r.ms, r.me)), utf8(line));
}

export interface TextMatch {
  ruleId: string;
  secret: string;
  start: number;
  end: number;
  line: number;
  column: number;
}

/** The whole pipeline on one standalone text (rule self-checks, staged files, messages). */
export function matchText(m: Matcher, text: string | Buffer): TextMatch[] {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const raw: RawMatch[] = [];
  findRawMatches(m, buf, null, raw);
  return finalizeMatches(m, buf, raw).map((r) => {
    const pos = lineAndColumn(buf, r.ss);
    return { ruleId: m.rules[r.rule].spec.id, secret: buf.toString('utf8', r.ss, r.se), start: r.ss, end: r.se, ...pos };
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
