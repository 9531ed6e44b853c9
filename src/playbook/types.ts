/**
 * A playbook is data (playbooks/*.yaml): the steps of one incident-response job, each with the reason it
 * matters. The runner (runner.ts) executes them against the real scanner, providers and rewrite code.
 */

/** What a step does. Each kind has one executor in steps/. */
export const STEP_KINDS = [
  'scan',
  'triage',
  'revoke',
  'rotate',
  'plan-rewrite',
  'apply-rewrite',
  'push',
  'reset-clone',
  'report',
  'checklist',
] as const;

export type StepKind = (typeof STEP_KINDS)[number];

export interface PlaybookStep {
  /** Kebab-case, unique in the playbook; the journal names steps by it, so resume survives reordering. */
  id: string;
  title: string;
  kind: StepKind;
  /** Why the step matters, shown beside it ("revoke before you rewrite: ..."). */
  guidance: string;
  /** Things a person confirms by ticking; a `checklist` step is done when all are ticked. */
  checklist: string[];
  /** May be skipped without leaving the incident half-handled (an unattended run skips it). */
  optional: boolean;
}

export interface Playbook {
  id: string;
  title: string;
  description: string;
  steps: PlaybookStep[];
  /** Absolute path of the file it was read from. */
  source: string;
  /** True for the playbooks shipped in playbooks/. */
  builtin: boolean;
}
