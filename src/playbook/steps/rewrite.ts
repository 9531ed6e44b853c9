/**
 * plan-rewrite, apply-rewrite and push: the code behind `spillkit plan-rewrite` and `spillkit rewrite`,
 * fed with the triaged scan (only confirmed findings), so a dismissed false positive is never rewritten.
 */
import { SpillkitError } from '../../errors.js';
import { applyRewrite } from '../../rewrite/apply.js';
import { preparePlan } from '../../rewrite/prepare.js';
import { planPush, pushRefusal, runPush } from '../../rewrite/push.js';
import { recordPlan, renderPlanFiles, summary } from '../../rewrite/record.js';
import type { StepContext, StepOutcome } from './context.js';

/** The scan as triaged: the rewrite's input, kept with the incident so apply reads the same one. */
export const TRIAGED_SCAN = 'triaged-scan.json';

export async function planRewriteStep(ctx: StepContext): Promise<StepOutcome> {
  const report = ctx.report();
  if (!report) throw new SpillkitError('USAGE', 'plan-rewrite needs the scan step first');
  const confirmed = ctx.confirmed();
  if (confirmed.length === 0) return { status: 'done', summary: 'no confirmed finding: nothing to rewrite' };
  const triaged = { ...report, findings: confirmed };
  ctx.writeArtifact(TRIAGED_SCAN, JSON.stringify(triaged, null, 2) + '\n');
  const prepared = preparePlan({ path: ctx.repoPath, report: triaged });
  const { plan } = prepared;
  const files = renderPlanFiles(plan, ctx.settings.toolVersion, prepared.remoteUrls);
  let where: string;
  if (ctx.incident && !ctx.settings.dryRun) {
    const paths = recordPlan(ctx.incident, plan, files, ctx.step.id);
    ctx.record('rewrite-plan-files', { files: paths });
    where = paths.planMd;
  } else {
    where = ctx.writeArtifact('rewrite-plan.md', files['PLAN.md']);
    ctx.record('rewrite-planned', { ...summary(plan), files: { planMd: where }, dryRun: true });
  }
  const forcePushes = plan.refs.filter((r) => r.action === 'force-push').length;
  const outOfReach = plan.findings.filter((f) => f.operation === 'out-of-reach').length;
  ctx.log(`plan: ${where}`);
  return {
    status: 'done',
    summary: `${plan.findings.length - outOfReach} finding(s) to remove${outOfReach ? ` (${outOfReach} out of reach of a rewrite)` : ''}, ` +
      `${plan.rewrittenCommits.length} commit(s) rewritten, ${forcePushes} force-push(es); plan in ${where}`,
  };
}

export async function applyRewriteStep(ctx: StepContext): Promise<StepOutcome> {
  if (ctx.confirmed().length === 0) return { status: 'done', summary: 'no confirmed finding: nothing to rewrite' };
  const common = { path: ctx.repoPath, toolVersion: ctx.settings.toolVersion, threads: ctx.settings.threads };
  if (ctx.settings.dryRun) {
    // The same refusals as a real run (git-filter-repo missing, uncommitted changes, stale scan), nothing
    // more, from the triaged scan in memory: a dry run writes no file, not even a temporary one.
    const report = ctx.report();
    if (!report) throw new SpillkitError('USAGE', 'the rewrite needs the scan step first');
    const result = await applyRewrite({ ...common, report: { ...report, findings: ctx.confirmed() }, dryRun: true });
    return { status: 'done', summary: `dry run: would rewrite ${result.prepared.plan.rewrittenCommits.length} commit(s) on a mirror and verify it` };
  }
  const reportFile = ctx.artifactPath(TRIAGED_SCAN);
  if (!reportFile) throw new SpillkitError('USAGE', 'no rewrite plan in this incident: run the plan-rewrite step first');
  const options = { ...common, reportFile };
  if (ctx.settings.unattended) {
    return { status: 'needs-user', reason: 'rewriting history needs a person: read the plan, then run this step on a terminal (or `spillkit rewrite --apply`)' };
  }
  ctx.log('rewriting on a fresh mirror (backup bundle first), then verifying');
  const result = await ctx.withoutLock(() => applyRewrite(options));
  const verification = result.verification;
  if (!verification?.ok) {
    const problems = verification ? [...verification.rescan.problems, ...verification.content.problems, ...verification.metadata.problems] : [];
    throw new SpillkitError('IO', `the rewritten mirror failed verification${problems.length ? `: ${problems[0]}` : ''} (see verification.json); nothing was pushed`);
  }
  return { status: 'done', summary: `rewritten and verified in ${result.mirror} (backup ${result.backup})` };
}

export async function pushStep(ctx: StepContext): Promise<StepOutcome> {
  if (ctx.confirmed().length === 0) return { status: 'done', summary: 'no confirmed finding: nothing to push' };
  if (ctx.settings.dryRun) return { status: 'done', summary: 'dry run: the verified mirror would be force-pushed, one lease per ref' };
  if (ctx.settings.unattended) {
    return { status: 'needs-user', reason: 'force-pushing rewritten history needs a person: run this step on a terminal (or `spillkit rewrite --push`)' };
  }
  const plan = planPush({ path: ctx.repoPath });
  if (plan.moves.length === 0) return { status: 'done', summary: `${plan.shownUrl} already has the rewritten history: nothing to push` };
  const moves = plan.moves.map((m) => `${m.ref} ${m.oldId.slice(0, 12)} -> ${m.newId.slice(0, 12)}`).join(', ');
  if (!(await ctx.confirm(`Force-push ${plan.moves.length} ref(s) to ${plan.shownUrl} (${moves})? This replaces history on the remote.`))) {
    return { status: 'needs-user', reason: 'push declined: run the step again when ready' };
  }
  const refusal = pushRefusal(plan, runPush(plan));
  if (refusal) throw refusal;
  const hostRefs = plan.hostRefs.length ? `; ${plan.hostRefs.length} pull-request ref(s) only the host can purge` : '';
  return { status: 'done', summary: `pushed ${plan.moves.length} ref(s) to ${plan.shownUrl}${hostRefs}` };
}
