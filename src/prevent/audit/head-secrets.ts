import { gitText } from '../git.js';
import { readObjects } from '../objects.js';
import { PROTECT_MAX_BLOB_BYTES } from '../protect.js';
import type { FileSecret } from '../detector.js';
import { listSome, type AuditContext, type CheckResult } from './types.js';

/**
 * No secret in HEAD's tree: each blob of `git ls-tree -r HEAD` read once (two git processes in all) and
 * matched with the rule engine, allowlists and baseline applied. History is `spillkit scan`'s job.
 */
export function checkHeadSecrets(ctx: AuditContext): CheckResult {
  const base = { check: 'no-secrets-at-head', title: 'no secrets at HEAD' };
  if (ctx.head === null) return { ...base, status: 'skip', detail: 'no commit yet', fix: null };
  const found = headSecrets(ctx);
  if (found.secrets.length === 0) {
    return { ...base, status: 'pass', detail: `${found.files} files at HEAD, no secret${found.skipped ? ` (${found.skipped} over the size limit not read)` : ''}`, fix: null };
  }
  const where = found.secrets.map((s) => `${s.path}:${s.line} ${s.rule} ${s.redacted}`);
  return {
    ...base,
    status: 'fail',
    detail: `${found.secrets.length} secret${found.secrets.length === 1 ? '' : 's'}: ${listSome(where, 3)}`,
    fix: 'treat each as leaked: `spillkit scan` for the fingerprints, `spillkit revoke`/`rotate --finding FP`, remove it from the file, then `spillkit plan-rewrite` for history; a false positive: `spillkit:allow` comment, allowlist or baseline',
  };
}

export function headSecrets(ctx: AuditContext): { secrets: FileSecret[]; files: number; skipped: number } {
  const entries = gitText(ctx.target, ['ls-tree', '-r', '-z', '--full-tree', 'HEAD'])
    .split('\0')
    .filter(Boolean)
    .map((rec) => {
      const tab = rec.indexOf('\t');
      const [, type, oid] = rec.slice(0, tab).split(' ');
      return { type, oid, path: rec.slice(tab + 1) };
    })
    .filter((e) => e.type === 'blob');
  const read = readObjects(ctx.target, entries.map((e) => e.oid), PROTECT_MAX_BLOB_BYTES);
  const secrets: FileSecret[] = [];
  for (const e of entries) {
    const content = read.content.get(e.oid);
    if (content) secrets.push(...ctx.detector.scanFile(e.path, e.oid, content).secrets);
  }
  secrets.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  return { secrets, files: entries.length, skipped: read.tooLarge.size + read.missing.size };
}
