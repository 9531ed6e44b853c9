/**
 * The journal entries the playbook runner writes (and reads back on resume). The journal is the only
 * state: everything the runner shows after a restart is rebuilt from these (state.ts).
 *
 * Provider outcomes use the same names as `spillkit revoke` / `spillkit rotate`, so a credential revoked
 * from the command line while the incident is open counts for the playbook's revoke step too.
 */
export const EV = {
  respondStarted: 'respond-started', // { playbook (id or file), title, dryRun }
  respondResumed: 'respond-resumed', // { playbook, at: step id | null }
  respondQuit: 'respond-quit', // { at }
  stepStarted: 'step-started', // step, { kind }
  stepFinished: 'step-finished', // step, { kind, summary }
  stepWorkDone: 'step-work-done', // step, { summary }: its work is done, its checklist is not
  stepFailed: 'step-failed', // step, { kind, code, message }
  stepNeedsUser: 'step-needs-user', // step, { kind, reason }
  stepSkipped: 'step-skipped', // step, { reason }
  scanSummary: 'scan-finished', // step, { file, count, findings: [...], stats }: the scan's summary
  triageDecision: 'triage-decision', // step, { fingerprint, decision, reason, baseline? }
  checklistItemsAdded: 'checklist-items-added', // step, { items: [{ text, fingerprint? }] }
  checklistTicked: 'checklist-ticked', // step, { index, text, checked }
  confirmationRequested: 'confirmation-requested', // step, { id, question, destructive }
  confirmationAnswered: 'confirmation-answered', // step, { id, yes }
  providerFacts: 'provider-facts', // step, { fingerprint, provider, identity: Outcome, evidence: Outcome }
  analysis: 'analysis', // { fingerprint, provider, state, analysis?: Analysis }: written by `spillkit analyze`
  reportTodo: 'report-todo', // step, { reason }
  reportWritten: 'report-written', // step, { files }
  revokeMethod: 'revoke-method', // step, { fingerprint, useLeakedKey }: how the next revoke attempt goes
  rotateDestination: 'rotate-destination', // step, { fingerprint | null, delivery }: where a new credential goes
  cloneReset: 'clone-reset', // step, { moved: [{ ref, oldId, newId }], kept: [paths], pruned }
  incidentClosed: 'incident-closed', // {}
} as const;

export type ProviderAction = 'revoke' | 'rotate';

/** `<action>-<outcome>` journal types: the outcome of one provider action on one finding. */
export const OUTCOME_TYPES: Record<string, { action: ProviderAction; outcome: ProviderItemStatus }> = {
  'revoke-attempt': { action: 'revoke', outcome: 'interrupted' },
  revoked: { action: 'revoke', outcome: 'done' },
  'revoke-failed': { action: 'revoke', outcome: 'failed' },
  'revoke-declined': { action: 'revoke', outcome: 'declined' },
  'revoke-manual': { action: 'revoke', outcome: 'manual' },
  'revoke-dry-run': { action: 'revoke', outcome: 'dry-run' },
  'rotate-started': { action: 'rotate', outcome: 'interrupted' },
  rotated: { action: 'rotate', outcome: 'done' },
  'rotate-failed': { action: 'rotate', outcome: 'failed' },
  'rotate-declined': { action: 'rotate', outcome: 'declined' },
  'rotate-manual': { action: 'rotate', outcome: 'manual' },
  'rotate-dry-run': { action: 'rotate', outcome: 'dry-run' },
};

/**
 * Where one finding stands for one action. `interrupted`: the call was journaled as attempted and the
 * process died before its outcome; `manual`: the console checklist is left to a person.
 */
export type ProviderItemStatus = 'done' | 'failed' | 'declined' | 'manual' | 'dry-run' | 'interrupted';
