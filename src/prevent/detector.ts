import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadScanConfig } from '../rules/config.js';
import { loadBuiltinRules } from '../rules/load.js';
import type { RuleSpec } from '../rules/types.js';
import { fingerprintOf } from '../scan/assemble.js';
import { isBaselined, loadBaseline, type Baseline } from '../scan/baseline.js';
import type { Finding } from '../scan/finding.js';
import { compileRules, matchText, type Matcher } from '../scan/matcher.js';
import { pathOnlySpecs, pathOnlyTests } from '../scan/path-only.js';
import { redact } from '../scan/redact.js';

/**
 * The scanner's rule engine applied to single files, as prevention needs it: built-in rules plus the
 * repository's config (`.spillkit.yaml`, `.gitleaks.toml` or `--config`), every allowlist (inline
 * comments and content lists inside the matcher; path and AND lists here), and an optional baseline.
 */
export interface FileSecret {
  /** Same fingerprint `spillkit scan` gives this secret at this path, so one baseline serves both. */
  fingerprint: string;
  rule: string;
  title: string;
  provider: string;
  severity: RuleSpec['severity'];
  confidence: RuleSpec['confidence'];
  path: string;
  line: number;
  column: number;
  blob: string;
  redacted: string;
  secretHash: string;
}

export interface Detector {
  rules: RuleSpec[];
  baseline: Baseline | null;
  configFiles: string[];
  warnings: string[];
  /** Every secret of one file's content, allowlists applied; `baselined` counts what the baseline hid. */
  scanFile(path: string, blob: string, content: Buffer): { secrets: FileSecret[]; suppressed: number };
  /** Every secret the matcher finds in `content`: rule and sha256 (no allowlist by location, no baseline). */
  rawSecrets(content: Buffer): Array<{ rule: string; secretHash: string }>;
}

/** The baseline a repository keeps at its root when `--baseline` is not given. */
export const DEFAULT_BASELINE = '.spillkit-baseline.json';

export interface DetectorOptions {
  /** Where the repository's own config (and default baseline) are looked for; absent: none applies. */
  worktree?: string;
  configPath?: string;
  /** A baseline file; undefined: `.spillkit-baseline.json` at the worktree root when it exists; null: none. */
  baselinePath?: string | null;
}

export function defaultBaselinePath(worktree: string): string | null {
  const file = join(worktree, DEFAULT_BASELINE);
  return existsSync(file) ? file : null;
}

export function createDetector(opts: DetectorOptions): Detector {
  const config = loadScanConfig({ configPath: opts.configPath, worktree: opts.worktree });
  const disabled = new Set(config.disabledRules);
  const rules = [...loadBuiltinRules(), ...config.rules].filter((r) => !disabled.has(r.id));
  const matcher: Matcher = compileRules(rules, config.allowlists);
  const baselineFile = opts.baselinePath === undefined && opts.worktree !== undefined ? defaultBaselinePath(opts.worktree) : (opts.baselinePath ?? null);
  const baseline = baselineFile ? loadBaseline(baselineFile) : null;
  const byId = new Map(rules.map((r) => [r.id, r]));
  const warnings = [...config.warnings];
  const pathSpecs = pathOnlySpecs(config.pathRules);
  const pathTests = pathOnlyTests(config.pathRules);
  for (const spec of pathSpecs) byId.set(spec.id, spec);

  const scanFile = (path: string, blob: string, content: Buffer): { secrets: FileSecret[]; suppressed: number } => {
    const secrets: FileSecret[] = [];
    let suppressed = 0;
    // Path-only rules flag the file itself: the secret is its whole content.
    const fileHits = pathTests.flatMap((test, n) => (test.test(path) ? [{ ruleId: pathSpecs[n].id, secret: content.toString('utf8'), start: 0, end: content.length, line: 1, column: 1 }] : []));
    for (const m of [...fileHits, ...matchText(matcher, content, path)]) {
      const spec = byId.get(m.ruleId)!;
      const secretHash = sha256(content.subarray(m.start, m.end));
      const allowed = matcher.allowlists.allowsFinding(spec.id, {
        secret: m.secret,
        line: lineAround(content, m.start, m.end),
        path,
        commit: null,
        provider: spec.provider,
      });
      const secret: FileSecret = {
        fingerprint: fingerprintOf(spec.id, 'blob', path, secretHash),
        rule: spec.id,
        title: spec.title,
        provider: spec.provider,
        severity: spec.severity,
        confidence: spec.confidence,
        path,
        line: m.line,
        column: m.column,
        blob,
        redacted: redact(m.secret),
        secretHash,
      };
      if (allowed || (baseline && isBaselined(baseline, asFinding(secret)))) suppressed++;
      else secrets.push(secret);
    }
    return { secrets, suppressed };
  };

  const rawSecrets = (content: Buffer): Array<{ rule: string; secretHash: string }> =>
    matchText(matcher, content).map((m) => ({ rule: m.ruleId, secretHash: sha256(content.subarray(m.start, m.end)) }));

  return { rules, baseline, configFiles: config.sources, warnings, scanFile, rawSecrets };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The text of the lines a match spans (a `regexTarget: line` allowlist tests it). */
function lineAround(content: Buffer, start: number, end: number): string {
  const from = start === 0 ? 0 : content.lastIndexOf(10, start - 1) + 1; // a negative offset would count from the end
  const nl = content.indexOf(10, end);
  return content.toString('utf8', from, nl < 0 ? content.length : nl);
}

/** The fields `isBaselined` reads; a staged file has no commit yet. */
function asFinding(s: FileSecret): Finding {
  return {
    ...s,
    source: 'blob',
    commit: null,
    author: null,
    authorEmail: null,
    date: null,
    refs: [],
    reachable: false,
    presentAtHead: false,
    occurrences: 1,
    why: [],
  };
}
