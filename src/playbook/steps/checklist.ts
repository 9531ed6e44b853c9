import type { StepContext, StepOutcome } from './context.js';

/** Done when a person has ticked every item (runner.tick). */
export async function checklistStep(ctx: StepContext): Promise<StepOutcome> {
  const items = ctx.state().steps[ctx.step.id].checklist;
  const open = items.filter((i) => !i.checked).length;
  if (open > 0) return { status: 'needs-user', reason: `${open} of ${items.length} checklist item(s) to do and tick` };
  return { status: 'done', summary: `all ${items.length} item(s) ticked` };
}
