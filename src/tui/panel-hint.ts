import type { RunnerSnapshot, StepView } from '../playbook/events.js';
import { EXPOSURE_MEANING } from '../playbook/exposure.js';
import { isSettled } from './format.js';
import type { PanelRow } from './panel-rows.js';

/** One line under the panel saying what the user can do next with this step (and the row under the cursor). */
export function panelHint(step: StepView, snapshot: RunnerSnapshot, finished: boolean, row?: PanelRow): string {
  if (finished) return 'Playbook complete: the incident is closed. q leaves.';
  if (snapshot.running === step.id) return step.kind === 'scan' ? 'scanning (read-only): findings appear as they are found' : 'running…';
  if (snapshot.running) return `step ${snapshot.running} is running…`;
  if (row?.kind === 'credential' && (step.kind === 'revoke' || step.kind === 'rotate')) {
    const hint = credentialHint(row, step.kind);
    if (hint) return hint;
  }
  if (row?.kind === 'finding' && row.row.finding.exposure === 'local-only') return EXPOSURE_MEANING['local-only'];
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
      return step.kind === 'revoke' || step.kind === 'rotate'
        ? 'n: try again · on a credential: m console steps, b done by hand · s: skip it'
        : 'n: try again · s: skip it (with a reason)';
    case 'needs-user':
      if (step.kind === 'triage') {
        const open = snapshot.findings.filter((f) => f.decision === null).length;
        return open > 0 ? `${open} open: c confirm · f false positive · a allowlist · C all · b bulk · / filter; then n` : 'every finding is decided: n finishes triage';
      }
      if (openItems > 0) return `space ticks an item (${openItems} open); n when all are done · s: skip`;
      return 'n: check this step again · s: skip it';
    default:
      return 'n: run the next step';
  }
}

function credentialHint(row: Extract<PanelRow, { kind: 'credential' }>, action: 'revoke' | 'rotate'): string | null {
  const f = row.row.finding;
  const outcome = f[action];
  if (outcome === 'failed' || outcome === 'interrupted' || outcome === 'declined') {
    return action === 'revoke' && f.canUseLeakedKey
      ? 'm: console steps · b: by hand · u: --use-leaked-key (the key disables itself)'
      : `m: console steps · b: ${action === 'revoke' ? 'revoked' : 'rotated'} by hand · enter: the whole reason`;
  }
  if (action === 'rotate' && !outcome && f.delivery === null) return 'd: where the new credential goes (D: for all) · enter: details';
  if (outcome === 'manual') return 'space ticks the console steps below · b: record it done by hand';
  return null;
}
