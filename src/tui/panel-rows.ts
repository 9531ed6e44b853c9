/**
 * What the cursor moves over in a step's panel: the triage table's rows (one per credential, after the
 * filter and the sort); on revoke and rotate, the confirmed credentials, then the checklist; elsewhere
 * the checklist.
 */
import { credentialGroups } from '../playbook/credentials.js';
import type { RunnerSnapshot, StepView } from '../playbook/events.js';
import { triageRows, type RowView, type TriageRow } from './triage-rows.js';

export type PanelRow =
  | { kind: 'finding'; row: TriageRow }
  | { kind: 'credential'; row: TriageRow }
  | { kind: 'item'; index: number };

export function panelRows(step: StepView, snapshot: RunnerSnapshot, view: RowView): PanelRow[] {
  if (step.kind === 'triage') return triageRows(snapshot.findings, view).map((row) => ({ kind: 'finding', row }));
  const items: PanelRow[] = step.checklist.map((_item, index) => ({ kind: 'item', index }));
  if (step.kind !== 'revoke' && step.kind !== 'rotate') return items;
  return [...credentialRows(snapshot).map((row): PanelRow => ({ kind: 'credential', row })), ...items];
}

/** The confirmed credentials, one row per pair, in scan order. */
export function credentialRows(snapshot: RunnerSnapshot): TriageRow[] {
  return credentialGroups(snapshot.findings.filter((f) => f.decision === 'confirmed')).map(({ primary, partner }) => ({ finding: primary, partner }));
}
