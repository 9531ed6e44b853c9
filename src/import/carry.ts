import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openRepository, type Repository } from '../git/repo.js';
import { openStore } from '../incident/store.js';
import type { RuleSpec } from '../rules/types.js';
import type { Finding, ScanReport } from '../scan/finding.js';
import { readSecretBytesAt } from '../scan/secret-lookup.js';
import { literalRule } from './literal-rule.js';

/**
 * Imported findings stay part of the repository's scans: a later `spillkit scan` (or respond's scan
 * step) would otherwise replace the latest saved scan with one that has never heard of them. Before
 * such a scan, each imported finding that no rule of ours recognises has its secret read back from git
 * and becomes a literal rule (in memory, for that scan only); after it, every finding the latest scan
 * had imported gets its `importedFrom` (and `secretBytes`) back. A secret no longer in the object
 * database (a rewrite and gc) is simply not found again: the finding goes, as a native one would.
 */
export interface ImportCarry {
  /** Literal rules for the imported findings that only the other tool's rule describes. */
  rules: RuleSpec[];
  /** Fingerprint -> the imported finding as last saved. */
  imported: Map<string, Finding>;
}

export const NO_CARRY: ImportCarry = { rules: [], imported: new Map() };

/** What a scan of `path` must carry over from its latest saved scan. Never fails a scan: a problem means nothing is carried. */
export function importCarryFor(path: string): ImportCarry {
  try {
    const repo = openRepository(path);
    if (!existsSync(join(repo.commondir, 'spillkit'))) return NO_CARRY;
    return importCarry(repo, openStore(repo.commondir, { readOnly: true }).latestScan());
  } catch {
    return NO_CARRY;
  }
}

export function importCarry(repo: Repository, latest: ScanReport | null): ImportCarry {
  const carry: ImportCarry = { rules: [], imported: new Map() };
  const made = new Set<string>();
  for (const f of latest?.findings ?? []) {
    if (!f.importedFrom?.length) continue;
    carry.imported.set(f.fingerprint, f);
    const key = `${f.rule}\0${f.secretHash}`;
    if (f.secretBytes === undefined || made.has(key)) continue;
    made.add(key);
    try {
      const secret = readSecretBytesAt(repo, f, f.secretBytes);
      const title = `${f.importedFrom[0].rule} (imported from ${f.importedFrom[0].tool})`;
      carry.rules.push(literalRule({ id: f.rule, provider: f.provider, title, severity: f.severity, confidence: f.confidence }, secret));
    } catch {
      // gone from the object database: nothing to carry
    }
  }
  return carry;
}

/**
 * Puts the marks back on a scan's findings and drops what the literal rules found beyond the imported
 * findings themselves (the same secret at another path was never imported). Returns the report.
 */
export function applyCarry(report: ScanReport, carry: ImportCarry): ScanReport {
  if (carry.imported.size === 0) return report;
  const literal = new Set(carry.rules.map((r) => r.id));
  report.findings = report.findings.filter((f) => !literal.has(f.rule) || carry.imported.has(f.fingerprint));
  for (const f of report.findings) {
    const before = carry.imported.get(f.fingerprint);
    if (!before) continue;
    f.importedFrom = before.importedFrom;
    if (literal.has(f.rule)) {
      // A literal rule's own explanation would quote the secret's start: keep the import's words.
      f.why = before.why;
      if (before.secretBytes !== undefined) f.secretBytes = before.secretBytes;
    }
  }
  report.stats.findings = report.findings.length;
  return report;
}
