import type { Finding, ScanReport } from '../scan/finding.js';
import { mergeSources } from './provenance.js';

/**
 * The scan saved after an import: the latest saved scan with every imported finding in it (a native
 * finding the import matched gains `importedFrom`; the others are added), so nothing the last scan
 * found is hidden and later commands find the imported fingerprints. Without an earlier scan, the
 * provenance scan's statistics stand in. Either way it stays a version 1 scan report.
 */
export function mergeIntoScan(base: ScanReport | null, imported: Finding[], provenanceScan: ScanReport | null, repository: string, now: Date): ScanReport {
  const findings = (base?.findings ?? []).map((f) => ({ ...f }));
  const byFingerprint = new Map(findings.map((f) => [f.fingerprint, f]));
  for (const f of imported) {
    const have = byFingerprint.get(f.fingerprint);
    if (have) have.importedFrom = mergeSources(have.importedFrom, f.importedFrom ?? []);
    else {
      const added = { ...f };
      findings.push(added);
      byFingerprint.set(added.fingerprint, added);
    }
  }
  // A pairing found by the provenance scan holds only when both halves are in the saved scan.
  for (const f of findings) if (f.pairedWith && !byFingerprint.has(f.pairedWith)) delete f.pairedWith;
  const stats = base?.stats ?? provenanceScan?.stats ?? emptyStats();
  return {
    version: 1,
    repository: base?.repository ?? repository,
    scannedAt: base?.scannedAt ?? provenanceScan?.scannedAt ?? now.toISOString(),
    stats: { ...stats, findings: findings.length, warnings: [...stats.warnings] },
    findings,
  };
}

function emptyStats(): ScanReport['stats'] {
  return {
    objects: 0, blobs: 0, commits: 0, trees: 0, tags: 0, packs: 0, looseObjects: 0, blobBytes: 0, scannedBytes: 0,
    durationMs: 0, threads: 1, deltaReuse: true, findings: 0, suppressed: 0, warnings: [],
  };
}
