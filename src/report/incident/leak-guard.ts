import { createHash } from 'node:crypto';
import { SpillkitError } from '../../errors.js';
import { loadBuiltinRules } from '../../rules/load.js';
import type { Finding } from '../../scan/finding.js';
import { compileRules, matchText, type Matcher } from '../../scan/matcher.js';

let matcher: Matcher | undefined;

/**
 * The last check before a report leaves the process: run the scanner's own rules over the rendered
 * text, and refuse it if anything they match is one of the incident's leaked secrets (same sha256).
 * The report's sources never hold a secret, so this should never fire; it is the belt to those braces.
 */
export function assertReportHoldsNoSecret(text: string, findings: Pick<Finding, 'secretHash' | 'fingerprint'>[]): void {
  if (!findings.length) return;
  matcher ??= compileRules(loadBuiltinRules());
  const byHash = new Map(findings.map((f) => [f.secretHash, f.fingerprint]));
  for (const match of matchText(matcher, text)) {
    const fingerprint = byHash.get(createHash('sha256').update(match.secret).digest('hex'));
    if (fingerprint !== undefined) {
      throw new SpillkitError('INTERNAL', `refusing to write the report: line ${match.line} holds the leaked secret of finding ${fingerprint}`, { fingerprint, line: match.line });
    }
  }
}
