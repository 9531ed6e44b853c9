import { openRepository } from '../git/repo.js';
import { openStore } from '../incident/store.js';
import { loadScanConfig } from '../rules/config.js';
import { loadBuiltinRules } from '../rules/load.js';
import type { Finding } from '../scan/finding.js';
import { locateEntries } from './locate.js';
import { mergeIntoScan } from './merge.js';
import { provenanceOf } from './provenance.js';
import { parseGitleaks } from './gitleaks.js';
import { parseKingfisher } from './kingfisher.js';
import { readReportText } from './report-input.js';
import { parseSarif } from './sarif.js';
import { parseTrufflehog } from './trufflehog.js';
import type { ImportEntry, ImportFormat, Unlocated } from './types.js';

export interface ImportOptions {
  repoPath: string;
  entries: ImportEntry[];
  threads?: number;
  /** Scan config for our rules (as `scan --config`); default: the repository's own. */
  configPath?: string;
  /** Place and report, but save nothing. */
  dryRun?: boolean;
}

export interface ImportOutcome {
  repository: string;
  /** Entries read from the report (or alert locations). */
  entries: number;
  /** One finding per distinct secret, rule and path, each with the entries that led to it. */
  imported: Array<{ finding: Finding; entries: number[] }>;
  unlocated: Unlocated[];
  /** The saved scan file; null in a dry run or when nothing was imported. */
  saved: string | null;
}

const PARSERS: Record<ImportFormat, (text: string, file: string) => ImportEntry[]> = {
  gitleaks: parseGitleaks,
  trufflehog: parseTrufflehog,
  kingfisher: parseKingfisher,
  sarif: parseSarif,
};

/** A report file's entries; a malformed file throws SpillkitError('USAGE') with one line. */
export function readImportFile(file: string, format: ImportFormat): ImportEntry[] {
  return PARSERS[format](readReportText(file), file);
}

/**
 * The headless import: place every entry in the object database (locate.ts), give the placed ones our
 * provenance and fingerprints (provenance.ts), and save the latest scan with them merged in
 * (merge.ts). Entries that cannot be placed come back with the reason; none is dropped.
 */
export async function runImport(opts: ImportOptions): Promise<ImportOutcome> {
  const repo = openRepository(opts.repoPath);
  const repository = repo.worktree ?? repo.gitdir;
  const config = loadScanConfig({ configPath: opts.configPath, worktree: repo.worktree ?? undefined });
  const disabled = new Set(config.disabledRules);
  const rules = [...loadBuiltinRules(), ...config.rules].filter((r) => !disabled.has(r.id));
  const { located, unlocated } = locateEntries(repo, opts.entries, rules);
  const store = opts.dryRun ? null : openStore(repo.commondir);
  const base = (store ?? openStore(repo.commondir, { readOnly: true })).latestScan();
  const provenance = await provenanceOf(repository, located, base, opts.threads);
  unlocated.push(...provenance.unlocated);
  unlocated.sort((a, b) => a.entry - b.entry);
  let saved: string | null = null;
  if (store && provenance.findings.length > 0) {
    const merged = mergeIntoScan(base, provenance.findings.map((f) => f.finding), provenance.scan, repository, new Date());
    saved = store.saveScan(merged);
  }
  for (const f of provenance.findings) f.entries.sort((a, b) => a - b);
  return { repository, entries: opts.entries.length, imported: provenance.findings, unlocated, saved };
}
