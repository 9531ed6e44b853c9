import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { SpillkitError } from '../../errors.js';
import { readObjects } from '../objects.js';
import { PROTECT_MAX_BLOB_BYTES } from '../protect.js';
import { listSome, type AuditContext, type CheckResult } from './types.js';

/**
 * A baseline is stale when it lists findings that no longer exist. Every entry of a spillkit JSON
 * baseline names the object that held its secret (`blob`: a blob, or the commit/tag of a message) and
 * the secret's hash, so each entry is checked without a history scan: the object must still be in the
 * database and the entry's rule must still find a secret with that hash in it. An entry fails when
 * history was rewritten or gc'd (the object is gone) or when the rule changed or no longer exists.
 * Such entries suppress nothing today, and would silently hide the same secret if it came back.
 * A fingerprint-only baseline (text, gitleaks report) cannot be checked without a full scan.
 */
interface Entry {
  fingerprint: string;
  rule: string;
  blob: string;
  secretHash: string;
  path: string | null;
}

export function checkBaselineFresh(ctx: AuditContext, loadError: string | null): CheckResult {
  const base = { check: 'baseline-fresh', title: 'baseline not stale' };
  if (ctx.baselineFile === null) {
    return { ...base, status: 'skip', detail: 'no baseline (.spillkit-baseline.json or --baseline)', fix: null };
  }
  const name = relative(ctx.worktree, ctx.baselineFile) || ctx.baselineFile;
  const regenerate = `regenerate it: spillkit scan --format json --output ${name}, after triaging what it reports`;
  if (loadError !== null) return { ...base, status: 'fail', detail: loadError, fix: `fix or ${regenerate}` };
  const entries = spillkitEntries(ctx.baselineFile);
  if (entries === null) {
    return { ...base, status: 'skip', detail: `${name} lists fingerprints only: cannot be checked without a full scan`, fix: `use a spillkit JSON report as the baseline: ${regenerate.replace(/^regenerate it: /, '')}` };
  }
  if (entries.length === 0) return { ...base, status: 'pass', detail: `${name}: empty`, fix: null };

  const read = readObjects(ctx.target, entries.map((e) => e.blob), PROTECT_MAX_BLOB_BYTES);
  const known = new Set(ctx.detector.rules.map((r) => r.id));
  const stale: string[] = [];
  const cache = new Map<string, Set<string>>();
  for (const e of entries) {
    const label = `${e.fingerprint} (${e.rule}${e.path ? ` in ${e.path}` : ''})`;
    if (read.missing.has(e.blob)) stale.push(`${label}: object gone`);
    else if (!known.has(e.rule)) stale.push(`${label}: rule no longer exists`);
    else if (read.content.has(e.blob)) {
      let found = cache.get(e.blob);
      if (!found) cache.set(e.blob, (found = new Set(ctx.detector.rawSecrets(read.content.get(e.blob)!).map((s) => `${s.rule}\0${s.secretHash}`))));
      if (!found.has(`${e.rule}\0${e.secretHash}`)) stale.push(`${label}: the rule no longer finds it`);
    }
  }
  if (stale.length === 0) return { ...base, status: 'pass', detail: `${name}: all ${entries.length} entries still resolve`, fix: null };
  return { ...base, status: 'fail', detail: `${stale.length} of ${entries.length} entries in ${name} no longer exist: ${listSome(stale, 3)}`, fix: regenerate };
}

/** The checkable entries of a spillkit JSON report, or null for a baseline without them. */
function spillkitEntries(file: string): Entry[] | null {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    return null; // a text baseline (loadBaseline accepted it already)
  }
  const findings = (value as { findings?: unknown } | null)?.findings;
  if (!Array.isArray(findings)) return null;
  return findings.map((f, n) => {
    const e = f as Partial<Entry>;
    if (typeof e.blob !== 'string' || typeof e.rule !== 'string' || typeof e.secretHash !== 'string') {
      throw new SpillkitError('BAD_BASELINE', `${file}: findings[${n}] lacks blob, rule or secretHash`);
    }
    return { fingerprint: String(e.fingerprint), rule: e.rule, blob: e.blob, secretHash: e.secretHash, path: e.path ?? null };
  });
}
