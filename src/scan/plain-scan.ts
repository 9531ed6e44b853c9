/**
 * `scan --no-git DIR` and `scan -`: the same rules on plain bytes that are not in a git object
 * database (a directory's files, or standard input). There is no history, so no commit, refs or
 * reachability: those fields are null or empty, and nothing is saved to an incident store.
 *
 * A directory is walked without following symlinks; only regular files are read (never a FIFO,
 * socket or device), `.git` directories are skipped, and a file larger than the blob limit is skipped
 * with a warning, as the repository scan does.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readSync, constants } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { SpillkitError } from '../errors.js';
import { DEFAULT_MAX_BLOB_BYTES } from '../git/object-limits.js';
import { createDetector, type FileSecret } from '../prevent/detector.js';
import type { Finding, ScanReport } from './finding.js';

export interface PlainScanOptions {
  configPath?: string;
  maxBlobBytes?: number;
}

/** The id git would give these bytes as a blob (so a finding can be matched to a later commit). */
function blobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

function toFinding(s: FileSecret, path: string | null): Finding {
  return {
    fingerprint: s.fingerprint, rule: s.rule, provider: s.provider, severity: s.severity, confidence: s.confidence,
    source: 'blob', path, line: s.line, column: s.column, commit: null, author: null, authorEmail: null, date: null,
    blob: s.blob, refs: [], reachable: null, presentAtHead: null, redacted: s.redacted, secretHash: s.secretHash, occurrences: 1, why: [],
  };
}

function emptyReport(repository: string, started: number): ScanReport {
  return {
    version: 1, repository, scannedAt: new Date(started).toISOString(),
    stats: {
      objects: 0, blobs: 0, commits: 0, trees: 0, tags: 0, packs: 0, looseObjects: 0, blobBytes: 0, scannedBytes: 0,
      durationMs: 0, threads: 1, deltaReuse: false, findings: 0, suppressed: 0, warnings: [],
    },
    findings: [],
  };
}

/** Reads a regular file (O_NOFOLLOW, checked after open), or null when it is not one or too large. */
function readRegular(path: string, limit: number, warnings: string[], shown: string): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    warnings.push(`${shown}: not read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    return null;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return null;
    if (st.size > limit) {
      warnings.push(`${shown}: skipped, ${st.size} bytes is more than the limit of ${limit}`);
      return null;
    }
    const buf = Buffer.alloc(st.size);
    let at = 0;
    while (at < buf.length) {
      const n = readSync(fd, buf, at, buf.length - at, at);
      if (n === 0) break;
      at += n;
    }
    return buf.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

function addSecrets(report: ScanReport, secrets: FileSecret[], path: string | null): void {
  const seen = new Map(report.findings.map((f) => [f.fingerprint, f]));
  for (const s of secrets) {
    const known = seen.get(s.fingerprint);
    if (known) known.occurrences++;
    else {
      const f = toFinding(s, path);
      report.findings.push(f);
      seen.set(f.fingerprint, f);
    }
  }
}

/** Every file under `dir`, as plain text, with the repository scan's rules and config. */
export function scanDirectory(dir: string, opts: PlainScanOptions = {}): ScanReport {
  const started = Date.now();
  const root = resolve(dir);
  let rootStat;
  try {
    rootStat = lstatSync(root);
  } catch {
    throw new SpillkitError('USAGE', `${dir}: no such directory`);
  }
  if (!rootStat.isDirectory()) throw new SpillkitError('USAGE', `${dir}: --no-git scans a directory`);
  // A plain directory's own .spillkit.yaml is not trusted to hide findings: only --config applies.
  const detector = createDetector({ configPath: opts.configPath, baselinePath: null });
  const limit = opts.maxBlobBytes ?? DEFAULT_MAX_BLOB_BYTES;
  const report = emptyReport(root, started);
  report.stats.warnings.push(...detector.warnings);
  const pending = [root];
  while (pending.length) {
    const current = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch (e) {
      report.stats.warnings.push(`${relative(root, current) || '.'}: not read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git') pending.push(full);
        continue;
      }
      if (!entry.isFile()) continue; // symlinks, FIFOs, sockets, devices: never opened
      const path = relative(root, full).split(sep).join('/');
      const content = readRegular(full, limit, report.stats.warnings, path);
      if (content === null) continue;
      report.stats.objects++;
      report.stats.blobs++;
      report.stats.blobBytes += content.length;
      report.stats.scannedBytes += content.length;
      const found = detector.scanFile(path, blobId(content), content);
      report.stats.suppressed += found.suppressed;
      addSecrets(report, found.secrets, path);
    }
  }
  report.stats.input = 'directory';
  return finish(report, started);
}

/** Standard input (or any bytes) as one file named `-`. */
export function scanBytes(content: Buffer, opts: PlainScanOptions = {}): ScanReport {
  const started = Date.now();
  const detector = createDetector({ configPath: opts.configPath, baselinePath: null });
  const report = emptyReport('-', started);
  report.stats.warnings.push(...detector.warnings);
  report.stats.objects = 1;
  report.stats.blobs = 1;
  report.stats.blobBytes = content.length;
  report.stats.scannedBytes = content.length;
  const found = detector.scanFile('-', blobId(content), content);
  report.stats.suppressed += found.suppressed;
  addSecrets(report, found.secrets, '-');
  report.stats.input = 'stdin';
  return finish(report, started);
}

function finish(report: ScanReport, started: number): ScanReport {
  report.findings.sort((a, b) => ((a.path ?? '') < (b.path ?? '') ? -1 : (a.path ?? '') > (b.path ?? '') ? 1 : a.line - b.line || a.column - b.column));
  report.stats.findings = report.findings.length;
  report.stats.durationMs = Date.now() - started;
  return report;
}
