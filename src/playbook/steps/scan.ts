import { applyCarry, importCarryFor } from '../../import/carry.js';
import { runScan } from '../../scan/run-scan.js';
import { stripSecrets } from '../../incident/scans.js';
import { EV } from '../journal-events.js';
import { verifyReport } from '../../cli/verify-flags.js';
import type { Finding } from '../../scan/finding.js';

import type { StepContext, StepOutcome } from './context.js';

const liveFirst = (findings: Finding[]): Finding[] =>
  [...findings].sort((a, b) => Number(b.validation?.state === 'live') - Number(a.validation?.state === 'live'));

/** Findings listed in the journal's scan summary (the report file holds them all). */
const LISTED_FINDINGS = 200;

/** The real scan of the whole object database, saved to the incident store like `spillkit scan`. */
export async function scanStep(ctx: StepContext): Promise<StepOutcome> {
  // Findings imported from other scanners stay part of the incident (import/carry.ts).
  const carry = importCarryFor(ctx.repoPath);
  const { report: scanned, repo } = await runScan({
    path: ctx.repoPath,
    extraRules: carry.rules,
    threads: ctx.settings.threads,
    configPath: ctx.settings.configPath,
    showSecrets: ctx.settings.verify === true,
    onProgress: (p) => ctx.progress(p),
    onMatches: (found) => ctx.found(found),
  });
  const report = applyCarry(scanned, carry);
  if (ctx.settings.verify) {
    await verifyReport(report, repo, { onlyVerified: false, selfHosted: false, maxAgeMs: null }, ctx.settings.env, ctx.settings.dryRun ? null : undefined);
    // Live credentials first: triage shows them at the top and the revoke step contains them first.
    report.findings = liveFirst(report.findings);
  }
  // The last word on progress: a front end's bar ends full even when the scan was too quick to report.
  ctx.progress({ objects: report.stats.objects, total: report.stats.objects, bytes: report.stats.blobBytes, elapsedMs: report.stats.durationMs });
  const clean = stripSecrets(report);
  const file = ctx.settings.dryRun || !ctx.store ? null : ctx.store.saveScan(clean);
  ctx.setReport(clean);
  const { stats } = clean;
  ctx.record(EV.scanSummary, {
    file,
    scannedAt: clean.scannedAt,
    count: clean.findings.length,
    findings: clean.findings.slice(0, LISTED_FINDINGS).map((f) => ({
      fingerprint: f.fingerprint, provider: f.provider, rule: f.rule, path: f.path, line: f.line,
      redacted: f.redacted, presentAtHead: f.presentAtHead, reachable: f.reachable,
      ...(f.validation ? { validation: f.validation.state } : {}),
    })),
    stats: { objects: stats.objects, commits: stats.commits, durationMs: stats.durationMs, suppressed: stats.suppressed, warnings: stats.warnings.length },
  });
  for (const warning of stats.warnings) ctx.log(warning, 'warn');
  const providers = [...new Set(clean.findings.map((f) => f.provider))].sort();
  const what = clean.findings.length === 0 ? 'no secrets found' : `${clean.findings.length} finding(s) (${providers.join(', ')})`;
  return { status: 'done', summary: `${what} in ${stats.objects} objects, ${stats.commits} commits, ${(stats.durationMs / 1000).toFixed(1)} s` };
}
