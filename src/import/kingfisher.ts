import type { ImportEntry } from './types.js';
import { badReport, commitId, isObject, parseJsonLines, posInt, str, type JsonObject } from './report-input.js';

const WHAT = 'Kingfisher JSON/JSONL report';

/**
 * Kingfisher's reports: `--format json` is an envelope `{"findings": [...], ...}` (one per line when a
 * scan streams several), `--format jsonl` one record per line, plus `access_map`/`audit` lines. A
 * record is `{rule: {id, name}, finding: {snippet, path, line, column_start, column_end, fingerprint,
 * git_metadata?: {commit: {id}, file: {path}}}}`. The snippet is the secret (redacted with `--redact`).
 * A top-level array of records is accepted too.
 */
export function parseKingfisher(text: string, file: string): ImportEntry[] {
  const trimmed = text.trim();
  let docs: Array<{ line: number; value: unknown }> | null = null;
  // One document (an array, or an envelope, pretty-printed or not), else one document per line.
  try {
    docs = [{ line: 1, value: JSON.parse(trimmed) }];
  } catch (e) {
    if (trimmed.startsWith('[')) throw badReport(file, WHAT, `invalid JSON: ${(e as Error).message}`);
  }
  docs ??= parseJsonLines(text, file, WHAT);
  const records: Array<{ where: string; value: unknown }> = [];
  for (const { line, value } of docs) {
    if (Array.isArray(value)) value.forEach((r, i) => records.push({ where: `record ${i}`, value: r }));
    else if (isObject(value) && Array.isArray(value.findings)) value.findings.forEach((r, i) => records.push({ where: `line ${line}, finding ${i}`, value: r }));
    else if (isObject(value) && ('rule' in value || 'finding' in value)) records.push({ where: `line ${line}`, value });
    else if (isObject(value) && ('access_map' in value || 'audit' in value || 'findings' in value)) continue;
    else throw badReport(file, WHAT, `line ${line} is neither a findings envelope nor a finding record`);
  }
  return records.map(({ where, value }, index) => {
    if (!isObject(value) || !isObject(value.rule) || !isObject(value.finding)) throw badReport(file, WHAT, `${where} has no rule and finding objects`);
    const rule = str(value.rule.id) || str(value.rule.name);
    if (!rule) throw badReport(file, WHAT, `${where} has no rule id`);
    const f = value.finding;
    const git: JsonObject = isObject(f.git_metadata) ? f.git_metadata : {};
    const commit = isObject(git.commit) ? commitId(git.commit.id) : null;
    const gitPath = isObject(git.file) ? str(git.file.path) : null;
    const snippet = str(f.snippet);
    return {
      index,
      tool: 'kingfisher',
      rule,
      path: gitPath || str(f.path) || null,
      commit,
      line: posInt(f.line),
      column: posInt(f.column_start),
      secret: snippet || null,
    } satisfies ImportEntry;
  });
}
