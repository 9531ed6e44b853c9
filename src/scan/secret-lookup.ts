import { createHash } from 'node:crypto';
import { SpillkitError } from '../errors.js';
import { messageText, parseCommit, parseTag } from '../git/commit.js';
import { loadObjectDatabase } from '../git/object-database.js';
import { ObjectReader } from '../git/object-reader.js';
import type { Repository } from '../git/repo.js';
import { loadScanConfig } from '../rules/config.js';
import { loadBuiltinRules } from '../rules/load.js';
import type { RuleSpec } from '../rules/types.js';
import type { Finding, ScanReport } from './finding.js';
import { compileRules, findRawMatches, scanWhole } from './matcher.js';

/**
 * The contract's promise: a user names a finding by fingerprint and spillkit reads the secret back from
 * the git object itself, so no secret ever travels through argv, a shell history or a saved report.
 */
export function findByFingerprint(report: ScanReport, fingerprint: string): Finding {
  const f = report.findings.find((x) => x.fingerprint === fingerprint);
  if (!f) {
    throw new SpillkitError('USAGE', `no finding with fingerprint ${fingerprint} in the scan of ${report.repository} from ${report.scannedAt} (run \`spillkit scan\` again?)`);
  }
  return f;
}

export function ruleOf(repo: Repository, ruleId: string, configPath?: string): RuleSpec {
  const builtin = loadBuiltinRules().find((r) => r.id === ruleId);
  if (builtin) return builtin;
  const custom = loadScanConfig({ configPath, worktree: repo.worktree ?? undefined }).rules.find((r) => r.id === ruleId);
  if (!custom) throw new SpillkitError('BAD_CONFIG', `rule ${ruleId} of this finding is neither built in nor in the scan config any more`);
  return custom;
}

/**
 * A finding's secret, read back from git: by its rule (readSecret), or, for an imported finding that no
 * rule of ours recognises (`secretBytes` set), from its place in the blob. Every command that acts on a
 * finding reads its secret through here.
 */
export function readFindingSecret(repo: Repository, finding: Finding, configPath?: string): string {
  if (finding.secretBytes !== undefined) return readSecretAt(repo, finding, finding.secretBytes);
  return readSecret(repo, finding, ruleOf(repo, finding.rule, configPath));
}

/** The `bytes` bytes at the finding's line and column (in characters) of its blob, if their sha256 is the finding's. */
export function readSecretAt(repo: Repository, finding: Finding, bytes: number): string {
  return readSecretBytesAt(repo, finding, bytes).toString('utf8');
}

/** readSecretAt, as the bytes the blob holds. */
export function readSecretBytesAt(repo: Repository, finding: Finding, bytes: number): Buffer {
  return withFindingObject(repo, finding, (text) => {
    let at = 0;
    for (let line = 1; line < finding.line && at >= 0; line++) {
      const end = text.indexOf(10, at);
      at = end < 0 ? -1 : end + 1;
    }
    // Columns count characters: step over UTF-8 continuation bytes.
    for (let col = 1; at >= 0 && at < text.length && col < finding.column; col++) for (at++; at < text.length && (text[at] & 0xc0) === 0x80; at++);
    const secret = at >= 0 ? text.subarray(at, at + bytes) : Buffer.alloc(0);
    if (secret.length === bytes && createHash('sha256').update(secret).digest('hex') === finding.secretHash) return Buffer.from(secret);
    throw new SpillkitError('CORRUPT_OBJECT', `the secret of finding ${finding.fingerprint} is not at line ${finding.line}, column ${finding.column} of object ${finding.blob} (stale scan? import again)`);
  });
}

/**
 * The text around a blob finding's secret: up to `radius` characters either side on its line, and where
 * the secret starts in that window. For adapters that need the rest of what the secret sits in (a
 * database URI's role, host and port). Null for message findings, or when the line does not hold the
 * secret where the finding says (a stale scan: readFindingSecret reports that one).
 */
export function readFindingContext(repo: Repository, finding: Finding, secret: string, radius = 2048): { text: string; at: number } | null {
  if (finding.source !== 'blob') return null;
  return withFindingObject(repo, finding, (data) => {
    let at = 0;
    for (let line = 1; line < finding.line && at >= 0; line++) {
      const end = data.indexOf(10, at);
      at = end < 0 ? -1 : end + 1;
    }
    if (at < 0) return null;
    const end = data.indexOf(10, at);
    const line = Array.from(data.subarray(at, end < 0 ? data.length : end).toString('utf8'));
    const start = finding.column - 1;
    if (line.slice(start, start + Array.from(secret).length).join('') !== secret) return null;
    const from = Math.max(0, start - radius);
    const text = line.slice(from, start + Array.from(secret).length + radius).join('').replace(/\r$/, '');
    return { text, at: line.slice(from, start).join('').length };
  });
}

/** Runs `read` on the bytes of the object a finding names; a missing object is one clear error. */
function withFindingObject<T>(repo: Repository, finding: Finding, read: (data: Buffer) => T): T {
  const reader = new ObjectReader(loadObjectDatabase(repo), 32 << 20);
  try {
    const obj = reader.tryRead(finding.blob);
    if (!obj) {
      throw new SpillkitError('MISSING_OBJECT', `object ${finding.blob} of finding ${finding.fingerprint} is no longer in the repository (history rewritten? scan again)`);
    }
    return read(obj.data);
  } finally {
    reader.close();
  }
}

/** Re-reads the object a finding names and returns the secret whose sha256 the finding recorded. */
export function readSecret(repo: Repository, finding: Finding, rule: RuleSpec): string {
  return withFindingObject(repo, finding, (data) => {
    let text = data;
    if (finding.source === 'commit-message') text = messageText(data, parseCommit(finding.blob, data).messageOffset);
    else if (finding.source === 'tag-message') text = messageText(data, parseTag(finding.blob, data).messageOffset);
    const matcher = compileRules([{ ...rule, placeholderCheck: false }]);
    // The same passes as the scan (plain, inside encodings, UTF-16), so a decoded secret reads back too.
    const raw = finding.source === 'blob' ? scanWhole(matcher, text) : [];
    if (finding.source !== 'blob') findRawMatches(matcher, text, null, raw);
    for (const m of raw) {
      const bytes = m.dec ? Buffer.from(m.dec.secret, 'utf8') : text.subarray(m.ss, m.se);
      if (createHash('sha256').update(bytes).digest('hex') === finding.secretHash) return bytes.toString('utf8');
    }
    throw new SpillkitError('CORRUPT_OBJECT', `the secret of finding ${finding.fingerprint} is not in object ${finding.blob} any more (stale scan? run \`spillkit scan\` again)`);
  });
}
