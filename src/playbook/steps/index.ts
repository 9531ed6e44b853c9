import type { StepKind } from '../types.js';
import { checklistStep } from './checklist.js';
import type { StepContext, StepOutcome } from './context.js';
import { providerStep } from './provider.js';
import { defaultReportWriter, reportStep, type ReportWriter } from './report.js';
import { resetCloneStep } from './reset-clone.js';
import { applyRewriteStep, planRewriteStep, pushStep } from './rewrite.js';
import { scanStep } from './scan.js';
import { triageStep } from './triage.js';

export type StepExecutor = (ctx: StepContext) => Promise<StepOutcome>;

/** One executor per step kind; the report writer is injectable (tests, a later report module). */
export function executors(reportWriter: ReportWriter = defaultReportWriter): Record<StepKind, StepExecutor> {
  return {
    scan: scanStep,
    triage: triageStep,
    revoke: (ctx) => providerStep(ctx, 'revoke'),
    rotate: (ctx) => providerStep(ctx, 'rotate'),
    'plan-rewrite': planRewriteStep,
    'apply-rewrite': applyRewriteStep,
    push: pushStep,
    'reset-clone': resetCloneStep,
    report: reportStep(reportWriter),
    checklist: checklistStep,
  };
}

/** Kinds an unattended run (`respond --yes`) may carry out; the others wait for a person. */
export const AUTOMATABLE: ReadonlySet<StepKind> = new Set(['scan', 'triage', 'revoke', 'rotate', 'plan-rewrite', 'report']);

export type { StepContext, StepOutcome, StepSettings } from './context.js';
export type { ReportWriter } from './report.js';
