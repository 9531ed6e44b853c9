import type { StepContext, StepOutcome } from './context.js';

/**
 * Triage itself happens through runner.decide() (the front end's table). The step is done once every
 * finding of the scan has a decision.
 */
export async function triageStep(ctx: StepContext): Promise<StepOutcome> {
  const report = ctx.report();
  if (!report) throw new Error('triage needs the scan step first');
  const decisions = ctx.state().decisions;
  const open = report.findings.filter((f) => !decisions[f.fingerprint]);
  if (open.length > 0) {
    return { status: 'needs-user', reason: `${open.length} of ${report.findings.length} finding(s) to triage: confirm each, or mark it a false positive or allowlisted with a reason` };
  }
  const count = (d: string): number => report.findings.filter((f) => decisions[f.fingerprint].decision === d).length;
  return { status: 'done', summary: `${count('confirmed')} confirmed, ${count('false-positive')} false positive(s), ${count('allowlisted')} allowlisted` };
}
