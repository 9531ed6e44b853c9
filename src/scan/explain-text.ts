import { redact } from './redact.js';
import { dropOffPath, finalizeMatches, lineAndColumn, scanWhole, type Matcher } from './matcher.js';
import { explainMatch } from './why.js';

/** One rule firing on a snippet, as `spillkit rules test` shows it: never the secret itself. */
export interface ExplainedMatch {
  rule: string;
  provider: string;
  severity: string;
  confidence: string;
  line: number;
  column: number;
  redacted: string;
  why: string[];
  decoded?: string;
}

/** Runs the whole pipeline (plain, encodings, UTF-16, path-bound rules) on a text and says why each match counts. */
export function explainText(m: Matcher, text: Buffer, path?: string): ExplainedMatch[] {
  const matches = dropOffPath(m, finalizeMatches(m, text, scanWhole(m, text)), path);
  return matches.map((r) => {
    const rule = m.rules[r.rule];
    const secret = r.dec?.secret ?? text.toString('utf8', r.ss, r.se);
    const { why, confidence } = explainMatch(rule, text, r, secret);
    const pos = r.dec?.line !== undefined ? { line: r.dec.line, column: r.dec.column ?? 1 } : lineAndColumn(text, r.ss);
    return {
      rule: rule.spec.id, provider: rule.spec.provider, severity: rule.spec.severity, confidence, ...pos,
      redacted: redact(secret), why: rule.path ? [...why, `file path matches ${rule.spec.path}`] : why,
      ...(r.dec ? { decoded: r.dec.kind } : {}),
    };
  });
}
