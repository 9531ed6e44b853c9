import { basename } from 'node:path';
import type { Repository } from '../git/repo.js';
import type { Incident } from '../incident/incident.js';
import { joinOrOpenIncident } from '../incident/join.js';
import type { Lock } from '../incident/lock.js';
import { openStore } from '../incident/store.js';
import type { Operator } from '../incident/types.js';
import { gitRun } from './git-cli.js';
import { renderPlanMarkdown } from './render-plan-md.js';
import { renderScript } from './render-script.js';
import { renderSupportRequest } from './render-support-request.js';
import type { RewritePlan } from './types.js';
import { jsonSafe } from '../report/safe-text.js';

export interface PlanFiles {
  'PLAN.md': string;
  'rewrite.sh': string;
  'rewrite-plan.json': string;
  'SUPPORT-REQUEST.md': string;
}

export function renderPlanFiles(plan: RewritePlan, toolVersion: string, remoteUrls: Record<string, string>): PlanFiles {
  return {
    'PLAN.md': renderPlanMarkdown(plan),
    'rewrite.sh': renderScript(plan, { toolVersion, remoteUrls }),
    'rewrite-plan.json': jsonSafe(JSON.stringify(plan, null, 2)) + '\n',
    'SUPPORT-REQUEST.md': renderSupportRequest(plan, remoteUrls),
  };
}

/** Who runs the step, from the repository's git config (null when unset). */
export function operatorOf(repo: Repository): Operator {
  const get = (key: string): string | null => {
    const r = gitRun(repo.gitdir, ['config', '--get', key]);
    return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
  };
  return { name: get('user.name'), email: get('user.email') };
}

/**
 * The open incident (the one `respond` would resume), or a new one for this leak: opened or created
 * under the store lock, and locked for `purpose` when given (the caller releases `lock`).
 */
export function incidentFor(repo: Repository, purpose?: string): { incident: Incident; lock: Lock | null } {
  const store = openStore(repo.commondir);
  const { incident, lock } = joinOrOpenIncident(store, {
    purpose,
    create: () => ({ title: `Leaked credentials in ${basename(repo.worktree ?? repo.gitdir)}`, playbook: 'committed-secret', operator: operatorOf(repo) }),
  });
  return { incident, lock };
}

/** Plan artifacts in the incident (rewrite-plan.md, rewrite.sh, rewrite-plan.json) and a journal entry. */
export function recordPlan(incident: Incident, plan: RewritePlan, files: PlanFiles, step: string): Record<string, string> {
  const paths = {
    planMd: incident.writeArtifact('rewrite-plan.md', files['PLAN.md']),
    script: incident.writeArtifact('rewrite.sh', files['rewrite.sh']),
    planJson: incident.writeArtifact('rewrite-plan.json', files['rewrite-plan.json']),
    supportRequest: incident.writeArtifact('SUPPORT-REQUEST.md', files['SUPPORT-REQUEST.md']),
  };
  incident.journal().append({ type: 'rewrite-planned', step, data: { ...summary(plan), files: paths } });
  return paths;
}

/** Journal-safe facts about a plan: fingerprints, paths, counts and ref names; never a secret. */
export function summary(plan: RewritePlan): Record<string, unknown> {
  return {
    findings: plan.findings.map((f) => ({ fingerprint: f.fingerprint, operation: f.operation, path: f.path, redacted: f.redacted })),
    removePaths: plan.removePaths,
    earliestCommits: plan.earliestCommits,
    rewrittenCommits: plan.rewrittenCommits.length,
    refs: plan.refs.map((r) => ({ name: r.name, action: r.action, oldId: r.oldId })),
    signedCommits: plan.signedCommits.length,
    signedTags: plan.signedTags,
  };
}
