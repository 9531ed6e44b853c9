import type { RunnerSnapshot, StepView } from '../playbook/events.js';
import { isSettled } from './format.js';

/** One line under the panel saying what the user can do next with this step. */
export function panelHint(step: StepView, snapshot: RunnerSnapshot, finished: boolean): string {
  if (finished) return 'Playbook complete: the incident is closed. q leaves.';
  if (snapshot.running === step.id) return 'running…';
  if (snapshot.running) return `step ${snapshot.running} is running…`;
  if (snapshot.current === null) return 'every step is done or skipped: n closes the incident';
  if (step.id !== snapshot.current) {
    return isSettled(step) ? 'n or enter: run the next step · r: run this one again' : `n runs the current step first (${snapshot.current})`;
  }
  const openItems = step.checklist.filter((c) => !c.checked).length;
  switch (step.status) {
    case 'pending':
      return 'n or enter: run this step · s: skip it';
    case 'interrupted':
      return 'interrupted: n runs it again (done work is not redone)';
    case 'failed':
      return 'n: try again · s: skip it (with a reason)';
    case 'needs-user':
      if (step.kind === 'triage') {
        const open = snapshot.findings.filter((f) => f.decision === null).length;
        return open > 0 ? `${open} open: c confirm · f false positive · a allowlist · C confirm all; then n` : 'every finding is decided: n finishes triage';
      }
      if (openItems > 0) return `space ticks an item (${openItems} open); n when all are done · s: skip`;
      return 'n: check this step again · s: skip it';
    default:
      return 'n: run the next step';
  }
}
