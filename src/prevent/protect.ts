import { SpillkitError } from '../errors.js';
import { readObjects } from './objects.js';
import { createDetector, type FileSecret } from './detector.js';
import { worktreeRoot, type GitTarget } from './git.js';
import { listStaged } from './staged.js';

/**
 * `protect --staged`: the secrets a commit of the current index would add. Only staged content is read
 * (never history): each staged blob, plus, for a modified or renamed file, its HEAD version.
 *
 * What counts as added: a secret in a staged file that the file's HEAD version (the rename source for
 * a rename) does not already hold. A secret already committed there does not block an unrelated edit
 * of the file, nor a move or rename; it is already exposed, and `spillkit audit` / `spillkit scan`
 * report it. `includeExisting` blocks on those too. A new file is checked whole.
 */
export interface ProtectOptions {
  target: GitTarget;
  configPath?: string;
  baselinePath?: string;
  includeExisting?: boolean;
  /** Staged blobs larger than this are not scanned (reported as warnings). */
  maxBlobBytes?: number;
}

export interface ProtectResult {
  worktree: string;
  head: string | null;
  /** Staged files that differ from HEAD. */
  stagedFiles: number;
  /** Files whose staged content was scanned. */
  scannedFiles: number;
  scannedBytes: number;
  findings: FileSecret[];
  /** Hidden by an allowlist (path, AND lists) or the baseline. Inline comments never reach here. */
  suppressed: number;
  /** Secrets the staged files already held at HEAD (not blocking unless includeExisting). */
  existing: number;
  warnings: string[];
  durationMs: number;
}

export const PROTECT_MAX_BLOB_BYTES = 256 << 20;

export function protectStaged(opts: ProtectOptions): ProtectResult {
  const started = Date.now();
  const worktree = worktreeRoot(opts.target);
  const detector = createDetector({ worktree, configPath: opts.configPath, baselinePath: opts.baselinePath });
  const staged = listStaged(opts.target);
  const warnings = [...detector.warnings];
  for (const s of staged.skipped) warnings.push(`${s.path}: not scanned: ${s.why}`);

  const compareWithHead = opts.includeExisting !== true;
  const oids = staged.changes.flatMap((c) => (compareWithHead && c.oldBlob ? [c.blob, c.oldBlob] : [c.blob]));
  const maxBytes = opts.maxBlobBytes ?? PROTECT_MAX_BLOB_BYTES;
  const blobs = readObjects(opts.target, oids, maxBytes);
  if (blobs.missing.size) throw new SpillkitError('MISSING_OBJECT', `staged blob ${[...blobs.missing][0]} is not in the object database`);

  const findings: FileSecret[] = [];
  let suppressed = 0;
  let existing = 0;
  let scannedFiles = 0;
  let scannedBytes = 0;
  for (const change of staged.changes) {
    const content = blobs.content.get(change.blob);
    if (!content) {
      warnings.push(`${change.path}: not scanned: ${blobs.tooLarge.get(change.blob)} bytes is over the ${maxBytes}-byte limit`);
      continue;
    }
    scannedFiles++;
    scannedBytes += content.length;
    const found = detector.scanFile(change.path, change.blob, content);
    suppressed += found.suppressed;
    if (found.secrets.length === 0) continue;
    const before = compareWithHead && change.oldBlob ? blobs.content.get(change.oldBlob) : undefined;
    const atHead = new Set(before ? detector.rawSecrets(before).map((x) => x.secretHash) : []);
    for (const s of found.secrets) {
      if (atHead.has(s.secretHash)) existing++;
      else findings.push(s);
    }
  }
  findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column));
  return {
    worktree,
    head: staged.head,
    stagedFiles: staged.changes.length,
    scannedFiles,
    scannedBytes,
    findings,
    suppressed,
    existing,
    warnings,
    durationMs: Date.now() - started,
  };
}
