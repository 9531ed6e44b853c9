/**
 * Baselines: findings a team has already triaged, so `scan --baseline FILE` reports only what is new.
 *
 * Accepted files:
 * - a spillkit JSON scan report (`scan --format json`, or `writeBaseline`): its fingerprints, plus
 *   rule + path + secretHash triples, so a finding still matches when its fingerprint moved (the
 *   introducing commit changed after a history rewrite, say) but it is the same secret at the same path;
 * - a text file with one fingerprint per line; `#` starts a comment;
 * - a gitleaks JSON report (an array of findings): only the `Fingerprint` strings are kept (built from
 *   Commit/File/RuleID/StartLine when absent), never `Secret` or `Match`. They match our findings through
 *   the same `commit:path:rule:line` form, which works for rules that share their id with the gitleaks
 *   rule (rules imported from a .gitleaks.toml keep theirs).
 */
import { readFileSync } from 'node:fs';
import { SpillkitError } from '../errors.js';
import type { Finding, ScanReport } from './finding.js';

export interface Baseline {
  file: string;
  /** spillkit fingerprints (and any line of a text baseline). */
  fingerprints: Set<string>;
  /** `rule\0path\0secretHash`, from spillkit reports. */
  triples: Set<string>;
  /** gitleaks-style `commit:path:rule:line` / `path:rule:line` strings. */
  gitleaksFingerprints: Set<string>;
}

function bad(file: string, what: string, line?: number): SpillkitError {
  const where = line === undefined ? file : `${file}:${line}`;
  return new SpillkitError('BAD_BASELINE', `${where}: ${what}`, { file, ...(line === undefined ? {} : { line }) });
}

function triple(rule: string, path: string | null, secretHash: string): string {
  return `${rule}\u0000${path ?? ''}\u0000${secretHash}`;
}

/** The fingerprint gitleaks would give this finding (`commit:file:rule:line`, no commit: `file:rule:line`). */
export function gitleaksFingerprint(finding: Pick<Finding, 'commit' | 'path' | 'rule' | 'line'>): string | null {
  if (finding.path === null) return null;
  const tail = `${finding.path}:${finding.rule}:${finding.line}`;
  return finding.commit ? `${finding.commit}:${tail}` : tail;
}

export function loadBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a directory, not a file' : 'cannot be read';
    throw bad(file, `baseline file ${why}`);
  }
  return parseBaseline(text, file);
}

export function parseBaseline(text: string, file: string): Baseline {
  const baseline: Baseline = { file, fingerprints: new Set(), triples: new Set(), gitleaksFingerprints: new Set() };
  const body = text.replace(/^\uFEFF/, '');
  const first = body.trimStart()[0];
  if (first !== '{' && first !== '[') return readTextBaseline(body, baseline);

  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    const line = at ? body.slice(0, Number(at[1])).split('\n').length : undefined;
    throw bad(file, `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, line);
  }
  if (Array.isArray(value)) return readGitleaksReport(value, baseline);
  return readSpillkitReport(value, baseline);
}

function readTextBaseline(text: string, baseline: Baseline): Baseline {
  text.split(/\r?\n/).forEach((raw, n) => {
    const entry = raw.replace(/#.*$/, '').trim();
    if (entry === '') return;
    if (/\s/.test(entry)) throw bad(baseline.file, 'expected one fingerprint per line', n + 1);
    baseline.fingerprints.add(entry);
    if (entry.includes(':')) baseline.gitleaksFingerprints.add(entry);
  });
  return baseline;
}

function readSpillkitReport(value: unknown, baseline: Baseline): Baseline {
  const report = value as { version?: unknown; findings?: unknown };
  if (typeof value !== 'object' || value === null || !Array.isArray(report.findings)) {
    throw bad(baseline.file, 'not a spillkit scan report (no findings array)');
  }
  if (report.version !== undefined && report.version !== 1) {
    throw bad(baseline.file, `unsupported scan report version ${JSON.stringify(report.version)} (expected 1)`);
  }
  report.findings.forEach((f: unknown, n) => {
    const finding = f as Partial<Finding> | null;
    if (typeof finding?.fingerprint !== 'string' || finding.fingerprint === '') {
      throw bad(baseline.file, `findings[${n}] has no fingerprint`);
    }
    baseline.fingerprints.add(finding.fingerprint);
    if (typeof finding.rule === 'string' && typeof finding.secretHash === 'string' && finding.secretHash !== '') {
      baseline.triples.add(triple(finding.rule, typeof finding.path === 'string' ? finding.path : null, finding.secretHash));
    }
  });
  return baseline;
}

function readGitleaksReport(entries: unknown[], baseline: Baseline): Baseline {
  entries.forEach((e, n) => {
    const entry = e as Record<string, unknown> | null;
    if (typeof entry !== 'object' || entry === null) throw bad(baseline.file, `entry ${n} of the gitleaks report is not an object`);
    let fingerprint = entry.Fingerprint;
    if (typeof fingerprint !== 'string' || fingerprint === '') {
      const { Commit, File, RuleID, StartLine } = entry;
      if (typeof File !== 'string' || typeof RuleID !== 'string' || typeof StartLine !== 'number') {
        throw bad(baseline.file, `entry ${n} of the gitleaks report has no Fingerprint`);
      }
      fingerprint = `${typeof Commit === 'string' && Commit ? `${Commit}:` : ''}${File}:${RuleID}:${StartLine}`;
    }
    baseline.gitleaksFingerprints.add(fingerprint as string);
  });
  return baseline;
}

export function isBaselined(baseline: Baseline, finding: Finding): boolean {
  if (baseline.fingerprints.has(finding.fingerprint)) return true;
  if (baseline.triples.size > 0 && baseline.triples.has(triple(finding.rule, finding.path, finding.secretHash))) return true;
  const gitleaks = baseline.gitleaksFingerprints.size > 0 ? gitleaksFingerprint(finding) : null;
  return gitleaks !== null && baseline.gitleaksFingerprints.has(gitleaks);
}

/** A baseline file's content: the scan report with every finding's `secret` removed. */
export function writeBaseline(report: ScanReport): string {
  const findings = report.findings.map((finding) => {
    const { secret: _secret, ...kept } = finding;
    return kept;
  });
  return `${JSON.stringify({ ...report, findings }, null, 2)}\n`;
}
