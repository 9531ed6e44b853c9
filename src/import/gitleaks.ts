import type { ImportEntry } from './types.js';
import { badReport, commitId, isObject, parseJsonDocument, posInt, str } from './report-input.js';

const WHAT = 'gitleaks JSON report';

/**
 * gitleaks' JSON report (`gitleaks git|dir --report-format json`): an array of findings with RuleID,
 * File, Commit (empty outside git mode), StartLine/StartColumn (of the whole match, not only the
 * secret) and Secret/Match. With `--redact`, Secret is `REDACTED` and Match holds `REDACTED` where the
 * secret was; with `--redact=N`, the secret's start followed by `...`. The text around the secret in
 * Match is then what places it on the line.
 */
export function parseGitleaks(text: string, file: string): ImportEntry[] {
  const doc = parseJsonDocument(text, file, WHAT);
  if (!Array.isArray(doc)) throw badReport(file, WHAT, 'expected an array of findings');
  return doc.map((item, index) => {
    if (!isObject(item)) throw badReport(file, WHAT, `finding ${index} is not an object`);
    const rule = str(item.RuleID);
    if (!rule) throw badReport(file, WHAT, `finding ${index} has no RuleID`);
    const path = str(item.File);
    const secret = str(item.Secret) ?? '';
    const match = str(item.Match) ?? '';
    const entry: ImportEntry = {
      index,
      tool: 'gitleaks',
      rule,
      path: path || null,
      commit: commitId(item.Commit),
      line: posInt(item.StartLine),
      column: posInt(item.StartColumn),
      secret: null,
    };
    const masked = maskOf(secret);
    if (masked === null) {
      if (secret) entry.secret = secret;
    } else {
      const at = match.indexOf(masked.shown);
      if (at >= 0) entry.around = { before: match.slice(0, at), after: match.slice(at + masked.shown.length), prefix: masked.prefix };
    }
    return entry;
  });
}

/** A redacted Secret: fully (`REDACTED`) or partly (`abcd...`), with the part still shown. */
function maskOf(secret: string): { shown: string; prefix: string } | null {
  if (secret === 'REDACTED') return { shown: 'REDACTED', prefix: '' };
  if (secret.endsWith('...') && secret.length > 3) return { shown: secret, prefix: secret.slice(0, -3) };
  return null;
}
