import type { ImportEntry } from './types.js';
import { badReport, commitId, isObject, parseJsonLines, posInt, str, type JsonObject } from './report-input.js';

const WHAT = 'TruffleHog JSON lines report';

/** Sources whose metadata names a file in a git repository (or a file on disk, for `filesystem`). */
const FILE_SOURCES = ['Git', 'Github', 'Gitlab', 'Bitbucket', 'Gerrit', 'AzureRepos', 'Filesystem'];

/**
 * TruffleHog's `--json` output: one result per line, `SourceMetadata.Data.<Source>.{commit, file,
 * line}`, DetectorName, Raw (the secret; RawV2 adds the paired half), Redacted, Verified. Log lines
 * that reached the file (`{"level": …, "msg": …}`) are skipped; any other line that is not a result is
 * a malformed report. A result from a source that is not a file (S3, Slack, Docker layers) is kept
 * as an entry that cannot be located, with its source named.
 */
export function parseTrufflehog(text: string, file: string): ImportEntry[] {
  const entries: ImportEntry[] = [];
  for (const { line, value } of parseJsonLines(text, file, WHAT)) {
    if (!isObject(value)) throw badReport(file, WHAT, `line ${line} is not a JSON object`);
    if (!('SourceMetadata' in value) && typeof value.level === 'string' && 'msg' in value) continue;
    const rule = str(value.DetectorName) ?? (typeof value.DetectorType === 'number' ? `detector-${value.DetectorType}` : null);
    if (!rule || !isObject(value.SourceMetadata)) throw badReport(file, WHAT, `line ${line} has no DetectorName and SourceMetadata`);
    const data = isObject(value.SourceMetadata.Data) ? value.SourceMetadata.Data : {};
    const source = FILE_SOURCES.find((s) => isObject(data[s]));
    const meta: JsonObject = source ? (data[source] as JsonObject) : {};
    const raw = str(value.Raw);
    const entry: ImportEntry = {
      index: entries.length,
      tool: 'trufflehog',
      rule,
      path: str(meta.file) || null,
      commit: commitId(meta.commit),
      line: posInt(meta.line),
      column: null,
      secret: raw || null,
    };
    if (!source) entry.unlocatable = `TruffleHog source ${Object.keys(data)[0] ?? str(value.SourceName) ?? 'unknown'} is not a file in git`;
    entries.push(entry);
  }
  return entries;
}
