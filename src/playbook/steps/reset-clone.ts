/**
 * reset-clone: after the push, the responder's own clone still holds the old history (and "is up to
 * date with origin"). The step moves it to the rewritten commits after a confirmation, the code behind
 * `spillkit rewrite --reset-clone`, and writes the collaborators' commands (COLLABORATORS.md).
 */
import { planCloneReset, resetClone, writeCollaboratorCommands } from '../../rewrite/reset-clone.js';
import { EV } from '../journal-events.js';
import type { StepContext, StepOutcome } from './context.js';

export async function resetCloneStep(ctx: StepContext): Promise<StepOutcome> {
  if (ctx.confirmed().length === 0) return { status: 'done', summary: 'no confirmed finding: no rewrite, nothing to reset' };
  if (ctx.settings.dryRun) return { status: 'done', summary: 'dry run: after the push, this clone would be moved to the rewritten history and its old objects pruned' };
  if (ctx.settings.unattended) {
    return { status: 'needs-user', reason: 'resetting your clone needs a person: run this step on a terminal (or `spillkit rewrite --reset-clone`)' };
  }
  const plan = planCloneReset({ path: ctx.repoPath });
  const commands = writeCollaboratorCommands(plan);
  ctx.log(`collaborators' commands: ${commands}`);
  if (plan.refusals.length) {
    return { status: 'needs-user', reason: `your clone was not reset: ${plan.refusals.join('; ')}; then run this step again` };
  }
  if (plan.moves.length === 0) return { status: 'done', summary: `this clone already has the rewritten history; collaborators: ${commands}` };
  const moves = plan.moves.map((m) => `${m.ref} ${m.oldId.slice(0, 12)} -> ${m.newId.slice(0, 12)}`).join(', ');
  const kept = plan.keep.length ? `; ${plan.keep.join(', ')} stay as untracked files` : '';
  const question = `Reset your clone to the rewritten history (${moves})? Uncommitted changes stay${kept}; ` +
    `then the reflogs are expired and the old objects pruned (backup: ${plan.state.backup}).`;
  if (!(await ctx.confirm(question))) return { status: 'needs-user', reason: 'reset declined: run the step again when ready' };
  const result = resetClone(plan);
  ctx.record(EV.cloneReset, { moved: result.moved, kept: result.kept, pruned: result.pruned, olderStashEntries: result.olderStashEntries, collaborators: commands });
  const stash = result.olderStashEntries ? `; ${result.olderStashEntries} older stash entr(ies) kept: apply or drop them, then git gc --prune=now` : '';
  return { status: 'done', summary: `reset ${result.moved.length} ref(s) to the rewritten history${result.pruned ? ', old commits pruned' : ''}${stash}; collaborators: ${commands}` };
}
